// Issue 13, the engine half: bundles, quantity breaks, limited-time
// promotions and offers from history, through Decide.
#include <string>
#include <vector>

#include "engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "offergraph/engine.h"
#include "testing/snapshot_builder.h"

namespace offergraph {
namespace {

using ::offergraph::testing::CartInput;
using ::offergraph::testing::FindOffer;
using ::offergraph::testing::kNow;
using ::offergraph::testing::SnapshotBuilder;
using ::testing::ElementsAre;

PriceRule Fixed(int64_t price) { return {price, 0}; }
PriceRule Off(int32_t bp) { return {-1, bp}; }

// A laptop kit (LAPTOP + SLEEVE + MOUSE for 1040.00 instead of 1050.00),
// pens with quantity breaks, a bag with a promotion.
class DealsTest : public ::testing::Test {
 protected:
  DealsTest() {
    b_.Product("LAPTOP", 100000).Margin(0.1);
    b_.Product("SLEEVE", 3000).Margin(0.4).Category("acc");
    b_.Product("MOUSE", 2000).Margin(0.4).Category("acc");
    b_.Product("BAG", 5000).Margin(0.4).Category("bags");
    b_.Product("PEN", 200).Margin(0.5);
    b_.Product("DOCK", 9000).Margin(0.3);
    b_.CrossSell("LAPTOP", "SLEEVE", 0.5f);
    b_.CrossSell("LAPTOP", "MOUSE", 0.4f);
    b_.CrossSell("LAPTOP", "BAG", 0.3f);
    b_.Bundle("KIT", {{"LAPTOP", 1}, {"SLEEVE", 1}, {"MOUSE", 1}},
              Fixed(104000));
    b_.Break("PEN", 3, Off(1000));
    b_.Break("PEN", 10, Off(2000));
  }

  const Snapshot& S() {
    if (!snapshot_) snapshot_ = b_.Build();
    return *snapshot_;
  }
  Decision Run(const DecisionInput& in, const ContactHistory& h = {}) {
    return Decide(S(), in, h, kNow);
  }
  const RankedOffer* Bundle(const Decision& d, const std::string& id) {
    for (const RankedOffer& o : d.offers) {
      if (o.kind == v1::BUNDLE && OfferSku(S(), o) == id) return &o;
    }
    return nullptr;
  }
  const RankedOffer* OfKind(const Decision& d, const std::string& sku,
                            v1::OfferKind kind) {
    for (const RankedOffer& o : d.offers) {
      if (o.kind == kind && OfferSku(S(), o) == sku) return &o;
    }
    return nullptr;
  }
  // Why `sku` (a bundle id or a product sku) was suppressed as `kind`.
  v1::SuppressionReason Why(const Decision& d, const std::string& sku,
                            v1::OfferKind kind) {
    for (const SuppressedCandidate& c : d.suppressed) {
      if (c.kind == kind && OfferSku(S(), c) == sku) return c.reason;
    }
    return v1::SUPPRESSION_REASON_UNSPECIFIED;
  }
  DecisionInput Cart(std::initializer_list<const char*> skus,
                     v1::Channel channel = v1::CHECKOUT) {
    return CartInput(S(), skus, channel);
  }
  DecisionInput Pens(int32_t quantity) {
    DecisionInput in = Cart({"PEN"});
    in.cart[0].quantity = quantity;
    return in;
  }

