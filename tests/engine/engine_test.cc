// Each rule of the engine, firing and not firing at its boundary, the
// scoring and the ranking.
#include "offergraph/engine/engine.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/snapshot_builder.h"

namespace offergraph {
namespace {

using ::testing::ElementsAre;
using testing::SnapshotBuilder;

const absl::Time kNow = absl::FromUnixSeconds(1800000000);

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    b_.Product("LAPTOP", 100000).Margin(0.1).Line("lap", 1);  // 1000.00
    b_.Product("LAPTOP-PRO", 150000).Margin(0.1).Line("lap", 2);
    b_.Product("LAPTOP-MAX", 150001).Margin(0.1).Line("lap", 3);
    b_.Product("BAG", 5000).Margin(0.4);
    b_.Product("MOUSE", 3000).Margin(0.4);
    b_.Product("HUB", 6000).Margin(0.3);
    b_.Product("STAND", 4000).OutOfStock();
    b_.Product("CASE", 2000);
    b_.CrossSell("LAPTOP", "BAG", 0.4f, 3.0f, "Bag pitch.");
    b_.CrossSell("LAPTOP", "MOUSE", 0.3f);
    b_.CrossSell("LAPTOP", "HUB", 0.2f);
    b_.CrossSell("LAPTOP", "STAND", 0.2f);
    b_.CrossSell("LAPTOP", "CASE", 0.04f);
    b_.CrossSell("MOUSE", "HUB", 0.5f);
    b_.Upsell("LAPTOP", "LAPTOP-PRO", 0.5f, /*derived=*/true);
    b_.Upsell("LAPTOP", "LAPTOP-MAX", 0.25f, /*derived=*/true);
  }

  DecisionInput Cart(std::initializer_list<const char*> skus,
                     v1::Channel channel = v1::CHECKOUT) {
    if (!snapshot_) snapshot_ = b_.Build();
    DecisionInput in;
    in.channel = channel;
    for (const char* sku : skus) in.cart.push_back({Id(sku), 1});
    in.explain = true;
    in.max_offers = 10;
    return in;
  }
  ProductId Id(const std::string& sku) { return snapshot_->catalog.Find(sku); }
  Decision Run(const DecisionInput& in, const ContactHistory& h = {}) {
    return Decide(*snapshot_, in, h, kNow);
  }
  std::vector<std::string> Skus(const Decision& d) {
    std::vector<std::string> out;
    for (const RankedOffer& o : d.offers)
      out.push_back(snapshot_->catalog.product(o.product).sku);
    return out;
  }
  v1::SuppressionReason Reason(const Decision& d, const std::string& sku) {
    for (const SuppressedCandidate& s : d.suppressed) {
      if (s.product == Id(sku)) return s.reason;
    }
    return v1::SUPPRESSION_REASON_UNSPECIFIED;
  }
  const RankedOffer* Find(const Decision& d, const std::string& sku) {
    for (const RankedOffer& o : d.offers) {
      if (o.product == Id(sku)) return &o;
    }
    return nullptr;
  }

  SnapshotBuilder b_;
  SnapshotPtr snapshot_;
};

TEST_F(EngineTest, OffersAreRankedByScoreWithReasonsAndPitch) {
  Decision d = Run(Cart({"LAPTOP"}));
  EXPECT_EQ(d.suppression, v1::SUPPRESSION_REASON_UNSPECIFIED);
  // value_weight 0.5: score = propensity * sqrt(price * margin).
  // PRO: 0.5 * sqrt(500 * 0.1) = 3.54; BAG: 0.4 * sqrt(50 * .4) = 1.79;
  // MOUSE: 0.3 * sqrt(12) = 1.04; HUB: 0.2 * sqrt(18) = 0.85.
  EXPECT_THAT(Skus(d), ElementsAre("LAPTOP-PRO", "BAG", "MOUSE", "HUB"));
  EXPECT_NEAR(d.offers[0].score, 0.5 * std::sqrt(50.0), 1e-6);
  EXPECT_EQ(d.offers[0].reason, OfferReason::kUpgradeTier);
  EXPECT_EQ(d.offers[0].price_delta, 50000);
  EXPECT_EQ(d.offers[1].reason, OfferReason::kComplement);
  EXPECT_EQ(snapshot_->graph.pitch(d.offers[1].edge_pitch), "Bag pitch.");
  EXPECT_EQ(d.offers[2].edge_pitch, 0u);  // no edge pitch: product's is used
  EXPECT_EQ(Reason(d, "STAND"), v1::OUT_OF_STOCK);
  EXPECT_EQ(Reason(d, "CASE"), v1::LOW_RELEVANCE);
  EXPECT_EQ(Reason(d, "LAPTOP-MAX"), v1::PRICE_CEILING);
}

