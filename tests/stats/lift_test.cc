#include "stats/lift.h"

#include <cmath>

#include "gtest/gtest.h"
#include "stats/moments.h"

namespace offergraph::stats {
namespace {

constexpr double kZ975 = 1.959963984540054;  // the normal's 97.5% quantile

// An arm with n units, mean `mean` and sample variance `variance`, through
// the raw sums a report would read: sum y^2 = (n - 1) variance + n mean^2.
Moments Arm(int64_t n, double mean, double variance) {
  RawSums sums;
  sums.n = n;
  sums.sum_y = n * mean;
  sums.sum_y2 = (n - 1) * variance + n * mean * mean;
  absl::StatusOr<Moments> m = Moments::FromSums(sums);
  EXPECT_TRUE(m.ok()) << m.status();
  return *m;
}

// Control 200 of 1000 (0.20), treatment 250 of 1000 (0.25).
// Pooled rate 450/2000 = 0.225; null standard error
// sqrt(0.225 * 0.775 * (1/1000 + 1/1000)) = 0.0186748, so
// z = 0.05 / 0.0186748 = 2.67740 and p = 2 (1 - Phi(2.67740)) = 0.0074196.
// Wald standard error sqrt(0.2*0.8/1000 + 0.25*0.75/1000) = 0.0186414; the
// 95% interval 0.05 -+ 1.95996 * 0.0186414 = [0.013464, 0.086536].
// Relative lift 0.25/0.20 - 1 = 0.25 with delta-method standard error
// sqrt(0.0001875 / 0.04 + 0.0625 * 0.00016 / 0.0016) = 0.1045825.
TEST(LiftTest, TwoProportionZTestKnownCase) {
  absl::StatusOr<Comparison> c =
      CompareProportions({200, 1000}, {250, 1000});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_DOUBLE_EQ(c->control, 0.2);
  EXPECT_DOUBLE_EQ(c->treatment, 0.25);
  EXPECT_NEAR(c->statistic, 2.67740, 1e-5);
  EXPECT_NEAR(c->p_value, 0.0074196, 1e-6);
  EXPECT_TRUE(std::isinf(c->degrees_of_freedom));
  EXPECT_NEAR(c->absolute.point, 0.05, 1e-12);
  EXPECT_NEAR(c->absolute.standard_error, 0.0186414, 1e-7);
  EXPECT_NEAR(c->absolute.lower, 0.013464, 1e-6);
  EXPECT_NEAR(c->absolute.upper, 0.086536, 1e-6);
  ASSERT_TRUE(c->relative.has_value());
  EXPECT_NEAR(c->relative->point, 0.25, 1e-12);
  EXPECT_NEAR(c->relative->standard_error, 0.1045825, 1e-7);
  EXPECT_NEAR(c->relative->lower, 0.25 - kZ975 * 0.1045825, 1e-6);
}

// Both arms n = 10 with sample variance 4; means 5 and 7. Each mean's
// variance is 0.4, so se = sqrt(0.8) = 0.894427 and t = 2 / 0.894427 =
// 2.23607; Welch's df = 0.8^2 / (2 * 0.4^2 / 9) = 18 exactly. From a t
// table, t(0.975, 18) = 2.1009, so the interval is 2 -+ 1.8791 =
// [0.1209, 3.8791]; the two-sided p of t = 2.236 at 18 df is 0.0382.
TEST(LiftTest, WelchKnownCase) {
  absl::StatusOr<Comparison> c = CompareMeans(Arm(10, 5, 4), Arm(10, 7, 4));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_NEAR(c->degrees_of_freedom, 18, 1e-9);
  EXPECT_NEAR(c->statistic, 2.236068, 1e-6);
  EXPECT_NEAR(c->absolute.standard_error, 0.894427, 1e-6);
  EXPECT_NEAR(c->absolute.lower, 2 - 2.100922 * 0.894427, 1e-5);
  EXPECT_NEAR(c->absolute.upper, 2 + 2.100922 * 0.894427, 1e-5);
  EXPECT_NEAR(c->p_value, 0.03825, 1e-4);
  // Relative: 7/5 - 1 = 0.4, se sqrt(0.4/25 + 49 * 0.4 / 625) =
  // sqrt(0.016 + 0.03136) = 0.2176235,
  // with the same t critical value.
  ASSERT_TRUE(c->relative.has_value());
  EXPECT_NEAR(c->relative->point, 0.4, 1e-12);
  EXPECT_NEAR(c->relative->standard_error, 0.2176235, 1e-6);
  EXPECT_NEAR(c->relative->upper, 0.4 + 2.100922 * 0.2176235, 1e-5);
}

// Unequal arms: control n = 5, variance 1; treatment n = 50, variance 25.
// Variances of the means 0.2 and 0.5; df = 0.7^2 / (0.04/4 + 0.25/49) =
// 0.49 / 0.0151020 = 32.446: the smaller arm's df (4) does not dominate.
TEST(LiftTest, WelchDegreesOfFreedomForUnequalArms) {
  absl::StatusOr<Comparison> c = CompareMeans(Arm(5, 0, 1), Arm(50, 1, 25));
  ASSERT_TRUE(c.ok());
  EXPECT_NEAR(c->degrees_of_freedom, 0.49 / (0.01 + 0.25 / 49), 1e-9);
  EXPECT_FALSE(c->relative.has_value());  // control mean 0
}

TEST(LiftTest, ConfidenceLevelWidensTheInterval) {
  LiftOptions ninety;
  ninety.confidence = 0.90;
  LiftOptions ninety_nine;
  ninety_nine.confidence = 0.99;
  absl::StatusOr<Comparison> a =
      CompareProportions({200, 1000}, {250, 1000}, ninety);
  absl::StatusOr<Comparison> b =
      CompareProportions({200, 1000}, {250, 1000}, ninety_nine);
  ASSERT_TRUE(a.ok() && b.ok());
  // z(0.95) = 1.644854, z(0.995) = 2.575829.
  EXPECT_NEAR(a->absolute.upper - 0.05, 1.644854 * 0.0186414, 1e-6);
  EXPECT_NEAR(b->absolute.upper - 0.05, 2.575829 * 0.0186414, 1e-6);
  EXPECT_EQ(a->p_value, b->p_value);
}

// Control units (revenue, decisions): (1,1) (3,2) (2,1) (6,2): R = 12/6 = 2;
// linearised a - 2b = -1, -1, 0, 2 with sample variance 6/3 = 2, so the
// ratio's variance is 2 / 1.5^2 / 4. Treatment (2,1) (3,1) (4,2) (7,2):
// R = 16/6 = 8/3; a - 8b/3 = -2/3, 1/3, -4/3, 5/3 with sample variance
// (46/9)/3 = 46/27, ratio variance 46/27 / 1.5^2 / 4.
TEST(LiftTest, RatioMetricDeltaMethodKnownCase) {
  RatioMoments control;
  control.Add(1, 1);
  control.Add(3, 2);
  control.Add(2, 1);
  control.Add(6, 2);
  RatioMoments treatment;
  treatment.Add(2, 1);
  treatment.Add(3, 1);
  treatment.Add(4, 2);
  treatment.Add(7, 2);
  absl::StatusOr<ArmEstimate> arm = RatioArm(control);
  ASSERT_TRUE(arm.ok());
  EXPECT_NEAR(arm->estimate, 2, 1e-12);
  EXPECT_NEAR(arm->unit_variance, 2 / 2.25, 1e-12);

  absl::StatusOr<Comparison> c = CompareRatios(control, treatment);
  ASSERT_TRUE(c.ok()) << c.status();
  const double se = std::sqrt(2 / 2.25 / 4 + 46.0 / 27 / 2.25 / 4);
  EXPECT_NEAR(c->absolute.point, 2.0 / 3, 1e-12);
  EXPECT_NEAR(c->absolute.standard_error, se, 1e-12);
  EXPECT_NEAR(c->absolute.lower, 2.0 / 3 - kZ975 * se, 1e-9);
  EXPECT_NEAR(c->statistic, (2.0 / 3) / se, 1e-9);
  EXPECT_NEAR(c->relative->point, 1.0 / 3, 1e-12);
}

// With every denominator 1 the ratio is a plain mean: the delta method
// gives the plain variance.
TEST(LiftTest, RatioWithUnitDenominatorsIsTheMean) {
  RatioMoments ratio;
  Moments mean;
  for (double y : {1.0, 4.0, 2.0, 8.0, 5.0}) {
    ratio.Add(y, 1);
    mean.Add(y);
  }
  absl::StatusOr<ArmEstimate> arm = RatioArm(ratio);
  ASSERT_TRUE(arm.ok());
  EXPECT_NEAR(arm->estimate, mean.mean_y(), 1e-12);
  EXPECT_NEAR(arm->unit_variance, mean.variance_y(), 1e-12);
}

TEST(LiftTest, ConstantArmsGiveAPointInterval) {
  Moments a;
  Moments b;
  for (int i = 0; i < 3; ++i) {
    a.Add(2);
    b.Add(3);
  }
  absl::StatusOr<Comparison> c = CompareMeans(a, b);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->absolute.lower, 1);
  EXPECT_EQ(c->absolute.upper, 1);
  EXPECT_EQ(c->p_value, 0);
  EXPECT_TRUE(std::isinf(c->statistic));
  absl::StatusOr<Comparison> same = CompareMeans(a, a);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->p_value, 1);
  absl::StatusOr<Comparison> none = CompareProportions({0, 10}, {0, 20});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->p_value, 1);
  EXPECT_FALSE(none->relative.has_value());
}

TEST(LiftTest, RejectsBadInput) {
  Moments one;
  one.Add(1);
  EXPECT_FALSE(CompareMeans(one, Arm(10, 1, 1)).ok());
  LiftOptions bad;
  bad.confidence = 1;
  EXPECT_FALSE(CompareMeans(Arm(10, 1, 1), Arm(10, 1, 1), bad).ok());
  EXPECT_FALSE(CompareProportions({11, 10}, {1, 10}).ok());
  EXPECT_FALSE(CompareProportions({1, 10}, {-1, 10}).ok());
  EXPECT_FALSE(CompareProportions({0, 0}, {1, 10}).ok());
  EXPECT_FALSE(
      CompareArms({10, 1, -1}, {10, 1, 1}, Reference::kNormal).ok());
  RatioMoments no_denominator;
  no_denominator.Add(1, 0);
  no_denominator.Add(2, 0);
  EXPECT_FALSE(RatioArm(no_denominator).ok());
}

}  // namespace
}  // namespace offergraph::stats