  SnapshotBuilder b_;
  SnapshotPtr snapshot_;
};

// ---- Bundles ---------------------------------------------------------------

TEST_F(DealsTest, PartialBundleOffersTheMissingMembers) {
  const Decision d = Run(Cart({"LAPTOP"}));
  const RankedOffer* kit = Bundle(d, "KIT");
  ASSERT_NE(kit, nullptr);
  EXPECT_EQ(kit->product, kNoProduct);
  EXPECT_EQ(kit->reason, OfferReason::kBundle);
  ASSERT_EQ(kit->items.size(), 2u);
  EXPECT_EQ(S().catalog.product(kit->items[0].product).sku, "SLEEVE");
  EXPECT_EQ(kit->items[0].quantity, 1);
  EXPECT_EQ(kit->items[0].unit_price, 3000);
  EXPECT_EQ(S().catalog.product(kit->items[1].product).sku, "MOUSE");
  EXPECT_EQ(kit->items[1].unit_price, 2000);
  // Missing 50.00 at list, the bundle saves 10.00.
  EXPECT_EQ(kit->extra_pay, 4000);
  EXPECT_EQ(kit->saving, 1000);
  EXPECT_EQ(kit->price, 4000);
  EXPECT_EQ(kit->expires_at, absl::InfiniteFuture());
  ASSERT_EQ(kit->anchors.size(), 1u);
  EXPECT_EQ(S().catalog.product(kit->anchors[0]).sku, "LAPTOP");
  // Product of the members' evidence (0.5 * 0.4), not their minimum (0.4).
  EXPECT_NEAR(kit->propensity, 0.5 * 0.4, 1e-6);
  EXPECT_EQ(OfferPitch(S(), *kit),
            "Add the SLEEVE name and the MOUSE name and save 10.00 USD");
}

TEST_F(DealsTest, BundlePitchFromTheFileWins) {
  b_.Bundle("DUO", {{"LAPTOP", 1}, {"DOCK", 1}}, Off(500), absl::InfinitePast(),
            absl::InfiniteFuture(), "Dock it for less");
  const Decision d = Run(Cart({"LAPTOP"}));
  const RankedOffer* duo = Bundle(d, "DUO");
  ASSERT_NE(duo, nullptr);
  EXPECT_EQ(OfferPitch(S(), *duo), "Dock it for less");
  // No graph evidence for the dock: the relevance floor stands in.
  EXPECT_DOUBLE_EQ(duo->propensity, S().rules.min_weight);
  // Two bundles are two offers, never merged.
  EXPECT_NE(Bundle(d, "KIT"), nullptr);
}

TEST_F(DealsTest, CompleteBundleIsListedNotOffered) {
  const Decision d = Run(Cart({"LAPTOP", "SLEEVE", "MOUSE"}));
  EXPECT_EQ(Bundle(d, "KIT"), nullptr);
  EXPECT_EQ(Why(d, "KIT", v1::BUNDLE), v1::BUNDLE_COMPLETE);
  EXPECT_EQ(d.suppression_counts[v1::BUNDLE_COMPLETE], 1);
}

TEST_F(DealsTest, BundleOutsideItsWindowIsExpired) {
  for (auto [from, until] :
       {std::pair{absl::InfinitePast(), kNow},  // ended (exclusive)
        std::pair{kNow + absl::Seconds(1), absl::InfiniteFuture()}}) {
    SnapshotBuilder b;
    b.Product("LAPTOP", 100000);
    b.Product("SLEEVE", 3000);
    b.Bundle("KIT", {{"LAPTOP", 1}, {"SLEEVE", 1}}, Fixed(102000), from, until);
    const SnapshotPtr s = b.Build();
    const Decision d = Decide(*s, CartInput(*s, {"LAPTOP"}), {}, kNow);
    EXPECT_TRUE(d.offers.empty());
    ASSERT_EQ(d.suppressed.size(), 1u);
    EXPECT_EQ(d.suppressed[0].reason, v1::EXPIRED);
    EXPECT_EQ(OfferSku(*s, d.suppressed[0]), "KIT");
  }
}

TEST_F(DealsTest, BundleValidUntilIsItsExpiry) {
  SnapshotBuilder b;
  b.Product("LAPTOP", 100000);
  b.Product("SLEEVE", 3000);
  const absl::Time until = kNow + absl::Hours(5);
  b.Bundle("KIT", {{"LAPTOP", 1}, {"SLEEVE", 2}}, Fixed(104000), kNow, until);
  const SnapshotPtr s = b.Build();
  const Decision d = Decide(*s, CartInput(*s, {"LAPTOP"}), {}, kNow);
  ASSERT_EQ(d.offers.size(), 1u);
  EXPECT_EQ(d.offers[0].expires_at, until);
  ASSERT_EQ(d.offers[0].items.size(), 1u);
  EXPECT_EQ(d.offers[0].items[0].quantity, 2);
  EXPECT_EQ(OfferPitch(*s, d.offers[0]),
            "Add 2 x the SLEEVE name and save 20.00 USD");
}

TEST_F(DealsTest, OutOfStockMissingMemberSuppressesTheBundle) {
  b_.Product("CABLE", 1000).OutOfStock();
  b_.Bundle("WIRED", {{"LAPTOP", 1}, {"CABLE", 1}}, Fixed(100500));
  const Decision d = Run(Cart({"LAPTOP"}));
  EXPECT_EQ(Why(d, "WIRED", v1::BUNDLE), v1::OUT_OF_STOCK);
  EXPECT_NE(Bundle(d, "KIT"), nullptr);
}

TEST_F(DealsTest, OwnedMissingMemberSuppressesTheBundle) {
  DecisionInput in = Cart({"LAPTOP"});
  in.owned.push_back(S().catalog.Find("MOUSE"));
  const Decision d = Run(in);
  EXPECT_EQ(Why(d, "KIT", v1::BUNDLE), v1::ALREADY_OWNED);
}

TEST_F(DealsTest, BudgetSensitiveSeesABundleOnlyWithinBudget) {
  DecisionInput in = Cart({"LAPTOP"});
  in.budget_sensitive = true;
  in.budget_limit = 3999;
  EXPECT_EQ(Why(Run(in), "KIT", v1::BUNDLE), v1::BUDGET_SENSITIVE);
  in.budget_limit = 4000;  // extra_pay, not the members' list value
  EXPECT_NE(Bundle(Run(in), "KIT"), nullptr);
}

TEST_F(DealsTest, DeclinedBundleRestsByItsId) {
  ContactHistory h;
  h.skus["KIT"].last_declined = kNow - absl::Hours(24);
  const Decision d = Run(Cart({"LAPTOP"}), h);
  EXPECT_EQ(Why(d, "KIT", v1::BUNDLE), v1::RECENTLY_DECLINED);
  // Its members are not declined: still offered on their own.
  EXPECT_NE(FindOffer(S(), d, "SLEEVE"), nullptr);
  h.skus["KIT"].last_declined = kNow - absl::Hours(24 * 31);
  EXPECT_NE(Bundle(Run(Cart({"LAPTOP"}), h), "KIT"), nullptr);
}

TEST_F(DealsTest, PresentedBundleCoolsDown) {
  ContactHistory h;
  for (int i = 3; i >= 1; --i) {
    h.skus["KIT"].presented.push_back(kNow - absl::Hours(i));
  }
  EXPECT_EQ(Why(Run(Cart({"LAPTOP"}), h), "KIT", v1::BUNDLE), v1::COOLDOWN);
}

TEST_F(DealsTest, ChannelPolicyForBundles) {
  b_.rules().channels[v1::CHECKOUT].allow_bundle = false;
  const Decision d = Run(Cart({"LAPTOP"}));
  EXPECT_EQ(Why(d, "KIT", v1::BUNDLE), v1::CHANNEL_POLICY);
  EXPECT_FALSE(d.offers.empty());  // cross-sells still
}

TEST_F(DealsTest, KindsNotAskedForAreNotCandidates) {
  DecisionInput in = Cart({"LAPTOP"});
  in.want_bundle = false;
  const Decision d = Run(in);
  EXPECT_EQ(Bundle(d, "KIT"), nullptr);
  EXPECT_EQ(Why(d, "KIT", v1::BUNDLE), v1::SUPPRESSION_REASON_UNSPECIFIED);
  // Only bundles asked for on a channel that allows none: the whole
  // response is CHANNEL_POLICY.
  DecisionInput only = Cart({"LAPTOP"}, v1::SUPPORT_DESK);
  only.want_cross_sell = only.want_upsell = only.want_quantity = false;
  EXPECT_EQ(Run(only).suppression, v1::CHANNEL_POLICY);
  only.channel = v1::POST_PURCHASE;
  const Decision post = Run(only);
  EXPECT_EQ(post.suppression, v1::SUPPRESSION_REASON_UNSPECIFIED);
  ASSERT_EQ(post.offers.size(), 1u);
  EXPECT_EQ(post.offers[0].kind, v1::BUNDLE);
}

// ---- Quantity breaks ---------------------------------------------------------

TEST_F(DealsTest, JustBelowABreakOffersTheExtraUnits) {
  const Decision d = Run(Pens(2));
  const RankedOffer* q = OfKind(d, "PEN", v1::QUANTITY);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->reason, OfferReason::kQuantityBreak);
  ASSERT_EQ(q->items.size(), 1u);
  EXPECT_EQ(q->items[0].quantity, 1);
  EXPECT_EQ(q->items[0].unit_price, 180);
  EXPECT_EQ(q->price, 180);
  EXPECT_EQ(q->original_price, 200);
  EXPECT_EQ(q->extra_pay, 3 * 180 - 2 * 200);
  EXPECT_EQ(q->saving, 3 * 20);
  EXPECT_DOUBLE_EQ(q->propensity, S().rules.learning.base_acceptance_rate);
  EXPECT_EQ(OfferPitch(S(), *q),
            "Add 1 more and save 10% on each: 0.60 USD off");
}

TEST_F(DealsTest, BreakTooFarIsNoCandidate) {
  // 5 pens: the next break (10) needs 5 more, over the default 2.
  Decision d = Run(Pens(5));
  EXPECT_EQ(OfKind(d, "PEN", v1::QUANTITY), nullptr);
  EXPECT_EQ(Why(d, "PEN", v1::QUANTITY), v1::SUPPRESSION_REASON_UNSPECIFIED);
  b_.rules().deals.quantity_max_extra_units = 5;
  snapshot_ = nullptr;
  d = Run(Pens(5));
  const RankedOffer* q = OfKind(d, "PEN", v1::QUANTITY);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->items[0].quantity, 5);
  EXPECT_EQ(q->items[0].unit_price, 160);
}