TEST_F(EngineTest, PriceCeilingBoundary) {
  // PRO is exactly +50%: allowed. MAX is one cent above: suppressed.
  Decision d = Run(Cart({"LAPTOP"}));
  EXPECT_NE(Find(d, "LAPTOP-PRO"), nullptr);
  EXPECT_EQ(Reason(d, "LAPTOP-MAX"), v1::PRICE_CEILING);
  b_.rules().max_upsell_price_increase = 0.6;
  snapshot_ = b_.Build();
  EXPECT_NE(Find(Run(Cart({"LAPTOP"})), "LAPTOP-MAX"), nullptr);
}

TEST_F(EngineTest, NoisyOrCombinesLinesIntoOneOffer) {
  Decision d = Run(Cart({"LAPTOP", "MOUSE"}));
  const RankedOffer* hub = Find(d, "HUB");
  ASSERT_NE(hub, nullptr);
  EXPECT_NEAR(hub->propensity, 1 - (1 - 0.2) * (1 - 0.5), 1e-6);
  EXPECT_THAT(hub->anchors, ElementsAre(Id("LAPTOP"), Id("MOUSE")));
  EXPECT_EQ(hub->reason, OfferReason::kComplementMulti);
  EXPECT_EQ(Reason(d, "MOUSE"), v1::IN_CART);
  int hubs = 0;
  for (const RankedOffer& o : d.offers) hubs += o.product == Id("HUB");
  EXPECT_EQ(hubs, 1);
}

TEST_F(EngineTest, RelevanceThresholdsAtTheBoundary) {
  b_.rules().min_weight = 0.2;  // HUB's weight exactly: contributes
  snapshot_ = b_.Build();
  Decision d = Run(Cart({"LAPTOP"}));
  EXPECT_NE(Find(d, "HUB"), nullptr);
  b_.rules().min_weight = 0.21;
  snapshot_ = b_.Build();
  EXPECT_EQ(Reason(Run(Cart({"LAPTOP"})), "HUB"), v1::LOW_RELEVANCE);
  // Lift below min_lift where known.
  b_.rules().min_weight = 0.05;
  b_.rules().min_lift = 3.5;
  snapshot_ = b_.Build();
  d = Run(Cart({"LAPTOP"}));
  EXPECT_EQ(Reason(d, "BAG"), v1::LOW_RELEVANCE);  // lift 3.0 < 3.5
  EXPECT_NE(Find(d, "MOUSE"), nullptr);            // lift unknown: passes
}

TEST_F(EngineTest, OwnedAndInCart) {
  DecisionInput in = Cart({"LAPTOP", "BAG"});
  in.owned = {Id("MOUSE")};
  Decision d = Run(in);
  EXPECT_EQ(Reason(d, "BAG"), v1::IN_CART);
  EXPECT_EQ(Reason(d, "MOUSE"), v1::ALREADY_OWNED);
}

