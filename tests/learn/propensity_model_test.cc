#include "learn/propensity_model.h"

#include <algorithm>
#include <random>

#include "gtest/gtest.h"
#include "learn/calibration_metrics.h"

namespace offergraph {
namespace {

// One showing, accepted or not. The logged prior is the cold prior of the
// default parameters at this affinity, as the engine logs it.
Observation Shown(absl::string_view sku, double affinity, double score,
                  bool accepted, ContextFeatures features = {}) {
  Observation o;
  o.channel = v1::CHECKOUT;
  o.kind = v1::CROSS_SELL;
  o.sku = std::string(sku);
  o.features = features;
  o.affinity = affinity;
  o.model_score = score;
  o.prior_score = std::clamp(0.05 * affinity / 0.25, 0.001, 0.9);
  o.presented = 1;
  o.accepted = accepted ? 1 : 0;
  return o;
}

TEST(PropensityModelTest, ColdStartIsThePriorFromTheGraphWeight) {
  LearningParams params;
  params.base_acceptance_rate = 0.04;
  params.reference_affinity = 0.2;
  PropensityModelPtr model =
      PropensityModel::Build(EvidenceTable(), params, absl::UnixEpoch());
  PropensityPrediction p =
      model->Predict(v1::CHECKOUT, v1::CROSS_SELL, "BAG", 0.4, {});
  // Twice the reference weight: twice the base rate.
  EXPECT_NEAR(p.propensity, 0.08, 1e-9);
  EXPECT_FALSE(p.learned);
  EXPECT_EQ(p.evidence, 0);
  Interval i = model->CalibratedInterval(v1::CHECKOUT, p);
  EXPECT_LT(i.low, p.propensity);
  EXPECT_GT(i.high, p.propensity);
  // The prior is clamped; a zero weight gets the floor, not zero.
  EXPECT_NEAR(model->Predict(v1::CHECKOUT, v1::CROSS_SELL, "X", 0, {})
                  .propensity,
              params.min_prior, 1e-12);
}

TEST(PropensityModelTest, LearnsAnOffersAcceptanceFromItsOutcomes) {
  LearningParams params;
  EvidenceTable evidence;
  // 760 of 1,000 showings of BAG accepted; the prior says about 5%.
  for (int i = 0; i < 1000; ++i) {
    evidence.Add(Shown("BAG", 0.25, 0.05, i < 760));
  }
  PropensityModelPtr model =
      PropensityModel::Build(evidence, params, absl::UnixEpoch());
  PropensityPrediction p =
      model->Predict(v1::CHECKOUT, v1::CROSS_SELL, "BAG", 0.25, {});
  EXPECT_TRUE(p.learned);
  EXPECT_EQ(p.evidence, 1000);
  EXPECT_NEAR(p.propensity, 0.76, 0.03);
  Interval i = model->CalibratedInterval(v1::CHECKOUT, p);
  EXPECT_LE(i.low, p.propensity);
  EXPECT_GE(i.high, p.propensity);
  EXPECT_LT(i.high - i.low, 0.1);
  // Another channel has learned nothing.
  PropensityPrediction other =
      model->Predict(v1::SUPPORT_DESK, v1::CROSS_SELL, "BAG", 0.25, {});
  EXPECT_FALSE(other.learned);
  EXPECT_NEAR(other.propensity, params.base_acceptance_rate, 1e-9);
}

TEST(PropensityModelTest, ContextBucketsShiftThePrior) {
  LearningParams params;
  params.feature_strength = 10;
  EvidenceTable evidence;
  ContextFeatures budget;
  budget.bucket[static_cast<int>(Feature::kBudgetSensitive)] = 1;
  // Budget-sensitive sessions accept a tenth as often, over many offers.
  for (int i = 0; i < 5000; ++i) {
    const std::string sku = "S" + std::to_string(i % 500);
    evidence.Add(Shown(sku, 0.25, 0.1, i % 5 == 0));
    evidence.Add(Shown(sku, 0.25, 0.1, i % 50 == 0, budget));
  }
  PropensityModelPtr model =
      PropensityModel::Build(evidence, params, absl::UnixEpoch());
  const double normal =
      model->Predict(v1::CHECKOUT, v1::CROSS_SELL, "NEW", 0.25, {}).score;
  const double sensitive =
      model->Predict(v1::CHECKOUT, v1::CROSS_SELL, "NEW", 0.25, budget).score;
  EXPECT_GT(normal, 2 * sensitive);

  params.feature_budget_sensitive = false;
  PropensityModelPtr blind =
      PropensityModel::Build(evidence, params, absl::UnixEpoch());
  EXPECT_DOUBLE_EQ(
      blind->Predict(v1::CHECKOUT, v1::CROSS_SELL, "NEW", 0.25, {}).score,
      blind->Predict(v1::CHECKOUT, v1::CROSS_SELL, "NEW", 0.25, budget).score);
}

// The end-to-end promise: offers shown with propensity near p are accepted
// about a share p of the time. Offers have hidden acceptance rates; a
// simulated policy shows them, the model is rebuilt from the outcomes as the
// server's refresher would, and its predictions are scored on fresh showings.
TEST(PropensityModelTest, CalibratedOnAKnownSyntheticTruth) {
  std::mt19937_64 gen(3);
  std::uniform_real_distribution<double> uniform(0, 1);
  const int kOffers = 400;
  std::vector<double> truth(kOffers), affinity(kOffers);
  for (int i = 0; i < kOffers; ++i) {
    affinity[i] = uniform(gen) * 0.5;
    // The truth grows with the affinity but is far from the cold prior.
    truth[i] = std::min(0.9, 0.05 + 1.2 * affinity[i] * uniform(gen));
  }
  LearningParams params;
  EvidenceTable evidence;
  PropensityModelPtr model =
      PropensityModel::Build(evidence, params, absl::UnixEpoch());
  auto show = [&](CalibrationMetrics* metrics, bool learn) {
    const int i = static_cast<int>(uniform(gen) * kOffers);
    const std::string sku = "S" + std::to_string(i);
    PropensityPrediction p =
        model->Predict(v1::CHECKOUT, v1::CROSS_SELL, sku, affinity[i], {});
    const bool accepted = uniform(gen) < truth[i];
    if (metrics != nullptr) metrics->Add(p.propensity, accepted);
    if (learn) evidence.Add(Shown(sku, affinity[i], p.score, accepted));
  };
  // Fresh showings scored against the cold model, then 20 refreshes of
  // 2,000 outcomes each, then fresh showings against the learned model.
  CalibrationMetrics before, after;
  for (int n = 0; n < 50000; ++n) show(&before, false);
  for (int round = 0; round < 20; ++round) {
    for (int n = 0; n < 2000; ++n) show(nullptr, true);
    model = PropensityModel::Build(evidence, params, absl::UnixEpoch());
  }
  for (int n = 0; n < 50000; ++n) show(&after, false);
  EXPECT_GT(before.ExpectedCalibrationError(), 0.05);
  EXPECT_LT(after.ExpectedCalibrationError(), 0.02);
  EXPECT_GT(after.Auc(), 0.7);
}

TEST(PropensityModelTest, DecayForgetsOldTaste) {
  LearningParams params;
  EvidenceTable evidence;
  for (int i = 0; i < 1000; ++i) evidence.Add(Shown("A", 0.25, 0.5, true));
  evidence.Decay(0.01);
  for (int i = 0; i < 100; ++i) evidence.Add(Shown("A", 0.25, 0.5, false));
  PropensityModelPtr model =
      PropensityModel::Build(evidence, params, absl::UnixEpoch());
  // 10 decayed accepts against 100 fresh declines.
  EXPECT_LT(model->Predict(v1::CHECKOUT, v1::CROSS_SELL, "A", 0.25, {})
                .score,
            0.15);
}

}  // namespace
}  // namespace offergraph