TEST_F(DealsTest, AtTheBreakTheNextOneCounts) {
  EXPECT_EQ(OfKind(Run(Pens(3)), "PEN", v1::QUANTITY), nullptr);  // 10 is far
  const Decision d = Run(Pens(8));  // outlives the pointer into it
  const RankedOffer* q = OfKind(d, "PEN", v1::QUANTITY);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->items[0].quantity, 2);
  EXPECT_EQ(q->extra_pay, 10 * 160 - 8 * 180);
}

TEST_F(DealsTest, PromotionThatBeatsTheBreakLeavesNoQuantityOffer) {
  b_.Promotion("PENSALE", "PEN", "", Off(2500));
  EXPECT_EQ(OfKind(Run(Pens(2)), "PEN", v1::QUANTITY), nullptr);
}

TEST_F(DealsTest, QuantityOfferFollowsTheRules) {
  DecisionInput in = Pens(2);
  in.budget_sensitive = true;
  in.budget_limit = 139;
  EXPECT_EQ(Why(Run(in), "PEN", v1::QUANTITY), v1::BUDGET_SENSITIVE);
  in.budget_limit = 140;
  EXPECT_NE(OfKind(Run(in), "PEN", v1::QUANTITY), nullptr);

  ContactHistory h;
  h.skus["PEN"].last_declined = kNow - absl::Hours(1);
  EXPECT_EQ(Why(Run(Pens(2), h), "PEN", v1::QUANTITY),
            v1::RECENTLY_DECLINED);

  DecisionInput post = Pens(2);
  post.channel = v1::POST_PURCHASE;  // bundles yes, quantity no
  EXPECT_EQ(Why(Run(post), "PEN", v1::QUANTITY), v1::CHANNEL_POLICY);
}