TEST_F(EngineTest, WholeResponseReasonsInOrderOfPrecedence) {
  DecisionInput in = Cart({"LAPTOP"});
  in.overwhelmed = true;
  in.complaint_open = true;
  Decision d = Run(in);
  EXPECT_EQ(d.suppression, v1::COMPLAINT_OPEN);
  EXPECT_TRUE(d.offers.empty());
  // Every candidate is counted under the whole-response reason.
  EXPECT_EQ(d.suppression_counts[v1::COMPLAINT_OPEN], 7);
  EXPECT_EQ(d.suppressed.size(), 7u);
  in.complaint_open = false;
  EXPECT_EQ(Run(in).suppression, v1::OVERWHELMED);
  in.overwhelmed = false;
  ContactHistory complaint;
  complaint.state.complaint_open = true;
  EXPECT_EQ(Run(in, complaint).suppression, v1::COMPLAINT_OPEN);
  // An empty cart still counts once.
  DecisionInput empty = Cart({});
  empty.complaint_open = true;
  Decision e = Run(empty);
  EXPECT_EQ(e.suppression_counts[v1::COMPLAINT_OPEN], 1);
}

TEST_F(EngineTest, ChannelPolicies) {
  Decision d = Run(Cart({"LAPTOP"}, v1::SUPPORT_DESK));
  EXPECT_THAT(Skus(d), ElementsAre("LAPTOP-PRO"));
  EXPECT_EQ(Reason(d, "BAG"), v1::CHANNEL_POLICY);
  d = Run(Cart({"LAPTOP"}, v1::POST_PURCHASE));
  EXPECT_EQ(Reason(d, "LAPTOP-PRO"), v1::CHANNEL_POLICY);
  EXPECT_NE(Find(d, "BAG"), nullptr);
  DecisionInput renewal = Cart({"LAPTOP"}, v1::RENEWAL);
  renewal.tenure_days = 179;
  EXPECT_EQ(Run(renewal).suppression, v1::CHANNEL_POLICY);
  renewal.tenure_days = 180;
  EXPECT_THAT(Skus(Run(renewal)), ElementsAre("LAPTOP-PRO"));
  // Asking only for cross-sells on an upsell-only channel: nothing allowed.
  DecisionInput support = Cart({"LAPTOP"}, v1::SUPPORT_DESK);
  support.want_upsell = false;
  EXPECT_EQ(Run(support).suppression, v1::CHANNEL_POLICY);
}

TEST_F(EngineTest, KindsFilterIsNotASuppression) {
  DecisionInput in = Cart({"LAPTOP"});
  in.want_upsell = false;
  Decision d = Run(in);
  for (const RankedOffer& o : d.offers) EXPECT_EQ(o.kind, v1::CROSS_SELL);
  EXPECT_EQ(Reason(d, "LAPTOP-PRO"), v1::SUPPRESSION_REASON_UNSPECIFIED);
  EXPECT_EQ(Reason(d, "LAPTOP-MAX"), v1::SUPPRESSION_REASON_UNSPECIFIED);
}

TEST_F(EngineTest, BudgetRules) {
  DecisionInput in = Cart({"LAPTOP"});
  in.budget_sensitive = true;
  // 10% of 1000.00 = 100.00: every accessory fits; upsells do not.
  Decision d = Run(in);
  EXPECT_EQ(Reason(d, "LAPTOP-PRO"), v1::BUDGET_SENSITIVE);
  EXPECT_NE(Find(d, "HUB"), nullptr);
  in.budget_limit = 5000;  // exactly BAG's price: allowed; HUB (60.00) not
  d = Run(in);
  EXPECT_NE(Find(d, "BAG"), nullptr);
  EXPECT_EQ(Reason(d, "HUB"), v1::BUDGET_SENSITIVE);
  // Budget state from the ledger applies the same way.
  ContactHistory h;
  h.state.budget_sensitive = true;
  EXPECT_EQ(Reason(Run(Cart({"LAPTOP"}), h), "LAPTOP-PRO"),
            v1::BUDGET_SENSITIVE);
  b_.rules().budget_cart_share = 0.04;  // 40.00: MOUSE fits, BAG does not
  snapshot_ = b_.Build();
  d = Run(Cart({"LAPTOP"}), h);
  EXPECT_NE(Find(d, "MOUSE"), nullptr);
  EXPECT_EQ(Reason(d, "BAG"), v1::BUDGET_SENSITIVE);
}

