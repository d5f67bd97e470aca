#include "learn/isotonic_calibrator.h"

#include <cmath>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "learn/calibration_metrics.h"

namespace offergraph {
namespace {

TEST(IsotonicCalibratorTest, DefaultAndTooLittleEvidenceAreTheIdentity) {
  IsotonicCalibrator identity;
  EXPECT_TRUE(identity.identity());
  EXPECT_DOUBLE_EQ(identity.Apply(0.37), 0.37);
  IsotonicCalibrator thin =
      IsotonicCalibrator::Fit({{0.2, 10, 5}, {0.8, 10, 1}}, 100, 1e-3);
  EXPECT_TRUE(thin.identity());
  EXPECT_DOUBLE_EQ(thin.Apply(0.8), 0.8);
}

TEST(IsotonicCalibratorTest, PoolsAdjacentViolators) {
  // Shares 0.1, 0.5, 0.3, 0.9 by ascending score: the middle two violate
  // the order and pool into one block of share 0.4 at mean score 0.45.
  IsotonicCalibrator c = IsotonicCalibrator::Fit(
      {{0.7, 100, 90}, {0.1, 100, 10}, {0.4, 100, 50}, {0.5, 100, 30}}, 0,
      0);
  EXPECT_EQ(c.knots(), 3);
  EXPECT_NEAR(c.Apply(0.1), 0.1, 1e-12);
  EXPECT_NEAR(c.Apply(0.45), 0.4, 1e-12);
  EXPECT_NEAR(c.Apply(0.7), 0.9, 1e-12);
  // Linear between knots; beyond the ends the score itself, but not on the
  // wrong side of the end block.
  EXPECT_NEAR(c.Apply(0.575), 0.65, 1e-12);
  EXPECT_NEAR(c.Apply(0.05), 0.05, 1e-12);
  EXPECT_NEAR(c.Apply(0.0), 0.0, 1e-12);
  EXPECT_NEAR(c.Apply(0.75), 0.9, 1e-12);
  EXPECT_NEAR(c.Apply(0.95), 0.95, 1e-12);
}

TEST(IsotonicCalibratorTest, IsMonotoneAndFloored) {
  IsotonicCalibrator c = IsotonicCalibrator::Fit(
      {{0.1, 50, 0}, {0.3, 50, 20}, {0.6, 50, 10}, {0.9, 50, 50}}, 0, 0.01);
  double last = 0;
  for (double s = 0; s <= 1.0; s += 0.01) {
    const double p = c.Apply(s);
    EXPECT_GE(p, last - 1e-12) << s;
    EXPECT_GE(p, 0.01);
    EXPECT_LE(p, 0.99);
    last = p;
  }
}

// A model whose scores are miscalibrated in a known way (the truth is
// score^2): the raw scores are far off, the fitted map brings the expected
// calibration error on fresh data below 0.02.
TEST(IsotonicCalibratorTest, CalibratesAKnownSyntheticTruth) {
  std::mt19937_64 gen(11);
  std::uniform_real_distribution<double> uniform(0, 1);
  auto truth = [](double s) { return s * s; };
  // Training outcomes grouped on a grid of 100 scores, as the server does.
  std::vector<ScoredOutcomes> groups(100);
  for (int g = 0; g < 100; ++g) groups[g].score = (g + 0.5) / 100;
  for (int i = 0; i < 200000; ++i) {
    const double s = uniform(gen);
    const int g = std::min(99, static_cast<int>(s * 100));
    groups[g].presented += 1;
    groups[g].accepted += uniform(gen) < truth(s);
  }
  IsotonicCalibrator c = IsotonicCalibrator::Fit(groups, 1000, 1e-4);
  ASSERT_FALSE(c.identity());

  CalibrationMetrics raw, calibrated;
  for (int i = 0; i < 100000; ++i) {
    const double s = uniform(gen);
    const bool accepted = uniform(gen) < truth(s);
    raw.Add(s, accepted);
    calibrated.Add(c.Apply(s), accepted);
  }
  EXPECT_GT(raw.ExpectedCalibrationError(), 0.1);
  EXPECT_LT(calibrated.ExpectedCalibrationError(), 0.02);
  EXPECT_LT(calibrated.LogLoss(), raw.LogLoss());
  // Calibration keeps the order, so the ranking quality barely moves
  // (pooled blocks make ties, which can only lose a little AUC).
  EXPECT_NEAR(calibrated.Auc(), raw.Auc(), 0.01);
}

}  // namespace
}  // namespace offergraph
