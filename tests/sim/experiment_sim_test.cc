// offergraph-sim's experiment mode on generated orders: an A/A test's
// intervals hold the true (zero) difference, an A/B test's estimate sits
// near the planted lift, the holdout's offers earn, and the sample-ratio
// test flags an arm that lost units.
#include "sim/experiment_sim.h"

#include <cmath>

#include "gtest/gtest.h"
#include "sim/synthetic_baskets.h"

namespace offergraph::sim {
namespace {

const mine::Baskets& Orders() {
  static const mine::Baskets* baskets = [] {
    SyntheticOptions o;
    o.orders = 8000;
    o.items = 300;
    return new mine::Baskets(SyntheticBaskets(o));
  }();
  return *baskets;
}

SimConfig World() {
  SimConfig c;
  c.mine.min_support = 5;
  c.mine.top_k = 32;
  return c;
}

ExperimentSimConfig Small(ExperimentKind kind) {
  ExperimentSimConfig c;
  c.kind = kind;
  c.seeds = 10;
  c.units = 4000;
  return c;
}

TEST(ExperimentSimTest, AaIntervalsHoldZeroAndTheArmsMatchTheirShares) {
  const ExperimentSimConfig c = Small(ExperimentKind::kAA);
  absl::StatusOr<ExperimentSimReport> r = SimulateExperiments(Orders(), World(), c);
  ASSERT_TRUE(r.ok()) << r.status();
  const std::string text = FormatExperimentReport(*r, c);
  EXPECT_EQ(r->truth, 0);
  EXPECT_EQ(r->covered.seeds, 10);
  EXPECT_GE(r->covered.hits, 8) << text;
  EXPECT_LE(r->significant.hits, 2) << text;
  EXPECT_EQ(r->srm_flagged.hits, 0) << text;
  EXPECT_NEAR(r->mean_units_control, 2000, 100) << text;
  EXPECT_NEAR(r->mean_units_treatment, 2000, 100) << text;
  EXPECT_GT(r->mean_control, 0) << text;
  // The intervals' standard error matches the spread across seeds (within
  // the noise of 10 seeds).
  EXPECT_GT(r->mean_standard_error, 0.5 * r->sd_estimate) << text;
  EXPECT_LT(r->mean_standard_error, 2.0 * r->sd_estimate) << text;
}

TEST(ExperimentSimTest, SampleRatioTestFlagsADroppedArm) {
  ExperimentSimConfig c = Small(ExperimentKind::kAA);
  c.seeds = 4;
  c.drop_arm_units = 0.3;
  absl::StatusOr<ExperimentSimReport> r = SimulateExperiments(Orders(), World(), c);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->srm_flagged.hits, 4) << FormatExperimentReport(*r, c);
  EXPECT_NEAR(r->mean_units_treatment, 0.7 * 2000, 100);
}

TEST(ExperimentSimTest, AbEstimatesThePlantedLift) {
  ExperimentSimConfig c = Small(ExperimentKind::kAB);
  c.true_effect = 0.05;
  absl::StatusOr<ExperimentSimReport> r = SimulateExperiments(Orders(), World(), c);
  ASSERT_TRUE(r.ok()) << r.status();
  const std::string text = FormatExperimentReport(*r, c);
  EXPECT_EQ(r->truth, 0.05);
  EXPECT_GE(r->covered.hits, 8) << text;
  // Mean of 10 seeds: within 3 standard errors of the truth.
  EXPECT_NEAR(r->mean_estimate, 0.05, 3 * r->mean_standard_error / std::sqrt(10.0))
      << text;
}

TEST(ExperimentSimTest, HoldoutOffersEarnAndCupedNarrowsTheInterval) {
  ExperimentSimConfig c = Small(ExperimentKind::kHoldout);
  c.seeds = 4;
  absl::StatusOr<ExperimentSimReport> r = SimulateExperiments(Orders(), World(), c);
  ASSERT_TRUE(r.ok()) << r.status();
  const std::string text = FormatExperimentReport(*r, c);
  EXPECT_GT(r->truth, 0) << text;
  EXPECT_EQ(r->srm_flagged.hits, 0) << text;
  EXPECT_GE(r->covered.hits, 3) << text;
  EXPECT_GE(r->cuped_covered.hits, 3) << text;
  EXPECT_LT(r->mean_cuped_standard_error, r->mean_standard_error) << text;
  EXPECT_GT(r->mean_variance_reduction, 0.5) << text;
}

TEST(ExperimentSimTest, RefusesBadSettings) {
  ExperimentSimConfig c = Small(ExperimentKind::kAB);
  c.true_effect = 0.1;  // 0.95 * 1.1 > 1: the true lift would not be exact
  EXPECT_EQ(SimulateExperiments(Orders(), World(), c).status().code(),
            absl::StatusCode::kInvalidArgument);
  c = Small(ExperimentKind::kAA);
  c.drop_arm_units = 1;
  EXPECT_EQ(SimulateExperiments(Orders(), World(), c).status().code(),
            absl::StatusCode::kInvalidArgument);
  c = Small(ExperimentKind::kAA);
  c.rules_text = "experiments { name: \"e\" arms { name: \"a\" share: 2 } }";
  c.rules_name = "r.textproto";
  const absl::Status s = SimulateExperiments(Orders(), World(), c).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("r.textproto:1:"), std::string::npos) << s;
  EXPECT_FALSE(ParseExperimentKind("abc").ok());
  EXPECT_EQ(*ParseExperimentKind("holdout"), ExperimentKind::kHoldout);
}

}  // namespace
}  // namespace offergraph::sim
