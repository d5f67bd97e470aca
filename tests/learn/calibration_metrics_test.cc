#include "learn/calibration_metrics.h"

#include <cmath>

#include "gtest/gtest.h"

namespace offergraph {
namespace {

TEST(PropensityBinTest, TenFixedBins) {
  EXPECT_EQ(PropensityBin(0), 0);
  EXPECT_EQ(PropensityBin(0.0999), 0);
  EXPECT_EQ(PropensityBin(0.1), 1);
  EXPECT_EQ(PropensityBin(0.76), 7);
  EXPECT_EQ(PropensityBin(1), 9);
  EXPECT_EQ(PropensityBin(-1), 0);
  EXPECT_EQ(PropensityBin(std::nan("")), 0);
}

TEST(CalibrationMetricsTest, EmptyIsNeutral) {
  CalibrationMetrics m;
  EXPECT_EQ(m.ExpectedCalibrationError(), 0);
  EXPECT_EQ(m.LogLoss(), 0);
  EXPECT_EQ(m.Auc(), 0.5);
}

TEST(CalibrationMetricsTest, HandComputedCase) {
  CalibrationMetrics m;
  // Bin 2: predictions 0.2, 0.2, accepted once: |0.2 - 0.5| = 0.3, weight 1/2.
  m.Add(0.2, true);
  m.Add(0.2, false);
  // Bin 8: 0.8, 0.8, accepted twice: |0.8 - 1| = 0.2, weight 1/2.
  m.Add(0.8, true);
  m.Add(0.8, true);
  EXPECT_NEAR(m.ExpectedCalibrationError(), 0.25, 1e-12);
  EXPECT_NEAR(m.LogLoss(),
              -(std::log(0.2) + std::log(0.8) + 2 * std::log(0.8)) / 4,
              1e-12);
  // Positives 0.2, 0.8, 0.8 against the negative 0.2: one tie (half), two
  // wins: AUC = 2.5 / 3.
  EXPECT_NEAR(m.Auc(), 2.5 / 3, 1e-12);
  EXPECT_EQ(m.bins()[2].count, 2);
  EXPECT_EQ(m.bins()[8].accepted, 2);
}

TEST(CalibrationMetricsTest, AucOfSeparatedAndConstantPredictions) {
  CalibrationMetrics separated;
  for (int i = 0; i < 10; ++i) separated.Add(0.1 + 0.01 * i, false);
  for (int i = 0; i < 10; ++i) separated.Add(0.6 + 0.01 * i, true);
  EXPECT_DOUBLE_EQ(separated.Auc(), 1.0);
  CalibrationMetrics constant;
  for (int i = 0; i < 10; ++i) constant.Add(0.3, i % 3 == 0);
  EXPECT_DOUBLE_EQ(constant.Auc(), 0.5);
}

}  // namespace
}  // namespace offergraph
