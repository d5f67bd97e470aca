#include "stats/sequential.h"

#include <cmath>

#include "gtest/gtest.h"
#include "stats/moments.h"

namespace offergraph::stats {
namespace {

constexpr double kZ975 = 1.959963984540054;

SequentialOptions Options(double tau2, double alpha = 0.05) {
  SequentialOptions options;
  options.alpha = alpha;
  options.mixing_variance = tau2;
  return options;
}

// V = 1, tau^2 = 1, alpha = 0.05: half-width
// sqrt(1 * 2 / 1 * (log 2 + 2 log 20)) = sqrt(2 * (0.693147 + 5.991465)) =
// sqrt(13.369224) = 3.656395, against 1.959964 for the fixed interval.
TEST(SequentialTest, KnownHalfWidth) {
  absl::StatusOr<SequentialInterval> ci =
      AlwaysValidInterval(0.5, 1, Options(1));
  ASSERT_TRUE(ci.ok()) << ci.status();
  EXPECT_NEAR(ci->upper - 0.5, 3.656395, 1e-6);
  EXPECT_NEAR(0.5 - ci->lower, 3.656395, 1e-6);
  EXPECT_DOUBLE_EQ(ci->standard_error, 1);
  // log L(0) = -log(2)/2 + 0.25 / 4 < 0, so p = 1.
  EXPECT_DOUBLE_EQ(ci->p_value, 1);
}

// The interval excludes 0 exactly when the always-valid p-value is at most
// alpha: at a difference on the boundary L(0) = 1 / alpha.
TEST(SequentialTest, PValueMatchesTheInterval) {
  const double half_width = 3.6563948713638483;  // as above
  absl::StatusOr<SequentialInterval> edge =
      AlwaysValidInterval(half_width, 1, Options(1));
  ASSERT_TRUE(edge.ok());
  EXPECT_NEAR(edge->lower, 0, 1e-12);
  EXPECT_NEAR(edge->p_value, 0.05, 1e-9);
  absl::StatusOr<SequentialInterval> beyond =
      AlwaysValidInterval(-1.01 * half_width, 1, Options(1));
  EXPECT_LT(beyond->p_value, 0.05);
  EXPECT_LT(beyond->upper, 0);
}

// Wider than the fixed 95% interval at every variance and mixing scale.
TEST(SequentialTest, AlwaysWiderThanTheFixedInterval) {
  for (double tau2 : {1e-6, 1e-3, 1.0, 1e3}) {
    for (double v : {1e-8, 1e-4, 1e-2, 1.0, 1e2}) {
      absl::StatusOr<SequentialInterval> ci =
          AlwaysValidInterval(0, v, Options(tau2));
      ASSERT_TRUE(ci.ok());
      EXPECT_GT(ci->upper, kZ975 * std::sqrt(v)) << tau2 << " " << v;
    }
  }
}

// tau^2 = x V* with x = 2 log 20 + log(1 + x) = 8.21197 at alpha = 0.05, and
// it is the narrowest choice at V = V*.
TEST(SequentialTest, MixingVarianceForHorizonIsOptimalThere) {
  const double planned = 0.004;  // 2 units of variance / 500 per arm
  absl::StatusOr<double> tau2 = MixingVarianceForHorizon(planned, 0.05);
  ASSERT_TRUE(tau2.ok());
  const double x = *tau2 / planned;
  EXPECT_NEAR(x, 2 * std::log(20.0) + std::log1p(x), 1e-9);
  EXPECT_NEAR(x, 8.21197, 1e-5);
  const double best = AlwaysValidInterval(0, planned, Options(*tau2))->upper;
  for (double factor : {0.5, 0.9, 1.1, 2.0}) {
    EXPECT_LT(best,
              AlwaysValidInterval(0, planned, Options(factor * *tau2))->upper)
        << factor;
  }
  EXPECT_FALSE(MixingVarianceForHorizon(0, 0.05).ok());
  EXPECT_FALSE(MixingVarianceForHorizon(1, 1).ok());
}

TEST(SequentialTest, FromMomentsUsesWelchVariance) {
  Moments control;
  Moments treatment;
  for (double y : {1.0, 2.0, 3.0}) control.Add(y);         // var 1
  for (double y : {2.0, 4.0, 6.0, 8.0}) treatment.Add(y);  // var 20/3
  absl::StatusOr<SequentialInterval> ci =
      AlwaysValidDifference(control, treatment, Options(1));
  ASSERT_TRUE(ci.ok());
  EXPECT_DOUBLE_EQ(ci->difference, 3);
  EXPECT_NEAR(ci->standard_error, std::sqrt(1.0 / 3 + 20.0 / 3 / 4), 1e-12);
}

TEST(SequentialTest, RejectsBadInput) {
  EXPECT_FALSE(AlwaysValidInterval(0, 1, Options(0)).ok());
  EXPECT_FALSE(AlwaysValidInterval(0, 1, Options(1, 0)).ok());
  EXPECT_FALSE(AlwaysValidInterval(0, -1, Options(1)).ok());
  EXPECT_FALSE(AlwaysValidInterval(NAN, 1, Options(1)).ok());
  Moments one;
  one.Add(1);
  EXPECT_FALSE(AlwaysValidDifference(one, one, Options(1)).ok());
  absl::StatusOr<SequentialInterval> point =
      AlwaysValidInterval(2, 0, Options(1));
  ASSERT_TRUE(point.ok());
  EXPECT_EQ(point->lower, 2);
  EXPECT_EQ(point->p_value, 0);
}

}  // namespace
}  // namespace offergraph::stats