TEST_F(EngineTest, DeclineRestBoundary) {
  ContactHistory h;
  h.skus["BAG"].last_declined = kNow - absl::Hours(24 * 30) + absl::Seconds(1);
  EXPECT_EQ(Reason(Run(Cart({"LAPTOP"}), h), "BAG"), v1::RECENTLY_DECLINED);
  h.skus["BAG"].last_declined = kNow - absl::Hours(24 * 30);
  EXPECT_NE(Find(Run(Cart({"LAPTOP"}), h), "BAG"), nullptr);
}

TEST_F(EngineTest, PresentationCooldown) {
  ContactHistory h;
  auto& p = h.skus["BAG"].presented;
  // Two presentations: not yet.
  p = {kNow - absl::Hours(30), kNow - absl::Hours(20)};
  EXPECT_NE(Find(Run(Cart({"LAPTOP"}), h), "BAG"), nullptr);
  // Three within 7 days, the last one 1 hour ago: resting.
  p.push_back(kNow - absl::Hours(1));
  EXPECT_EQ(Reason(Run(Cart({"LAPTOP"}), h), "BAG"), v1::COOLDOWN);
  // Three spread over more than 7 days: not resting.
  p = {kNow - absl::Hours(24 * 8) - absl::Seconds(1), kNow - absl::Hours(40),
       kNow - absl::Hours(1)};
  EXPECT_NE(Find(Run(Cart({"LAPTOP"}), h), "BAG"), nullptr);
  // Three within exactly 7 days: resting until 10 days after the third.
  p = {kNow - absl::Hours(24 * 16), kNow - absl::Hours(24 * 10),
       kNow - absl::Hours(24 * 9)};
  EXPECT_EQ(Reason(Run(Cart({"LAPTOP"}), h), "BAG"), v1::COOLDOWN);
  p = {kNow - absl::Hours(24 * 17), kNow - absl::Hours(24 * 11),
       kNow - absl::Hours(24 * 10)};
  EXPECT_NE(Find(Run(Cart({"LAPTOP"}), h), "BAG"), nullptr);
}

TEST_F(EngineTest, QuietPeriodAndDailyCap) {
  ContactHistory h;
  h.last_accepted = kNow - absl::Hours(23);
  EXPECT_EQ(Run(Cart({"LAPTOP"}), h).suppression, v1::RECENT_ACCEPT);
  h.last_accepted = kNow - absl::Hours(24);
  EXPECT_EQ(Run(Cart({"LAPTOP"}), h).suppression,
            v1::SUPPRESSION_REASON_UNSPECIFIED);
  for (int i = 0; i < 4; ++i)
    h.offer_responses.push_back(kNow - absl::Hours(5 - i));
  EXPECT_EQ(Run(Cart({"LAPTOP"}), h).suppression,
            v1::SUPPRESSION_REASON_UNSPECIFIED);
  h.offer_responses.push_back(kNow - absl::Minutes(1));
  EXPECT_EQ(Run(Cart({"LAPTOP"}), h).suppression, v1::FREQUENCY_CAP);
  // One of them older than 24 h no longer counts.
  h.offer_responses.front() = kNow - absl::Hours(24);
  EXPECT_EQ(Run(Cart({"LAPTOP"}), h).suppression,
            v1::SUPPRESSION_REASON_UNSPECIFIED);
  b_.rules().max_offer_responses_per_day = 0;  // no cap
  snapshot_ = b_.Build();
  for (int i = 0; i < 20; ++i)
    h.offer_responses.push_back(kNow - absl::Seconds(i + 1));
  std::sort(h.offer_responses.begin(), h.offer_responses.end());
  EXPECT_EQ(Run(Cart({"LAPTOP"}), h).suppression,
            v1::SUPPRESSION_REASON_UNSPECIFIED);
}

TEST_F(EngineTest, OfferLimitDefaultAndCap) {
  DecisionInput in = Cart({"LAPTOP"});
  in.max_offers = 2;
  Decision d = Run(in);
  EXPECT_THAT(Skus(d), ElementsAre("LAPTOP-PRO", "BAG"));
  EXPECT_EQ(Reason(d, "MOUSE"), v1::OFFER_LIMIT);
  EXPECT_EQ(Reason(d, "HUB"), v1::OFFER_LIMIT);
  EXPECT_EQ(d.suppression_counts[v1::OFFER_LIMIT], 2);
  in.max_offers = 0;  // default 3
  EXPECT_EQ(Run(in).offers.size(), 3u);
  b_.rules().max_offers_cap = 1;
  snapshot_ = b_.Build();
  in.max_offers = 5;
  EXPECT_EQ(Run(in).offers.size(), 1u);
}

