#include "stats/cuped.h"

#include <cmath>

#include "gtest/gtest.h"
#include "stats/lift.h"
#include "stats/moments.h"

namespace offergraph::stats {
namespace {

// Control (y, x): (2, 1) (5, 2) (5, 3): means 4 and 2, squared deviations
// of x 2, cross deviations (-2)(-1) + 0 + (1)(1) = 3.
// Treatment (10, 2) (10, 4) (16, 6): means 12 and 4, squared deviations of x
// 8, cross deviations (-2)(-2) + 0 + (4)(2) = 12.
// Pooled theta = (3 + 12) / (2 + 8) = 1.5; mean x over both arms = 3.
// Adjusted means: 4 - 1.5 (2 - 3) = 5.5 and 12 - 1.5 (4 - 3) = 10.5.
// Adjusted unit variances: y - 1.5 x = 0.5, 2, 0.5 -> 0.75 and 7, 4, 7 -> 3.
// Plain variance of the difference 3/3 + 12/3 = 5, adjusted 0.75/3 + 3/3 =
// 1.25: a 75% reduction.
TEST(CupedTest, KnownSmallCase) {
  Moments control;
  control.Add(2, 1);
  control.Add(5, 2);
  control.Add(5, 3);
  Moments treatment;
  treatment.Add(10, 2);
  treatment.Add(10, 4);
  treatment.Add(16, 6);
  absl::StatusOr<CupedComparison> c = CompareMeansCuped(control, treatment);
  ASSERT_TRUE(c.ok()) << c.status();
  const CupedAdjustment& a = c->adjustment;
  EXPECT_TRUE(a.applied);
  EXPECT_NEAR(a.theta, 1.5, 1e-12);
  EXPECT_NEAR(a.control.estimate, 5.5, 1e-12);
  EXPECT_NEAR(a.treatment.estimate, 10.5, 1e-12);
  EXPECT_NEAR(a.control.unit_variance, 0.75, 1e-12);
  EXPECT_NEAR(a.treatment.unit_variance, 3, 1e-12);
  EXPECT_NEAR(a.variance_reduction, 0.75, 1e-12);
  EXPECT_NEAR(c->comparison.absolute.point, 5, 1e-12);
  EXPECT_NEAR(c->comparison.absolute.standard_error, std::sqrt(1.25), 1e-12);
}

// Y = 2 X + effect exactly: theta = 2, the adjusted values are constant, the
// variance falls to ~0 and the adjusted difference is the effect even though
// the arms' X means differ.
TEST(CupedTest, PerfectlyCorrelatedCovariateRemovesTheVariance) {
  Moments control;
  Moments treatment;
  for (int i = 0; i < 1000; ++i) {
    const double x = 10 + std::sin(i) * 5;
    control.Add(2 * x + 1, x);
    const double x2 = 11 + std::cos(i) * 5;
    treatment.Add(2 * x2 + 1.5, x2);
  }
  absl::StatusOr<CupedComparison> c = CompareMeansCuped(control, treatment);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->adjustment.applied);
  EXPECT_NEAR(c->adjustment.theta, 2, 1e-9);
  EXPECT_NEAR(c->comparison.absolute.point, 0.5, 1e-9);
  EXPECT_LT(c->comparison.absolute.standard_error, 1e-6);
  EXPECT_NEAR(c->adjustment.variance_reduction, 1, 1e-9);
  // Unadjusted, the arms' X imbalance (11 - 10) shows up doubled in the
  // difference, 2 * 1 + 0.5, with the spread of 2 X: sd(X) = 5 / sqrt(2),
  // se = sqrt(2 * 4 * 12.5 / 1000) = 0.316.
  absl::StatusOr<Comparison> plain = CompareMeans(control, treatment);
  ASSERT_TRUE(plain.ok());
  EXPECT_NEAR(plain->absolute.point, 2.5, 0.05);
  EXPECT_NEAR(plain->absolute.standard_error, 0.316, 0.01);
}

TEST(CupedTest, FallsBackWithoutACovariate) {
  Moments control;
  Moments treatment;
  for (double y : {1.0, 3.0, 2.0}) control.Add(y);
  for (double y : {2.0, 5.0, 4.0}) treatment.Add(y);
  absl::StatusOr<CupedComparison> c = CompareMeansCuped(control, treatment);
  absl::StatusOr<Comparison> plain = CompareMeans(control, treatment);
  ASSERT_TRUE(c.ok() && plain.ok());
  EXPECT_FALSE(c->adjustment.applied);
  EXPECT_EQ(c->adjustment.theta, 0);
  EXPECT_EQ(c->adjustment.variance_reduction, 0);
  EXPECT_EQ(c->comparison.absolute.point, plain->absolute.point);
  EXPECT_EQ(c->comparison.absolute.standard_error,
            plain->absolute.standard_error);
  EXPECT_EQ(c->comparison.p_value, plain->p_value);
}

// A constant covariate (every customer new: no pre-period revenue) carries
// no information, also when it reaches us as raw sums with rounding noise.
TEST(CupedTest, FallsBackWithAConstantCovariate) {
  Moments control;
  Moments treatment;
  for (double y : {1.0, 3.0, 2.0}) control.Add(y, 7.1);
  for (double y : {2.0, 5.0, 4.0}) treatment.Add(y, 7.1);
  absl::StatusOr<CupedComparison> c = CompareMeansCuped(control, treatment);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->adjustment.applied);

  RawSums sums;
  sums.n = 3;
  sums.sum_y = 6;
  sums.sum_y2 = 14;
  sums.sum_x = 3 * 7.1;
  sums.sum_x2 = 3 * 7.1 * 7.1;
  sums.sum_xy = 7.1 * 6;
  absl::StatusOr<Moments> from_sums = Moments::FromSums(sums);
  ASSERT_TRUE(from_sums.ok());
  c = CompareMeansCuped(*from_sums, treatment);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->adjustment.applied);
}

TEST(CupedTest, RejectsTinyArms) {
  Moments one;
  one.Add(1, 1);
  Moments two;
  two.Add(1, 1);
  two.Add(2, 3);
  EXPECT_FALSE(CupedAdjust(one, two).ok());
}

}  // namespace
}  // namespace offergraph::stats