TEST_F(DealsTest, FixedBreakPriceHasItsOwnPitch) {
  b_.Product("INK", 1000);
  b_.Break("INK", 2, Fixed(800));
  const Decision d = Run(Cart({"INK"}));
  const RankedOffer* q = OfKind(d, "INK", v1::QUANTITY);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(OfferPitch(S(), *q), "Add 1 more at 8.00 USD each: 4.00 USD off");
}

// ---- Promotions ------------------------------------------------------------

TEST_F(DealsTest, ValidPromotionPricesTheCrossSell) {
  const absl::Time until = kNow + absl::Hours(48);
  b_.Promotion("BAGSALE", "BAG", "", Off(2000), kNow - absl::Hours(1), until);
  const Decision d = Run(Cart({"LAPTOP"}));
  const RankedOffer* bag = FindOffer(S(), d, "BAG");
  ASSERT_NE(bag, nullptr);
  EXPECT_EQ(bag->price, 4000);
  EXPECT_EQ(bag->original_price, 5000);
  EXPECT_EQ(bag->saving, 1000);
  EXPECT_EQ(bag->extra_pay, 4000);
  EXPECT_EQ(bag->expires_at, until);
  ASSERT_GE(bag->promotion, 0);
  EXPECT_EQ(S().deals.promotions()[bag->promotion].id, "BAGSALE");
  ASSERT_EQ(bag->items.size(), 1u);
  EXPECT_EQ(bag->items[0].unit_price, 4000);
}

