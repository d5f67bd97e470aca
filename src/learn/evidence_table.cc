#include "learn/evidence_table.h"

#include <algorithm>

namespace offergraph {
namespace {

void AddTo(AcceptanceEvidence* to, double presented, double accepted,
           double expected = 0) {
  to->presented += presented;
  to->accepted += accepted;
  to->expected += expected;
}

void AddTo(AcceptanceEvidence* to, const AcceptanceEvidence& e,
           double factor = 1.0) {
  AddTo(to, e.presented * factor, e.accepted * factor, e.expected * factor);
}

void Scale(AcceptanceEvidence* e, double factor) {
  e->presented *= factor;
  e->accepted *= factor;
  e->expected *= factor;
}

bool ValidChannel(int c) { return c >= 0 && c < kLearnChannels; }
bool ValidKind(int k) { return k >= 0 && k < kLearnKinds; }

const AcceptanceEvidence kNone;

}  // namespace

int AffinityBin(double affinity) {
  if (!(affinity > 0)) return 0;
  return std::min(kAffinityBins - 1,
                  static_cast<int>(affinity * kAffinityBins));
}

int ScoreBin(double score) {
  if (!(score > 0)) return 0;
  return std::min(kScoreBins - 1, static_cast<int>(score * kScoreBins));
}

int EvidenceTable::FeatureOffset(Feature feature) {
  int offset = 0;
  for (int f = 0; f < static_cast<int>(feature); ++f) {
    offset += kFeatureBuckets[f];
  }
  return offset;
}

int EvidenceTable::TotalFeatureBuckets() {
  return FeatureOffset(Feature::kAnchorCategory) +
         kFeatureBuckets[static_cast<int>(Feature::kAnchorCategory)];
}

void EvidenceTable::Add(const Observation& o) {
  if (!ValidChannel(o.channel) || !ValidKind(o.kind)) return;
  if (!(o.presented >= 0) || !(o.accepted >= 0)) return;
  const int c = o.channel;
  AddTo(&offers_[c][o.kind][o.sku], o.presented, o.accepted,
        o.presented * std::clamp(o.prior_score, 0.0, 1.0));
  AddTo(&channels_[c], o.presented, o.accepted);
  std::vector<AcceptanceEvidence>& features = features_[c];
  if (features.empty()) features.resize(TotalFeatureBuckets());
  for (int f = 0; f < kFeatureCount; ++f) {
    const int bucket =
        std::min<int>(o.features.bucket[f], kFeatureBuckets[f] - 1);
    AddTo(&features[FeatureOffset(static_cast<Feature>(f)) + bucket],
          o.presented, o.accepted);
  }
  AddTo(&affinity_[c][o.kind][AffinityBin(o.affinity)], o.presented,
        o.accepted);
  AddTo(&score_[c][ScoreBin(o.model_score)], o.presented, o.accepted);
}

void EvidenceTable::Merge(const EvidenceTable& other, double factor) {
  factor = std::clamp(factor, 0.0, 1.0);
  for (int c = 0; c < kLearnChannels; ++c) {
    for (int k = 0; k < kLearnKinds; ++k) {
      auto& offers = offers_[c][k];
      const auto& theirs = other.offers_[c][k];
      if (offers.empty()) offers.reserve(theirs.size());
      for (const auto& [sku, e] : theirs) AddTo(&offers[sku], e, factor);
      for (int b = 0; b < kAffinityBins; ++b) {
        AddTo(&affinity_[c][k][b], other.affinity_[c][k][b], factor);
      }
    }
    AddTo(&channels_[c], other.channels_[c], factor);
    if (!other.features_[c].empty()) {
      if (features_[c].empty()) features_[c].resize(TotalFeatureBuckets());
      for (size_t i = 0; i < features_[c].size(); ++i) {
        AddTo(&features_[c][i], other.features_[c][i], factor);
      }
    }
    for (int b = 0; b < kScoreBins; ++b) {
      AddTo(&score_[c][b], other.score_[c][b], factor);
    }
  }
}

void EvidenceTable::Decay(double factor) {
  factor = std::clamp(factor, 0.0, 1.0);
  if (factor == 1.0) return;
  for (int c = 0; c < kLearnChannels; ++c) {
    for (int k = 0; k < kLearnKinds; ++k) {
      for (auto& [sku, e] : offers_[c][k]) Scale(&e, factor);
      for (AcceptanceEvidence& e : affinity_[c][k]) Scale(&e, factor);
    }
    Scale(&channels_[c], factor);
    for (AcceptanceEvidence& e : features_[c]) Scale(&e, factor);
    for (AcceptanceEvidence& e : score_[c]) Scale(&e, factor);
  }
}

const AcceptanceEvidence* EvidenceTable::Offer(v1::Channel channel,
                                               v1::OfferKind kind,
                                               absl::string_view sku) const {
  if (!ValidChannel(channel) || !ValidKind(kind)) return nullptr;
  const auto& map = offers_[channel][kind];
  auto it = map.find(sku);
  return it == map.end() ? nullptr : &it->second;
}

const AcceptanceEvidence& EvidenceTable::FeatureBucket(v1::Channel channel,
                                                       Feature feature,
                                                       int bucket) const {
  if (!ValidChannel(channel)) return kNone;
  const std::vector<AcceptanceEvidence>& features = features_[channel];
  const int f = static_cast<int>(feature);
  if (features.empty() || bucket < 0 || bucket >= kFeatureBuckets[f]) {
    return kNone;
  }
  return features[FeatureOffset(feature) + bucket];
}

size_t EvidenceTable::offer_count() const {
  size_t n = 0;
  for (const auto& kinds : offers_) {
    for (const auto& map : kinds) n += map.size();
  }
  return n;
}

}  // namespace offergraph
