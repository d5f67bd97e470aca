// The learned propensity through Decide: off means today's decisions bit for
// bit; on, outcomes move the ranking and every offer carries its evidence;
// exploration stays inside the rules.
#include <string>
#include <vector>

#include "engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "learn/learner.h"
#include "offergraph/engine.h"
#include "testing/snapshot_builder.h"

namespace offergraph {
namespace {

using ::offergraph::testing::CartInput;
using ::offergraph::testing::FindOffer;
using ::offergraph::testing::kNow;
using ::offergraph::testing::OfferSkus;
using ::offergraph::testing::ReasonFor;
using ::offergraph::testing::SnapshotBuilder;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class LearningTest : public ::testing::Test {
 protected:
  LearningTest() {
    b_.Product("LAPTOP", 100000).Margin(0.1).Line("lap", 1);
    b_.Product("LAPTOP-PRO", 130000).Margin(0.1).Line("lap", 2);
    b_.Product("BAG", 5000).Margin(0.4);
    b_.Product("MOUSE", 3000).Margin(0.4);
    b_.Product("HUB", 6000).Margin(0.3);
    b_.Product("SLEEVE", 2500).Margin(0.4);
    b_.Product("STAND", 4000).OutOfStock();
    b_.CrossSell("LAPTOP", "BAG", 0.4f);
    b_.CrossSell("LAPTOP", "MOUSE", 0.3f);
    b_.CrossSell("LAPTOP", "HUB", 0.2f);
    b_.CrossSell("LAPTOP", "SLEEVE", 0.1f);
    b_.CrossSell("LAPTOP", "STAND", 0.3f);
    b_.Upsell("LAPTOP", "LAPTOP-PRO", 0.5f, /*derived=*/true);
    b_.rules().value_weight = 0;  // rank by propensity alone
    snapshot_ = b_.Build();
  }

  DecisionInput Input(int max_offers = 2) {
    DecisionInput in = CartInput(*snapshot_, {"LAPTOP"});
    in.max_offers = max_offers;
    return in;
  }

  // Outcomes of `sku` (a cross-sell of LAPTOP with graph weight `affinity`)
  // shown at checkout: `accepted` of `shown`, logged as the engine logs
  // them (the cold prior at that weight).
  void Teach(const std::string& sku, double affinity, int shown,
             int accepted) {
    for (int i = 0; i < shown; ++i) {
      OutcomeEvidence e;
      e.channel = v1::CHECKOUT;
      e.kind = v1::CROSS_SELL;
      e.sku = sku;
      e.affinity = affinity;
      e.prior_score = 0.05 * affinity / 0.25;
      e.model_score = e.prior_score;
      e.outcome = i < accepted ? v1::ACCEPTED : v1::DECLINED;
      learner_.Observe(e, kNow);
    }
  }
  PropensityModelPtr Model(LearningParams params = {}) {
    params.half_life = absl::InfiniteDuration();
    return learner_.Build(params, kNow);
  }

  SnapshotBuilder b_;
  SnapshotPtr snapshot_;
  Learner learner_{kNow};
};

void ExpectSameDecision(const Decision& a, const Decision& b) {
  ASSERT_EQ(a.offers.size(), b.offers.size());
  for (size_t i = 0; i < a.offers.size(); ++i) {
    EXPECT_EQ(a.offers[i].product, b.offers[i].product);
    EXPECT_EQ(a.offers[i].kind, b.offers[i].kind);
    EXPECT_EQ(a.offers[i].score, b.offers[i].score);
    EXPECT_EQ(a.offers[i].propensity, b.offers[i].propensity);
    EXPECT_EQ(a.offers[i].choice_probability, 1.0);
    EXPECT_EQ(a.offers[i].source, v1::GRAPH);
  }
  ASSERT_EQ(a.suppressed.size(), b.suppressed.size());
  for (size_t i = 0; i < a.suppressed.size(); ++i) {
    EXPECT_EQ(a.suppressed[i].product, b.suppressed[i].product);
    EXPECT_EQ(a.suppressed[i].reason, b.suppressed[i].reason);
  }
}

TEST_F(LearningTest, OffIsTheGraphsDecisionBitForBit) {
  Teach("SLEEVE", 0.1, 1000, 900);
  const Decision without = Decide(*snapshot_, Input(), {}, kNow);
  LearningParams off;
  off.enabled = false;
  PropensityModelPtr model = Model(off);
  DecisionInput in = Input();
  in.model = model.get();
  in.explore_draw = 0;  // would explore, were learning on
  const Decision disabled = Decide(*snapshot_, in, {}, kNow);
  ExpectSameDecision(without, disabled);
  EXPECT_THAT(OfferSkus(*snapshot_, without), ElementsAre("LAPTOP-PRO", "BAG"));
  EXPECT_EQ(without.offers[1].affinity, without.offers[1].propensity);
}

TEST_F(LearningTest, OutcomesMoveTheRankingAndTheOfferCarriesItsEvidence) {
  // The weakest edge sells best; the strongest never.
  Teach("SLEEVE", 0.1, 400, 300);
  Teach("BAG", 0.4, 400, 0);
  PropensityModelPtr model = Model();
  DecisionInput in = Input(2);
  in.model = model.get();
  const Decision d = Decide(*snapshot_, in, {}, kNow);
  ASSERT_FALSE(d.explored);
  EXPECT_EQ(OfferSkus(*snapshot_, d)[0], "SLEEVE");
  const RankedOffer* sleeve = FindOffer(*snapshot_, d, "SLEEVE");
  ASSERT_NE(sleeve, nullptr);
  EXPECT_EQ(sleeve->source, v1::LEARNED);
  EXPECT_EQ(sleeve->evidence, 400);
  // 300 acceptances where its cold prior (2%) expected 8: pulled most of the
  // way to the observed 75%, the prior still weighing 3 expected
  // acceptances.
  EXPECT_GT(sleeve->propensity, 0.5);
  EXPECT_LT(sleeve->propensity, 0.8);
  EXPECT_LE(sleeve->propensity_low, sleeve->propensity);
  EXPECT_GE(sleeve->propensity_high, sleeve->propensity);
  EXPECT_FLOAT_EQ(sleeve->affinity, 0.1f);
  EXPECT_EQ(sleeve->choice_probability, 1.0);  // no exploration by default
  EXPECT_EQ(ReasonFor(*snapshot_, d, "BAG"), v1::OFFER_LIMIT);
  // The second offer has no outcomes of its own: its prior.
  const RankedOffer& second = d.offers[1];
  EXPECT_EQ(second.source, v1::PRIOR);
  EXPECT_EQ(second.evidence, 0);
  EXPECT_GT(second.propensity, 0);
  EXPECT_LT(second.propensity, sleeve->propensity);
}

TEST_F(LearningTest, ExplorationShowsAnotherAllowedCandidateWithItsProbability) {
  LearningParams explore;
  explore.exploration_share = 0.05;
  PropensityModelPtr model = Model(explore);
  DecisionInput in = Input(2);
  in.model = model.get();
  in.explore_draw = 0;  // below the 5% share: explore
  std::vector<std::string> explored;
  for (double pick : {0.0, 0.3, 0.6, 0.99}) {
    in.pick_draw = pick;
    const Decision d = Decide(*snapshot_, in, {}, kNow);
    ASSERT_TRUE(d.explored);
    ASSERT_EQ(d.offers.size(), 2u);
    EXPECT_EQ(d.offers[0].choice_probability, 1.0);
    EXPECT_GT(d.offers[1].choice_probability, 0);
    EXPECT_LT(d.offers[1].choice_probability, 1.0);
    explored.push_back(OfferSkus(*snapshot_, d)[1]);
  }
  // Different draws reach different candidates; the out-of-stock STAND
  // never.
  EXPECT_NE(explored.front(), explored.back());
  for (const std::string& sku : explored) EXPECT_NE(sku, "STAND");
}

// Whatever the draws, exploring never shows what a rule holds back.
TEST_F(LearningTest, ExplorationNeverBreaksARule) {
  LearningParams always;
  always.exploration_share = 1;
  PropensityModelPtr model = Model(always);
  for (int i = 0; i < 200; ++i) {
    DecisionInput in = Input(1);
    in.model = model.get();
    in.explore_draw = 0;
    in.pick_draw = i / 200.0;
    in.owned.push_back(snapshot_->catalog.Find("MOUSE"));
    in.budget_sensitive = true;  // no upsell; cross-sells within 10% of cart
    const Decision d = Decide(*snapshot_, in, {}, kNow);
    for (const RankedOffer& o : d.offers) {
      const std::string sku = snapshot_->catalog.product(o.product).sku;
      EXPECT_NE(sku, "STAND");       // out of stock
      EXPECT_NE(sku, "MOUSE");       // owned
      EXPECT_NE(sku, "LAPTOP-PRO");  // upsell for a budget-sensitive cart
      EXPECT_NE(sku, "LAPTOP");      // in the cart
    }
    // A complaint holds everything back, exploring or not.
    in.complaint_open = true;
    const Decision complaint = Decide(*snapshot_, in, {}, kNow);
    EXPECT_THAT(complaint.offers, IsEmpty());
    EXPECT_EQ(complaint.suppression, v1::COMPLAINT_OPEN);
  }
}

}  // namespace
}  // namespace offergraph

