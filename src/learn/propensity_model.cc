#include "learn/propensity_model.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace offergraph {
namespace {

double Logit(double p) {
  p = std::clamp(p, 1e-9, 1 - 1e-9);
  return std::log(p / (1 - p));
}

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

bool FeatureEnabled(const LearningParams& p, Feature f) {
  switch (f) {
    case Feature::kCartSize:
      return p.feature_cart_size;
    case Feature::kCartValue:
      return p.feature_cart_value;
    case Feature::kTenure:
      return p.feature_tenure;
    case Feature::kBudgetSensitive:
      return p.feature_budget_sensitive;
    case Feature::kAnchorCategory:
      return p.feature_anchor_category;
  }
  return false;
}

static_assert(kFeatureBuckets[0] <= 32 && kFeatureBuckets[1] <= 32 &&
                  kFeatureBuckets[2] <= 32 && kFeatureBuckets[3] <= 32 &&
                  kFeatureBuckets[4] <= 32,
              "feature_lift_ holds at most 32 buckets per feature");

}  // namespace

std::shared_ptr<const PropensityModel> PropensityModel::Build(
    EvidenceTable evidence_in, const LearningParams& params,
    absl::Time built_at) {
  std::shared_ptr<PropensityModel> m(new PropensityModel());
  m->params_ = params;
  m->built_at_ = built_at;
  m->evidence_ = std::move(evidence_in);
  const EvidenceTable& evidence = m->evidence_;
  for (int c = 0; c < kLearnChannels; ++c) {
    const auto channel = static_cast<v1::Channel>(c);
    const AcceptanceEvidence& total = evidence.Channel(channel);
    if (!(total.presented > 0)) continue;
    const double base = total.accepted / total.presented;

    for (int k = 0; k < kLearnKinds; ++k) {
      std::vector<ScoredOutcomes> groups;
      for (int b = 0; b < kAffinityBins; ++b) {
        const AcceptanceEvidence& e =
            evidence.Affinity(channel, static_cast<v1::OfferKind>(k), b);
        if (e.presented > 0) {
          groups.push_back({(b + 0.5) / kAffinityBins, e.presented,
                            e.accepted});
        }
      }
      m->population_[c][k] = IsotonicCalibrator::Fit(
          std::move(groups), params.calibration_min_presented,
          params.calibration_floor);
    }

    for (int f = 0; f < kFeatureCount; ++f) {
      if (!FeatureEnabled(params, static_cast<Feature>(f))) continue;
      for (int b = 0; b < kFeatureBuckets[f]; ++b) {
        const AcceptanceEvidence& e =
            evidence.FeatureBucket(channel, static_cast<Feature>(f), b);
        // Shrink the bucket's share towards the channel's.
        const double k = params.feature_strength;
        const double share = (e.accepted + k * base) / (e.presented + k);
        m->feature_lift_[c][f][b] = Logit(share) - Logit(base);
      }
    }

    std::vector<ScoredOutcomes> groups;
    for (int b = 0; b < kScoreBins; ++b) {
      const AcceptanceEvidence& e = evidence.Score(channel, b);
      if (e.presented > 0) {
        groups.push_back({(b + 0.5) / kScoreBins, e.presented, e.accepted});
      }
    }
    m->calibration_[c] = IsotonicCalibrator::Fit(
        std::move(groups), params.calibration_min_presented,
        params.calibration_floor);
  }
  return m;
}

double PropensityModel::ColdPrior(double affinity) const {
  const double ref = params_.reference_affinity > 0
                         ? params_.reference_affinity
                         : 1.0;
  return std::clamp(params_.base_acceptance_rate * affinity / ref,
                    params_.min_prior, params_.max_prior);
}

double PropensityModel::PopulationPrior(v1::Channel channel,
                                        v1::OfferKind kind,
                                        double affinity) const {
  const int c = std::clamp<int>(channel, 0, kLearnChannels - 1);
  const int k = std::clamp<int>(kind, 0, kLearnKinds - 1);
  const IsotonicCalibrator& map = population_[c][k];
  if (map.identity()) return ColdPrior(affinity);
  return std::clamp(map.Apply(std::min(affinity, 1.0)), params_.min_prior,
                    params_.max_prior);
}

double PropensityModel::Score(double reference, double effect,
                              double lift) {
  return Sigmoid(Logit(std::min(0.99, reference * effect)) + lift);
}

PropensityPrediction PropensityModel::Predict(
    v1::Channel channel, v1::OfferKind kind, absl::string_view sku,
    double affinity, const ContextFeatures& context) const {
  const int c = std::clamp<int>(channel, 0, kLearnChannels - 1);
  PropensityPrediction out;
  out.prior = ColdPrior(affinity);
  const double target = PopulationPrior(channel, kind, affinity) / out.prior;
  const AcceptanceEvidence* own = evidence_.Offer(channel, kind, sku);
  const AcceptanceEvidence none;
  out.effect = OfferEffect::From(params_.prior_strength,
                                 own != nullptr ? *own : none, target);
  for (int f = 0; f < kFeatureCount; ++f) {
    const int b = std::min<int>(context.bucket[f], kFeatureBuckets[f] - 1);
    out.lift += feature_lift_[c][f][b];
  }
  out.evidence = own != nullptr ? own->presented : 0;
  out.learned = out.evidence > 0;
  out.score = Score(out.prior, out.effect.Mean(), out.lift);
  out.propensity = calibration_[c].Apply(out.score);
  return out;
}

Interval PropensityModel::CalibratedInterval(
    v1::Channel channel, const PropensityPrediction& prediction) const {
  const IsotonicCalibrator& calibration =
      calibration_[std::clamp<int>(channel, 0, kLearnChannels - 1)];
  const double tail = (1 - params_.interval_mass) / 2;
  const double low = Score(prediction.prior,
                           prediction.effect.Quantile(tail), prediction.lift);
  const double high = Score(
      prediction.prior, prediction.effect.Quantile(1 - tail), prediction.lift);
  return {std::min(calibration.Apply(low), prediction.propensity),
          std::max(calibration.Apply(high), prediction.propensity)};
}

double PropensityModel::total_presented() const {
  double n = 0;
  for (int c = 0; c < kLearnChannels; ++c) {
    n += evidence_.Channel(static_cast<v1::Channel>(c)).presented;
  }
  return n;
}

bool PropensityModel::calibrated(v1::Channel channel) const {
  const int c = std::clamp<int>(channel, 0, kLearnChannels - 1);
  return !calibration_[c].identity();
}

}  // namespace offergraph
