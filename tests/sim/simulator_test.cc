// offergraph-sim on generated orders: the learned propensity beats the
// static policy, is calibrated where the static one is not, recovers from a
// change of taste, and the run is reproducible under its seed.
#include "sim/simulator.h"

#include "gtest/gtest.h"
#include "sim/customer_model.h"
#include "sim/synthetic_baskets.h"

namespace offergraph::sim {
namespace {

SimConfig SmallConfig() {
  SimConfig c;
  c.sessions = 40000;
  c.window = 5000;
  c.warmup = 10000;
  c.calibration_after = 20000;
  c.refresh_sessions = 250;
  c.mine.min_support = 5;
  c.mine.top_k = 32;
  c.rules.value_weight = 0;
  c.rules.learning.exploration_share = 0.05;
  return c;
}

const mine::Baskets& Orders() {
  static const mine::Baskets* baskets = [] {
    SyntheticOptions o;
    o.orders = 20000;
    o.items = 600;
    return new mine::Baskets(SyntheticBaskets(o));
  }();
  return *baskets;
}

TEST(SimulatorTest, LearningBeatsTheStaticPolicyAndIsCalibrated) {
  absl::StatusOr<SimReport> r = Simulate(Orders(), SmallConfig());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_GT(r->edges, 0);
  ASSERT_EQ(r->windows.size(), 8u);
  EXPECT_GT(r->acceptance_ratio, 1.2) << FormatSimReport(*r, SmallConfig());
  EXPECT_LT(r->learning_ece, 0.03) << FormatSimReport(*r, SmallConfig());
  EXPECT_GT(r->static_ece, 2 * r->learning_ece);
  // About the configured share of decisions explored (5%).
  const ArmWindow& last = r->windows.back().learning;
  EXPECT_NEAR(static_cast<double>(last.explored) / last.sessions, 0.05, 0.015);
  EXPECT_EQ(r->windows.back().static_arm.explored, 0);
}

TEST(SimulatorTest, ReproducibleUnderItsSeed) {
  SimConfig c = SmallConfig();
  c.sessions = 6000;
  c.window = 2000;
  absl::StatusOr<SimReport> a = Simulate(Orders(), c);
  absl::StatusOr<SimReport> b = Simulate(Orders(), c);
  ASSERT_TRUE(a.ok() && b.ok());
  for (size_t i = 0; i < a->windows.size(); ++i) {
    EXPECT_EQ(a->windows[i].learning.accepted, b->windows[i].learning.accepted);
    EXPECT_EQ(a->windows[i].learning.explored, b->windows[i].learning.explored);
    EXPECT_EQ(a->windows[i].static_arm.accepted,
              b->windows[i].static_arm.accepted);
  }
  c.seed = 2;
  c.customer.seed = 2;
  absl::StatusOr<SimReport> other = Simulate(Orders(), c);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->windows[0].learning.accepted,
            a->windows[0].learning.accepted);
}

TEST(SimulatorTest, RecoversFromAChangeOfTaste) {
  SimConfig c = SmallConfig();
  c.sessions = 60000;
  c.flip_at = 30000;
  c.window = 2500;
  // One simulated minute per session and a one-day half-life: about 1,440
  // sessions per half-life.
  c.seconds_per_session = 60;
  c.rules.learning.half_life = absl::Hours(24);
  absl::StatusOr<SimReport> r = Simulate(Orders(), c);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_GT(r->pre_flip_acceptance, 0);
  EXPECT_GE(r->recovery_sessions, 0) << FormatSimReport(*r, c);
  EXPECT_LE(r->recovery_sessions, 20000) << FormatSimReport(*r, c);
}

TEST(SimulatorTest, RefusesBadConfig) {
  SimConfig c = SmallConfig();
  c.holdout_share = 1;
  EXPECT_EQ(Simulate(Orders(), c).status().code(),
            absl::StatusCode::kInvalidArgument);
  c = SmallConfig();
  c.window = 0;
  EXPECT_EQ(Simulate(Orders(), c).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CustomerModelTest, HiddenProbabilitiesAndFlip) {
  CustomerModel m({});
  // Same draw every time: common random numbers for both policies.
  EXPECT_EQ(m.Accepts(7, "ITEM-1", true), m.Accepts(7, "ITEM-1", true));
  EXPECT_GT(m.AcceptProbability("ITEM-1", true),
            m.AcceptProbability("ITEM-1", false));
  // A flippable item's appeal inverts.
  std::string flippable;
  for (int i = 0; flippable.empty(); ++i) {
    const std::string sku = "ITEM-" + std::to_string(i);
    if (m.IsFlippable(sku)) flippable = sku;
  }
  const double before = m.AcceptProbability(flippable, false);
  m.Flip();
  const double after = m.AcceptProbability(flippable, false);
  EXPECT_NEAR(before * after, 0.01 * 0.01, 1e-12);
}

}  // namespace
}  // namespace offergraph::sim