namespace offergraph {
namespace {

// Issue 13: the model is keyed by (sku, kind, channel); a bundle's sku is its
// id, so outcomes reported for the bundle id with kind BUNDLE move the
// bundle's propensity, and the offer says it was learned.
TEST(LearningDealsTest, BundleIdWithKindBundleIsLearned) {
  SnapshotBuilder b;
  b.Product("LAPTOP", 100000);
  b.Product("SLEEVE", 3000);
  b.CrossSell("LAPTOP", "SLEEVE", 0.5f);
  b.Bundle("KIT", {{"LAPTOP", 1}, {"SLEEVE", 1}}, {102000, 0});
  const SnapshotPtr s = b.Build();
  Learner learner(kNow);
  for (int i = 0; i < 400; ++i) {
    OutcomeEvidence e;
    e.channel = v1::CHECKOUT;
    e.kind = v1::BUNDLE;
    e.sku = "KIT";
    e.affinity = 0.5;
    e.prior_score = 0.1;
    e.model_score = e.prior_score;
    e.outcome = i < 300 ? v1::ACCEPTED : v1::DECLINED;
    learner.Observe(e, kNow);
  }
  LearningParams params;
  params.half_life = absl::InfiniteDuration();
  PropensityModelPtr model = learner.Build(params, kNow);
  DecisionInput in = CartInput(*s, {"LAPTOP"});
  in.model = model.get();
  const Decision d = Decide(*s, in, {}, kNow);
  const RankedOffer* kit = nullptr;
  for (const RankedOffer& o : d.offers) {
    if (o.kind == v1::BUNDLE) kit = &o;
  }
  ASSERT_NE(kit, nullptr);
  EXPECT_EQ(OfferSku(*s, *kit), "KIT");
  EXPECT_EQ(kit->source, v1::LEARNED);
  EXPECT_EQ(kit->evidence, 400);
  EXPECT_GT(kit->propensity, 0.5);
  EXPECT_DOUBLE_EQ(kit->affinity, 0.5);  // the graph's statistic, kept
}

}  // namespace
}  // namespace offergraph
