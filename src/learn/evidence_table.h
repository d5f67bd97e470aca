// File: evidence_table.h
// -----------------------------------------------------------------------------
// Acceptance evidence, added up from outcomes: per offer (channel, kind,
// sku), per context-feature bucket of a channel, per graph-affinity bin of a
// channel and kind (the population prior), and per model-score bin of a
// channel (calibration). Every count is additive, so tables from several
// stores or replicas merge by addition, and decays by one multiplication.
//
// Thread safety: not thread-safe; the refresher builds a table on its own
// thread and hands it to PropensityModel::Build, which keeps it.
#ifndef OFFERGRAPH_LEARN_EVIDENCE_TABLE_H_
#define OFFERGRAPH_LEARN_EVIDENCE_TABLE_H_

#include <array>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "offergraph/context_features.h"
#include "offergraph/v1/offer_service.pb.h"

namespace offergraph {

// Outcomes behind one offer, bucket or bin: showings, acceptances, and the
// acceptances the model's prior expected for those showings (the sum of its
// prior probability at each showing). Doubles, so that evidence can decay.
struct AcceptanceEvidence {
  double presented = 0;
  double accepted = 0;
  double expected = 0;
};

inline constexpr int kLearnChannels = v1::Channel_ARRAYSIZE;
inline constexpr int kLearnKinds = v1::OfferKind_ARRAYSIZE;
// Graph affinity in [0, 1] (larger values clamp) in 20 bins; model scores in
// [0, 1] in 100 bins.
inline constexpr int kAffinityBins = 20;
inline constexpr int kScoreBins = 100;

int AffinityBin(double affinity);
int ScoreBin(double score);

// One outcome's contribution. presented is 1 for the first outcome reported
// for an offer of a decision (PRESENTED, or an ACCEPTED or DECLINED that
// arrived without one), else 0; accepted is 1 for ACCEPTED.
struct Observation {
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  v1::OfferKind kind = v1::OFFER_KIND_UNSPECIFIED;
  std::string sku;
  ContextFeatures features;
  double affinity = 0;     // the graph's statistic when it was offered
  double model_score = 0;  // the model's uncalibrated score then
  double prior_score = 0;  // the model's prior (graph and context) then
  double presented = 0;
  double accepted = 0;
};

class EvidenceCodec;

class EvidenceTable {
 public:
  void Add(const Observation& o);
  // Adds every count of `other` times `factor` in [0, 1] (merging
  // replicas' or stores' tables, decayed on the way in).
  void Merge(const EvidenceTable& other, double factor = 1.0);
  // Multiplies every count by factor in [0, 1].
  void Decay(double factor);

  // nullptr when the offer has no evidence.
  const AcceptanceEvidence* Offer(v1::Channel channel, v1::OfferKind kind,
                                  absl::string_view sku) const;
  const AcceptanceEvidence& Channel(v1::Channel channel) const {
    return channels_[Index(channel)];
  }
  const AcceptanceEvidence& FeatureBucket(v1::Channel channel, Feature feature,
                                          int bucket) const;
  const AcceptanceEvidence& Affinity(v1::Channel channel, v1::OfferKind kind,
                                     int bin) const {
    return affinity_[Index(channel)][Index(kind)][bin];
  }
  const AcceptanceEvidence& Score(v1::Channel channel, int bin) const {
    return score_[Index(channel)][bin];
  }

  // Offers with evidence, over every channel and kind.
  size_t offer_count() const;

  // Calls f(channel, kind, sku, evidence) for every offer with evidence.
  template <typename F>
  void ForEachOffer(F f) const {
    for (int c = 0; c < kLearnChannels; ++c) {
      for (int k = 0; k < kLearnKinds; ++k) {
        for (const auto& [sku, e] : offers_[c][k]) {
          f(static_cast<v1::Channel>(c), static_cast<v1::OfferKind>(k), sku, e);
        }
      }
    }
  }

 private:
  friend class EvidenceCodec;  // reads and adds cells by name

  static int Index(int v) { return v < 0 ? 0 : v; }
  // Buckets of every feature laid end to end.
  static int FeatureOffset(Feature feature);
  static int TotalFeatureBuckets();

  std::array<std::array<absl::flat_hash_map<std::string, AcceptanceEvidence>,
                        kLearnKinds>,
             kLearnChannels>
      offers_;
  std::array<AcceptanceEvidence, kLearnChannels> channels_{};
  std::array<std::vector<AcceptanceEvidence>, kLearnChannels> features_;
  std::array<std::array<std::array<AcceptanceEvidence, kAffinityBins>,
                        kLearnKinds>,
             kLearnChannels>
      affinity_{};
  std::array<std::array<AcceptanceEvidence, kScoreBins>, kLearnChannels>
      score_{};
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_EVIDENCE_TABLE_H_