TEST_F(DealsTest, PromotedOfferSaysWhyItFitsThenThePromotion) {
  b_.CrossSell("DOCK", "BAG", 0.3f, -1, "Carry the dock along.");
  b_.Promotion("BAGSALE", "BAG", "", Off(2000), absl::InfinitePast(),
               absl::InfiniteFuture(), "20% off bags this week.");
  const Decision dock = Run(Cart({"DOCK"}));  // outlives the pointers
  const RankedOffer* from_edge = FindOffer(S(), dock, "BAG");
  ASSERT_NE(from_edge, nullptr);
  EXPECT_EQ(OfferPitch(S(), *from_edge),
            "Carry the dock along. 20% off bags this week.");
  // No edge pitch: the product's sentence, then the promotion's.
  const Decision laptop = Run(Cart({"LAPTOP"}));
  const RankedOffer* from_product = FindOffer(S(), laptop, "BAG");
  ASSERT_NE(from_product, nullptr);
  EXPECT_EQ(OfferPitch(S(), *from_product),
            "BAG pitch 20% off bags this week.");
}

TEST_F(DealsTest, ExpiredPromotionIsListedAndTheOfferIsAtListPrice) {
  b_.Promotion("OLD", "BAG", "", Off(2000), absl::InfinitePast(), kNow);
  const Decision d = Run(Cart({"LAPTOP"}));
  const RankedOffer* bag = FindOffer(S(), d, "BAG");
  ASSERT_NE(bag, nullptr);
  EXPECT_EQ(bag->price, 5000);
  EXPECT_EQ(bag->original_price, 0);
  EXPECT_EQ(bag->saving, 0);
  EXPECT_EQ(bag->promotion, -1);
  EXPECT_EQ(bag->expires_at, absl::InfiniteFuture());
  bool listed = false;
  for (const SuppressedCandidate& c : d.suppressed) {
    if (c.reason != v1::EXPIRED) continue;
    listed = true;
    EXPECT_EQ(OfferSku(S(), c), "BAG");
    EXPECT_EQ(c.kind, v1::CROSS_SELL);
    ASSERT_GE(c.promotion, 0);
    EXPECT_EQ(S().deals.promotions()[c.promotion].id, "OLD");
  }
  EXPECT_TRUE(listed);
  EXPECT_EQ(d.suppression_counts[v1::EXPIRED], 1);
}

TEST_F(DealsTest, NotYetStartedPromotionIsExpiredToo) {
  b_.Promotion("SOON", "BAG", "", Off(2000), kNow + absl::Hours(1),
               absl::InfiniteFuture());
  const Decision d = Run(Cart({"LAPTOP"}));
  EXPECT_EQ(FindOffer(S(), d, "BAG")->price, 5000);
  EXPECT_EQ(Why(d, "BAG", v1::CROSS_SELL), v1::EXPIRED);
}

TEST_F(DealsTest, CategoryPromotionPricesEveryProductOfTheCategory) {
  b_.Promotion("ACC", "", "acc", Off(1000));
  const Decision d = Run(Cart({"LAPTOP"}));
  EXPECT_EQ(FindOffer(S(), d, "SLEEVE")->price, 2700);
  EXPECT_EQ(FindOffer(S(), d, "MOUSE")->price, 1800);
  EXPECT_EQ(FindOffer(S(), d, "BAG")->price, 5000);
  // Promotions do not stack onto a bundle: its members at list price.
  const RankedOffer* kit = Bundle(d, "KIT");
  ASSERT_NE(kit, nullptr);
  EXPECT_EQ(kit->items[0].unit_price, 3000);
  EXPECT_EQ(kit->extra_pay, 4000);
}

