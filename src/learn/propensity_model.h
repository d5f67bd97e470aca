// File: propensity_model.h
// -----------------------------------------------------------------------------
// The learned, calibrated propensity: the chance that an offer, shown in a
// context, is accepted (issue 11). Built from an EvidenceTable by the
// background refresher and swapped in like a snapshot; the request path only
// reads it.
//
// For an offer (channel c, kind k, sku j) with graph affinity a in context x:
//   1. Reference: q0 = clamp(base_acceptance_rate * a / reference_affinity),
//      the cold prior; fixed, so the acceptances it expects (logged with
//      each showing) mean the same over time.
//   2. Population: g_ck(a), an isotonic map from the graph's affinity to the
//      acceptance share, fitted on every outcome of c and k (q0 until it has
//      enough evidence); t = g_ck(a) / q0.
//   3. The offer's own effect (offer_effect.h): a multiplier r on q0, from the offer's acceptances against what q0 expected for its
//      showings (Poisson-Gamma with prior mean t and weight prior_strength
//      expected acceptances): with no outcomes r = t (the population), with
//      many the offer's own ratio.
//   4. Context: for each enabled feature f, the log-odds lift of x's bucket
//      over the channel, shrunk towards 0 by feature_strength
//      pseudo-showings, is added (naive Bayes). The score is
//      sigmoid(logit(min(0.99, q0 * E[r])) + lifts).
//   5. Calibration: an isotonic map per channel from the score to the share
//      accepted among offers shown with that score; the propensity is its
//      value, and the 90% interval is r's, mapped the same way.
//
// Thread safety: immutable after Build(); share through PropensityModelPtr.
#ifndef OFFERGRAPH_LEARN_PROPENSITY_MODEL_H_
#define OFFERGRAPH_LEARN_PROPENSITY_MODEL_H_

#include <array>
#include <memory>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "offergraph/context_features.h"
#include "learn/evidence_table.h"
#include "learn/isotonic_calibrator.h"
#include "offergraph/learning_params.h"
#include "learn/offer_effect.h"

namespace offergraph {

struct PropensityPrediction {
  double prior = 0;       // step 1, q0 (logged: what it expects)
  double score = 0;       // step 4, uncalibrated (logged for refits)
  double propensity = 0;  // step 5: calibrated probability of acceptance
  double evidence = 0;    // the offer's own showings behind the number
  bool learned = false;   // false: the prior alone (no showing yet)
  OfferEffect effect = OfferEffect::From(1, {});  // step 3
  double lift = 0;        // step 4, the context's log-odds

  // Approximate standard deviation of the score (delta method): the
  // exploration weight.
  double Uncertainty() const {
    return score * (1 - score) * effect.LogStdDev();
  }
};

// An equal-tailed credible interval.
struct Interval {
  double low = 0;
  double high = 1;
};

class PropensityModel {
 public:
  // Keeps `evidence` (moved in: a refresh hands over the table it built).
  static std::shared_ptr<const PropensityModel> Build(
      EvidenceTable evidence, const LearningParams& params,
      absl::Time built_at);

  PropensityPrediction Predict(v1::Channel channel, v1::OfferKind kind,
                               absl::string_view sku, double affinity,
                               const ContextFeatures& context) const;

  // The interval_mass credible interval of `prediction`, calibrated like its
  // propensity (about 1 us: call it for the offers shown, not every
  // candidate). Always holds the propensity.
  Interval CalibratedInterval(v1::Channel channel,
                              const PropensityPrediction& prediction) const;

  // sigmoid(logit(min(0.99, reference * effect)) + lift).
  static double Score(double reference, double effect, double lift);

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