TEST_F(EngineTest, ValueWeightChangesTheOrder) {
  b_.rules().value_weight = 0;  // by propensity only
  snapshot_ = b_.Build();
  EXPECT_THAT(Skus(Run(Cart({"LAPTOP"}))),
              ElementsAre("LAPTOP-PRO", "BAG", "MOUSE", "HUB"));
  // By expected value: PRO 0.5*50=25, BAG 0.4*20=8, HUB 0.2*18=3.6,
  // MOUSE 0.3*12=3.6 (float weights put MOUSE a hair ahead).
  b_.rules().value_weight = 1;
  snapshot_ = b_.Build();
  Decision d = Run(Cart({"LAPTOP"}));
  EXPECT_THAT(Skus(d), ElementsAre("LAPTOP-PRO", "BAG", "MOUSE", "HUB"));
  EXPECT_NEAR(d.offers[0].score, 25.0, 1e-5);
  EXPECT_NEAR(d.offers[1].score, 8.0, 1e-5);
}

TEST(EngineTieTest, EqualScoresBreakBySku) {
  SnapshotBuilder b;
  b.Product("ANCHOR", 1000);
  for (const char* sku : {"ZED", "ALPHA", "MID"}) {
    b.Product(sku, 500).Margin(0.5);
    b.CrossSell("ANCHOR", sku, 0.5f);
  }
  SnapshotPtr s = b.Build();
  DecisionInput in;
  in.channel = v1::CHECKOUT;
  in.cart.push_back({s->catalog.Find("ANCHOR"), 1});
  for (int run = 0; run < 3; ++run) {
    Decision d = Decide(*s, in, ContactHistory(), kNow);
    ASSERT_EQ(d.offers.size(), 3u);
    EXPECT_EQ(s->catalog.product(d.offers[0].product).sku, "ALPHA");
    EXPECT_EQ(s->catalog.product(d.offers[1].product).sku, "MID");
    EXPECT_EQ(s->catalog.product(d.offers[2].product).sku, "ZED");
  }
}

TEST_F(EngineTest, ExplainOffStillCounts) {
  DecisionInput in = Cart({"LAPTOP"});
  in.explain = false;
  Decision d = Run(in);
  EXPECT_TRUE(d.suppressed.empty());
  EXPECT_EQ(d.suppression_counts[v1::OUT_OF_STOCK], 1);
  EXPECT_EQ(d.suppression_counts[v1::LOW_RELEVANCE], 1);
  EXPECT_EQ(d.suppression_counts[v1::PRICE_CEILING], 1);
}

TEST_F(EngineTest, SameSkuAsCrossSellAndUpsellIsOfferedOnce) {
  b_.CrossSell("LAPTOP", "LAPTOP-PRO", 0.3f);
  snapshot_ = b_.Build();
  Decision d = Run(Cart({"LAPTOP"}));
  int n = 0;
  for (const RankedOffer& o : d.offers) {
    if (o.product == Id("LAPTOP-PRO")) {
      ++n;
      // Cross-sell 0.3*sqrt(150)=3.67 beats upsell 0.5*sqrt(50)=3.54.
      EXPECT_EQ(o.kind, v1::CROSS_SELL);
    }
  }
  EXPECT_EQ(n, 1);
}

TEST(OfferReasonCodeTest, Codes) {
  EXPECT_STREQ(OfferReasonCode(OfferReason::kComplement), "complement");
  EXPECT_STREQ(OfferReasonCode(OfferReason::kComplementMulti),
               "complement_multi");
  EXPECT_STREQ(OfferReasonCode(OfferReason::kUpgradeTier), "upgrade_tier");
  EXPECT_STREQ(OfferReasonCode(OfferReason::kUpgradeEdge), "upgrade_edge");
}

}  // namespace
}  // namespace offergraph