TEST_F(DealsTest, BudgetTakesThePromotedPrice) {
  b_.Promotion("BAGSALE", "BAG", "", Fixed(400));
  DecisionInput in = Cart({"LAPTOP"});
  in.budget_sensitive = true;
  in.budget_limit = 450;
  const Decision d = Run(in);
  EXPECT_NE(FindOffer(S(), d, "BAG"), nullptr);
  EXPECT_EQ(Why(d, "SLEEVE", v1::CROSS_SELL), v1::BUDGET_SENSITIVE);
}

// ---- History anchors ---------------------------------------------------------

TEST_F(DealsTest, OwnedSkusAnchorWhereTheChannelSaysSo) {
  DecisionInput in = Cart({"PEN"}, v1::POST_PURCHASE);
  in.want_bundle = false;
  in.owned.push_back(S().catalog.Find("LAPTOP"));
  const Decision d = Run(in);
  const RankedOffer* bag = FindOffer(S(), d, "BAG");
  ASSERT_NE(bag, nullptr);
  EXPECT_EQ(bag->reason, OfferReason::kComplementOwned);
  EXPECT_THAT(bag->anchors, ElementsAre(S().catalog.Find("LAPTOP")));
  // 0.3 times the default history_anchor_weight 0.5.
  EXPECT_NEAR(bag->propensity, 0.15, 1e-6);

  in.channel = v1::CHECKOUT;  // history anchors off
  EXPECT_EQ(FindOffer(S(), Run(in), "BAG"), nullptr);
}

TEST_F(DealsTest, HistoryAnchorWeightApplies) {
  b_.rules().deals.history_anchor_weight = 1.0;
  DecisionInput in = Cart({"PEN"}, v1::POST_PURCHASE);
  in.owned.push_back(S().catalog.Find("LAPTOP"));
  EXPECT_NEAR(FindOffer(S(), Run(in), "BAG")->propensity, 0.3, 1e-6);

  b_.rules().deals.history_anchor_weight = 0.1;  // 0.03 < min_weight 0.05
  snapshot_ = nullptr;
  const Decision d = Run(in);
  EXPECT_EQ(FindOffer(S(), d, "BAG"), nullptr);
  EXPECT_EQ(Why(d, "BAG", v1::CROSS_SELL), v1::LOW_RELEVANCE);
}

TEST_F(DealsTest, OwnedAnchorsAreNeverOfferedThemselves) {
  b_.CrossSell("SLEEVE", "MOUSE", 0.6f);
  DecisionInput in = Cart({"PEN"}, v1::POST_PURCHASE);
  in.owned = {S().catalog.Find("LAPTOP"), S().catalog.Find("MOUSE")};
  const Decision d = Run(in);
  EXPECT_EQ(FindOffer(S(), d, "MOUSE"), nullptr);
  EXPECT_EQ(Why(d, "MOUSE", v1::CROSS_SELL), v1::ALREADY_OWNED);
}

// ---- No deals: nothing changes ---------------------------------------------

TEST_F(DealsTest, EveryOfferHasItemsAndExtraPay) {
  SnapshotBuilder b;
  b.Product("LAPTOP", 100000).Line("lap", 1);
  b.Product("LAPTOP-PRO", 120000).Line("lap", 2);
  b.Product("BAG", 5000);
  b.CrossSell("LAPTOP", "BAG", 0.4f);
  b.Upsell("LAPTOP", "LAPTOP-PRO", 0.5f, true);
  const SnapshotPtr s = b.Build();
  ASSERT_TRUE(s->deals.empty());
  const Decision d = Decide(*s, CartInput(*s, {"LAPTOP"}), {}, kNow);
  ASSERT_EQ(d.offers.size(), 2u);
  for (const RankedOffer& o : d.offers) {
    ASSERT_EQ(o.items.size(), 1u);
    EXPECT_EQ(o.items[0].product, o.product);
    EXPECT_EQ(o.items[0].quantity, 1);
    EXPECT_EQ(o.original_price, 0);
    EXPECT_EQ(o.saving, 0);
    if (o.kind == v1::UPSELL) {
      EXPECT_EQ(o.extra_pay, 20000);
      EXPECT_EQ(o.price, 120000);
    } else {
      EXPECT_EQ(o.extra_pay, 5000);
      EXPECT_EQ(o.price, 5000);
    }
  }
}

}  // namespace
}  // namespace offergraph
