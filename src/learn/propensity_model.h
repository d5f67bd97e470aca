// File: propensity_model.h
// -----------------------------------------------------------------------------
// The learned, calibrated propensity: the chance that an offer, shown in a
// context, is accepted (issue 11). Built from an EvidenceTable by the
// background refresher and swapped in like a snapshot; the request path only
// reads it.
//
// For an offer (channel c, kind k, sku j) with graph affinity a in context x:
//   1. Population prior: m0 = g_ck(a), an isotonic map from the graph's
//      affinity to the acceptance share, fitted on every outcome of c and k;
//      before enough evidence, the cold prior
//      clamp(base_acceptance_rate * a / reference_affinity).
//   2. Context: for each enabled feature f, the log-odds lift of x's bucket
//      over the channel, shrunk towards 0 by feature_strength
//      pseudo-showings, is added to logit(m0) (naive Bayes), giving m.
//   3. The offer's own evidence: p ~ Beta(m * s + accepted,
//      (1 - m) * s + presented - accepted), s = prior_strength. The score is
//      its mean.
//   4. Calibration: an isotonic map per channel from the score to the share
//      accepted among offers shown with that score; the propensity is its
//      value, and the 90% interval is the posterior's, mapped the same way.
//
// Thread safety: immutable after Build(); share through PropensityModelPtr.
#ifndef OFFERGRAPH_LEARN_PROPENSITY_MODEL_H_
#define OFFERGRAPH_LEARN_PROPENSITY_MODEL_H_

#include <array>
#include <memory>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "learn/beta_posterior.h"
#include "learn/context_features.h"
#include "learn/evidence_table.h"
#include "learn/isotonic_calibrator.h"
#include "learn/learning_params.h"

namespace offergraph {

struct PropensityPrediction {
  double score = 0;       // uncalibrated posterior mean (logged for refits)
  double propensity = 0;  // calibrated probability of acceptance
  double evidence = 0;    // the offer's own showings behind the number
  bool learned = false;   // false: the prior alone (no showing yet)
  BetaPosterior posterior = BetaPosterior::From({}, {});
};

class PropensityModel {
 public:
  static std::shared_ptr<const PropensityModel> Build(
      const EvidenceTable& evidence, const LearningParams& params,
      absl::Time built_at);

  PropensityPrediction Predict(v1::Channel channel, v1::OfferKind kind,
                               absl::string_view sku, double affinity,
                               const ContextFeatures& context) const;

  // The interval_mass credible interval of `prediction`, calibrated like its
  // propensity (about 1 us: call it for the offers shown, not every
  // candidate). Always holds the propensity.
  Interval CalibratedInterval(v1::Channel channel,
                              const PropensityPrediction& prediction) const;

  // The cold prior mean for a graph affinity (step 1 before any evidence).
  double ColdPrior(double affinity) const;

  const LearningParams& params() const { return params_; }
  absl::Time built_at() const { return built_at_; }
  size_t offer_count() const { return evidence_.offer_count(); }
  // Showings behind the model, over every channel.
  double total_presented() const;
  // Whether channel c's calibration map is fitted (false: identity).
  bool calibrated(v1::Channel channel) const;

 private:
  PropensityModel() = default;
  double PopulationPrior(v1::Channel channel, v1::OfferKind kind,
                         double affinity) const;

  LearningParams params_;
  absl::Time built_at_;
  EvidenceTable evidence_;
  // Indexed [channel][kind]: affinity -> acceptance share.
  std::array<std::array<IsotonicCalibrator, kLearnKinds>, kLearnChannels>
      population_;
  // Indexed [channel][feature][bucket]: log-odds lift, 0 when disabled.
  std::array<std::array<std::array<double, 32>, kFeatureCount>,
             kLearnChannels>
      feature_lift_{};
  // Indexed by channel: score -> probability.
  std::array<IsotonicCalibrator, kLearnChannels> calibration_;
};

using PropensityModelPtr = std::shared_ptr<const PropensityModel>;

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_PROPENSITY_MODEL_H_
