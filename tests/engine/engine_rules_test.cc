// The rule layer through Decide: each rule firing and not firing at its
// boundary, the whole-response reasons and their precedence, the
// per-candidate rules and theirs.
#include <string>
#include <utility>
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
using ::offergraph::testing::OfferSkus;
using ::offergraph::testing::ReasonFor;
using ::offergraph::testing::SnapshotBuilder;
using ::offergraph::testing::TotalSuppressed;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// A laptop with accessories and two higher tiers: PRO exactly +50% (the
// default ceiling), MAX one cent above it.
class RulesTest : public ::testing::Test {
 protected:
  RulesTest() {
    b_.Product("LAPTOP", 100000).Margin(0.1).Line("lap", 1);
    b_.Product("LAPTOP-PRO", 150000).Margin(0.1).Line("lap", 2);
    b_.Product("LAPTOP-MAX", 150001).Margin(0.1).Line("lap", 3);
    b_.Product("BAG", 5000).Margin(0.4);
    b_.Product("MOUSE", 3000).Margin(0.4);
    b_.Product("HUB", 6000).Margin(0.3);
    b_.Product("STAND", 4000).OutOfStock();
    b_.Product("CASE", 2000);
    b_.CrossSell("LAPTOP", "BAG", 0.4f, 3.0f);
    b_.CrossSell("LAPTOP", "MOUSE", 0.3f);
    b_.CrossSell("LAPTOP", "HUB", 0.2f);
    b_.CrossSell("LAPTOP", "STAND", 0.2f);
    b_.CrossSell("LAPTOP", "CASE", 0.04f);
    b_.CrossSell("MOUSE", "HUB", 0.5f);
    b_.Upsell("LAPTOP", "LAPTOP-PRO", 0.5f, /*derived=*/true);
    b_.Upsell("LAPTOP", "LAPTOP-MAX", 0.25f, /*derived=*/true);
  }

  const Snapshot& S() {
    if (!snapshot_) snapshot_ = b_.Build();
    return *snapshot_;
  }
  void Rebuild() { snapshot_ = b_.Build(); }
  DecisionInput Laptop(v1::Channel channel = v1::CHECKOUT) {
    return CartInput(S(), {"LAPTOP"}, channel);
  }
  Decision Run(const DecisionInput& in, const ContactHistory& h = {}) {
    return Decide(S(), in, h, kNow);
  }
  bool Offered(const Decision& d, const std::string& sku) {
    return FindOffer(S(), d, sku) != nullptr;
  }
  v1::SuppressionReason Why(const Decision& d, const std::string& sku) {
    return ReasonFor(S(), d, sku);
  }

  // LAPTOP's candidates: 5 cross-sells and 2 upsells.
  static constexpr int kLaptopCandidates = 7;

  SnapshotBuilder b_;
  SnapshotPtr snapshot_;
};

// ---- Complaint ------------------------------------------------------------

TEST_F(RulesTest, OpenComplaintSuppressesEveryOfferOnEveryChannel) {
  ASSERT_FALSE(Run(Laptop()).offers.empty());
  for (v1::Channel ch : {v1::CHECKOUT, v1::SUPPORT_DESK, v1::POST_PURCHASE,
                         v1::BROWSE, v1::RENEWAL}) {
    SCOPED_TRACE(v1::Channel_Name(ch));
    DecisionInput in = Laptop(ch);
    in.tenure_days = 1000;
    in.complaint_open = true;
    Decision d = Run(in);
    EXPECT_EQ(d.suppression, v1::COMPLAINT_OPEN);
    EXPECT_THAT(d.offers, IsEmpty());
    EXPECT_EQ(d.suppression_counts[v1::COMPLAINT_OPEN], kLaptopCandidates);
    EXPECT_EQ(TotalSuppressed(d), kLaptopCandidates);
    EXPECT_EQ(d.suppressed.size(), static_cast<size_t>(kLaptopCandidates));
    for (const SuppressedCandidate& c : d.suppressed) {
      EXPECT_EQ(c.reason, v1::COMPLAINT_OPEN);
    }
  }
}

TEST_F(RulesTest, ComplaintFromCustomerStateCountsLikeTheRequestSignal) {
  ContactHistory h;
  h.state.complaint_open = true;
  Decision d = Run(Laptop(), h);
  EXPECT_EQ(d.suppression, v1::COMPLAINT_OPEN);
  EXPECT_THAT(d.offers, IsEmpty());
  h.state.complaint_open = false;
  EXPECT_EQ(Run(Laptop(), h).suppression, v1::SUPPRESSION_REASON_UNSPECIFIED);
}

// ---- Whole-response reasons ----------------------------------------------

TEST_F(RulesTest, WholeResponseReasonsApplyInOrderOfPrecedence) {
  // Every whole-response condition at once, then lifted one by one.
  DecisionInput in = Laptop(v1::RENEWAL);
  in.complaint_open = true;
  in.overwhelmed = true;
  in.tenure_days = 179;
  ContactHistory h;
  h.last_accepted = kNow - absl::Hours(1);
  for (int i = 0; i < 5; ++i) {
    h.offer_responses.push_back(kNow - absl::Hours(5 - i));
  }
  EXPECT_EQ(Run(in, h).suppression, v1::COMPLAINT_OPEN);
  in.complaint_open = false;
  EXPECT_EQ(Run(in, h).suppression, v1::OVERWHELMED);
  in.overwhelmed = false;
  EXPECT_EQ(Run(in, h).suppression, v1::CHANNEL_POLICY);
  in.tenure_days = 180;
  EXPECT_EQ(Run(in, h).suppression, v1::RECENT_ACCEPT);
  h.last_accepted = absl::InfinitePast();
  EXPECT_EQ(Run(in, h).suppression, v1::FREQUENCY_CAP);
  h.offer_responses.clear();
  Decision d = Run(in, h);
  EXPECT_EQ(d.suppression, v1::SUPPRESSION_REASON_UNSPECIFIED);
  EXPECT_THAT(OfferSkus(S(), d), ElementsAre("LAPTOP-PRO"));
}

TEST_F(RulesTest, WholeResponseReasonWithoutCandidatesCountsOnce) {
  DecisionInput in = CartInput(S(), {"CASE"});  // CASE has no edges
  in.overwhelmed = true;
  Decision d = Run(in);
  EXPECT_EQ(d.suppression, v1::OVERWHELMED);
  EXPECT_EQ(d.suppression_counts[v1::OVERWHELMED], 1);
  EXPECT_EQ(TotalSuppressed(d), 1);
  EXPECT_THAT(d.suppressed, IsEmpty());  // no candidate to list
}

TEST_F(RulesTest, OverwhelmedSessionGetsNothing) {
  DecisionInput in = Laptop();
  in.overwhelmed = true;
  in.explain = false;
  Decision d = Run(in);
  EXPECT_EQ(d.suppression, v1::OVERWHELMED);
  EXPECT_THAT(d.offers, IsEmpty());
  EXPECT_THAT(d.suppressed, IsEmpty());  // counted, not listed
  EXPECT_EQ(d.suppression_counts[v1::OVERWHELMED], kLaptopCandidates);
}

// ---- Channel policy -------------------------------------------------------

TEST_F(RulesTest, CheckoutAndBrowseAllowBothKinds) {
  for (v1::Channel ch : {v1::CHECKOUT, v1::BROWSE}) {
    Decision d = Run(Laptop(ch));
    EXPECT_TRUE(Offered(d, "LAPTOP-PRO")) << v1::Channel_Name(ch);
    EXPECT_TRUE(Offered(d, "BAG")) << v1::Channel_Name(ch);
    EXPECT_EQ(d.suppression_counts[v1::CHANNEL_POLICY], 0);
  }
}

TEST_F(RulesTest, PostPurchaseAllowsCrossSellsOnly) {
  Decision d = Run(Laptop(v1::POST_PURCHASE));
  EXPECT_THAT(OfferSkus(S(), d), ElementsAre("BAG", "MOUSE", "HUB"));
  EXPECT_EQ(Why(d, "LAPTOP-PRO"), v1::CHANNEL_POLICY);
  EXPECT_EQ(Why(d, "LAPTOP-MAX"), v1::CHANNEL_POLICY);  // before the ceiling
  EXPECT_EQ(d.suppression_counts[v1::CHANNEL_POLICY], 2);
}

TEST_F(RulesTest, SupportDeskAllowsUpsellsOnly) {
  Decision d = Run(Laptop(v1::SUPPORT_DESK));
  EXPECT_THAT(OfferSkus(S(), d), ElementsAre("LAPTOP-PRO"));
  EXPECT_EQ(Why(d, "BAG"), v1::CHANNEL_POLICY);
  EXPECT_EQ(Why(d, "CASE"), v1::CHANNEL_POLICY);  // before relevance
  EXPECT_EQ(Why(d, "STAND"), v1::OUT_OF_STOCK);   // stock comes first
}

TEST_F(RulesTest, RenewalNeedsTenureOf180Days) {
  DecisionInput in = Laptop(v1::RENEWAL);
  in.tenure_days = 179;
  Decision d = Run(in);
  EXPECT_EQ(d.suppression, v1::CHANNEL_POLICY);
  EXPECT_THAT(d.offers, IsEmpty());
  EXPECT_EQ(d.suppression_counts[v1::CHANNEL_POLICY], kLaptopCandidates);
  in.tenure_days = 180;
  d = Run(in);
  EXPECT_EQ(d.suppression, v1::SUPPRESSION_REASON_UNSPECIFIED);
  EXPECT_THAT(OfferSkus(S(), d), ElementsAre("LAPTOP-PRO"));
  EXPECT_EQ(Why(d, "BAG"), v1::CHANNEL_POLICY);
}

TEST_F(RulesTest, ChannelAllowingNoneOfTheRequestedKindsSuppressesAll) {
  DecisionInput support = Laptop(v1::SUPPORT_DESK);
  support.want_upsell = false;
  Decision d = Run(support);
  EXPECT_EQ(d.suppression, v1::CHANNEL_POLICY);
  // Only the requested kind is generated and counted.
  EXPECT_EQ(d.suppression_counts[v1::CHANNEL_POLICY], 5);
  DecisionInput post = Laptop(v1::POST_PURCHASE);
  post.want_cross_sell = false;
  // POST_PURCHASE allows bundles (issue 13): asking for them too is enough.
  EXPECT_EQ(Run(post).suppression, v1::SUPPRESSION_REASON_UNSPECIFIED);
  post.want_bundle = false;
  EXPECT_EQ(Run(post).suppression, v1::CHANNEL_POLICY);
  post.want_cross_sell = true;
  EXPECT_EQ(Run(post).suppression, v1::SUPPRESSION_REASON_UNSPECIFIED);
}

TEST_F(RulesTest, ChannelRulesComeFromTheSnapshot) {
  b_.rules().channels[v1::BROWSE] = {/*allow_cross_sell=*/false,
                                     /*allow_upsell=*/true,
                                     /*min_tenure_days=*/30};
  Rebuild();
  DecisionInput in = Laptop(v1::BROWSE);
  in.tenure_days = 29;
  EXPECT_EQ(Run(in).suppression, v1::CHANNEL_POLICY);
  in.tenure_days = 30;
  EXPECT_THAT(OfferSkus(S(), Run(in)), ElementsAre("LAPTOP-PRO"));
}

// ---- Never: cart, owned, stock -------------------------------------------

TEST_F(RulesTest, NeverOffersCartOwnedOrOutOfStockItems) {
  DecisionInput in = CartInput(S(), {"LAPTOP", "BAG"});
  in.owned = {S().catalog.Find("MOUSE"), S().catalog.Find("CASE")};
  Decision d = Run(in);
  EXPECT_EQ(Why(d, "BAG"), v1::IN_CART);
  EXPECT_EQ(Why(d, "MOUSE"), v1::ALREADY_OWNED);
  EXPECT_EQ(Why(d, "CASE"), v1::ALREADY_OWNED);  // before relevance
  EXPECT_EQ(Why(d, "STAND"), v1::OUT_OF_STOCK);
  EXPECT_FALSE(Offered(d, "BAG"));
  EXPECT_FALSE(Offered(d, "MOUSE"));
  EXPECT_FALSE(Offered(d, "STAND"));
  EXPECT_TRUE(Offered(d, "HUB"));
}

// ---- Relevance ------------------------------------------------------------

TEST_F(RulesTest, WeightExactlyAtMinWeightContributes) {
  b_.rules().min_weight = 0.2;  // HUB's weight from LAPTOP
  Rebuild();
  EXPECT_TRUE(Offered(Run(Laptop()), "HUB"));
  b_.rules().min_weight = 0.2001;
  Rebuild();
  EXPECT_EQ(Why(Run(Laptop()), "HUB"), v1::LOW_RELEVANCE);
}

TEST_F(RulesTest, WeightThatFloatCannotHoldExactlyStillMeetsItsThreshold) {
  // 0.7 is stored as the float 0.69999998..., below the double 0.7.
  b_.Product("DOCK", 9000);
  b_.CrossSell("LAPTOP", "DOCK", 0.7f);
  b_.rules().min_weight = 0.7;
  Rebuild();
  EXPECT_TRUE(Offered(Run(Laptop()), "DOCK"));
}

TEST_F(RulesTest, LiftBelowMinLiftWhereKnownIsLowRelevance) {
  b_.rules().min_lift = 3.0;  // BAG's lift exactly
  Rebuild();
  Decision d = Run(Laptop());
  EXPECT_TRUE(Offered(d, "BAG"));
  EXPECT_TRUE(Offered(d, "MOUSE"));  // lift unknown: passes
  b_.rules().min_lift = 3.01;
  Rebuild();
  d = Run(Laptop());
  EXPECT_EQ(Why(d, "BAG"), v1::LOW_RELEVANCE);
  EXPECT_TRUE(Offered(d, "MOUSE"));
}

TEST_F(RulesTest, CrossSellWithNoContributingEdgeIsLowRelevance) {
  Decision d = Run(Laptop());
  EXPECT_EQ(Why(d, "CASE"), v1::LOW_RELEVANCE);  // 0.04 < 0.05
  EXPECT_EQ(d.suppression_counts[v1::LOW_RELEVANCE], 1);
  // One contributing edge from another line is enough.
  b_.CrossSell("MOUSE", "CASE", 0.05f);
  Rebuild();
  d = Run(CartInput(S(), {"LAPTOP", "MOUSE"}));
  const RankedOffer* c = FindOffer(S(), d, "CASE");
  ASSERT_NE(c, nullptr);
  EXPECT_THAT(c->anchors, ElementsAre(S().catalog.Find("MOUSE")));
  EXPECT_FLOAT_EQ(c->propensity, 0.05f);
  EXPECT_EQ(c->reason, OfferReason::kComplement);
}

// ---- Upsell price ceiling -------------------------------------------------

TEST_F(RulesTest, UpsellPricedExactlyAtTheCeilingIsAllowed) {
  Decision d = Run(Laptop());
  EXPECT_TRUE(Offered(d, "LAPTOP-PRO"));               // +50.000%
  EXPECT_EQ(Why(d, "LAPTOP-MAX"), v1::PRICE_CEILING);  // +50.001%
  b_.rules().max_upsell_price_increase = 0.50001;
  Rebuild();
  EXPECT_TRUE(Offered(Run(Laptop()), "LAPTOP-MAX"));
}

TEST_F(RulesTest, CeilingIsRelativeToTheUpgradedLine) {
  // From PRO (1500.00) the ceiling is 2250.00: MAX fits.
  b_.Upsell("LAPTOP-PRO", "LAPTOP-MAX", 0.1f, /*derived=*/true);
  Rebuild();
  Decision d = Run(CartInput(S(), {"LAPTOP-PRO"}));
  EXPECT_TRUE(Offered(d, "LAPTOP-MAX"));
}

// ---- Budget ---------------------------------------------------------------

TEST_F(RulesTest, BudgetSensitiveSessionGetsNoUpsells) {
  DecisionInput in = Laptop();
  EXPECT_TRUE(Offered(Run(in), "LAPTOP-PRO"));
  in.budget_sensitive = true;
  Decision d = Run(in);
  EXPECT_EQ(Why(d, "LAPTOP-PRO"), v1::BUDGET_SENSITIVE);
  EXPECT_EQ(Why(d, "LAPTOP-MAX"), v1::PRICE_CEILING);  // ceiling first
  for (const RankedOffer& o : d.offers) EXPECT_EQ(o.kind, v1::CROSS_SELL);
}

TEST_F(RulesTest, BudgetFromCustomerStateAppliesToo) {
  ContactHistory h;
  h.state.budget_sensitive = true;
  EXPECT_EQ(Why(Run(Laptop(), h), "LAPTOP-PRO"), v1::BUDGET_SENSITIVE);
}

TEST_F(RulesTest, CrossSellMustFitTheCartShareOfTheCartValue) {
  // 10% of LAPTOP x2 (2000.00) = 200.00.
  b_.Product("MONITOR", 20000);
  b_.Product("MONITOR-XL", 20001);
  b_.CrossSell("LAPTOP", "MONITOR", 0.3f);
  b_.CrossSell("LAPTOP", "MONITOR-XL", 0.3f);
  Rebuild();
  DecisionInput in = Laptop();
  in.cart[0].quantity = 2;
  in.budget_sensitive = true;
  Decision d = Run(in);
  EXPECT_TRUE(Offered(d, "MONITOR"));
  EXPECT_EQ(Why(d, "MONITOR-XL"), v1::BUDGET_SENSITIVE);
  // One laptop: 100.00, and MONITOR no longer fits either.
  in.cart[0].quantity = 1;
  d = Run(in);
  EXPECT_EQ(Why(d, "MONITOR"), v1::BUDGET_SENSITIVE);
  EXPECT_TRUE(Offered(d, "HUB"));
  // Not budget-sensitive: no limit at all.
  in.budget_sensitive = false;
  EXPECT_TRUE(Offered(Run(in), "MONITOR-XL"));
}

TEST_F(RulesTest, CartShareComesFromTheRules) {
  b_.rules().budget_cart_share = 0.05;  // 50.00 of 1000.00: BAG exactly
  Rebuild();
  DecisionInput in = Laptop();
  in.budget_sensitive = true;
  Decision d = Run(in);
  EXPECT_TRUE(Offered(d, "BAG"));
  EXPECT_EQ(Why(d, "HUB"), v1::BUDGET_SENSITIVE);  // 60.00
}

TEST_F(RulesTest, BudgetLimitReplacesTheCartShare) {
  b_.Product("DOCK", 15000);  // above the cart share of 100.00
  b_.CrossSell("LAPTOP", "DOCK", 0.3f);
  Rebuild();
  DecisionInput in = Laptop();
  in.budget_sensitive = true;
  in.budget_limit = 5000;  // BAG's price exactly
  Decision d = Run(in);
  EXPECT_TRUE(Offered(d, "BAG"));
  EXPECT_EQ(Why(d, "HUB"), v1::BUDGET_SENSITIVE);
  in.budget_limit = 4999;
  d = Run(in);
  EXPECT_EQ(Why(d, "BAG"), v1::BUDGET_SENSITIVE);
  EXPECT_TRUE(Offered(d, "MOUSE"));
  // A limit above the cart share allows more than the share would.
  in.budget_limit = 0;
  EXPECT_EQ(Why(Run(in), "DOCK"), v1::BUDGET_SENSITIVE);
  in.budget_limit = 15000;
  EXPECT_TRUE(Offered(Run(in), "DOCK"));
}

// ---- Contact policy -------------------------------------------------------

TEST_F(RulesTest, DeclinedSkuRestsForThirtyDays) {
  ContactHistory h;
  h.skus["BAG"].last_declined = kNow - absl::Hours(24 * 30) + absl::Seconds(1);
  Decision d = Run(Laptop(), h);
  EXPECT_EQ(Why(d, "BAG"), v1::RECENTLY_DECLINED);
  EXPECT_TRUE(Offered(d, "MOUSE"));  // only that sku rests
  h.skus["BAG"].last_declined = kNow - absl::Hours(24 * 30);
  EXPECT_TRUE(Offered(Run(Laptop(), h), "BAG"));
}

TEST_F(RulesTest, ThreePresentationsWithinSevenDaysRestTheSkuForTenDays) {
  ContactHistory h;
  std::vector<absl::Time>& p = h.skus["BAG"].presented;
  // Two recent presentations: not yet.
  p = {kNow - absl::Hours(2), kNow - absl::Hours(1)};
  EXPECT_TRUE(Offered(Run(Laptop(), h), "BAG"));
  // The third, spanning exactly 7 days: resting.
  p.insert(p.begin(), kNow - absl::Hours(24 * 7 + 1));
  EXPECT_EQ(Why(Run(Laptop(), h), "BAG"), v1::COOLDOWN);
  // Spanning 7 days and a second: not a run.
  p.front() -= absl::Seconds(1);
  EXPECT_TRUE(Offered(Run(Laptop(), h), "BAG"));
}

TEST_F(RulesTest, CooldownEndsTenDaysAfterTheRunsLastPresentation) {
  ContactHistory h;
  std::vector<absl::Time>& p = h.skus["BAG"].presented;
  const absl::Time last = kNow - absl::Hours(24 * 10) + absl::Seconds(1);
  p = {last - absl::Hours(48), last - absl::Hours(24), last};
  EXPECT_EQ(Why(Run(Laptop(), h), "BAG"), v1::COOLDOWN);
  for (absl::Time& t : p) t -= absl::Seconds(1);  // last exactly 10 days ago
  EXPECT_TRUE(Offered(Run(Laptop(), h), "BAG"));
}

TEST_F(RulesTest, CooldownFindsARunAnywhereInTheHistory) {
  ContactHistory h;
  // The newest three span more than 7 days; the oldest three form a run
  // of one day that ended 8 days ago.
  h.skus["BAG"].presented = {kNow - absl::Hours(24 * 9),
                             kNow - absl::Hours(24 * 8 + 12),
                             kNow - absl::Hours(24 * 8), kNow - absl::Hours(1)};
  EXPECT_EQ(Why(Run(Laptop(), h), "BAG"), v1::COOLDOWN);
}

TEST_F(RulesTest, ContactRulesFollowTheSnapshotsParameters) {
  b_.rules().presentations_before_rest = 1;
  b_.rules().presentation_rest = absl::Hours(2);
  b_.rules().decline_rest = absl::Hours(1);
  Rebuild();
  ContactHistory h;
  h.skus["BAG"].presented = {kNow - absl::Hours(2) + absl::Seconds(1)};
  h.skus["MOUSE"].last_declined = kNow - absl::Hours(1);
  Decision d = Run(Laptop(), h);
  EXPECT_EQ(Why(d, "BAG"), v1::COOLDOWN);
  EXPECT_TRUE(Offered(d, "MOUSE"));
}

TEST_F(RulesTest, HistoryOfSkusNoLongerInTheCatalogIsIgnored) {
  // The ledger outlives catalogs: a history may name skus a reload dropped.
  ContactHistory h;
  h.skus["GONE-1"].last_declined = kNow - absl::Hours(1);
  h.skus["BAG"].last_declined = kNow - absl::Hours(1);
  h.skus["GONE-2"].presented = {kNow - absl::Hours(3), kNow - absl::Hours(2),
                                kNow - absl::Hours(1)};
  Decision d = Run(Laptop(), h);
  EXPECT_EQ(Why(d, "BAG"), v1::RECENTLY_DECLINED);
  EXPECT_TRUE(Offered(d, "MOUSE"));
}

TEST_F(RulesTest, AcceptStartsAQuietPeriodOf24Hours) {
  ContactHistory h;
  h.last_accepted = kNow - absl::Hours(24) + absl::Seconds(1);
  Decision d = Run(Laptop(), h);
  EXPECT_EQ(d.suppression, v1::RECENT_ACCEPT);
  EXPECT_THAT(d.offers, IsEmpty());
  EXPECT_EQ(d.suppression_counts[v1::RECENT_ACCEPT], kLaptopCandidates);
  h.last_accepted = kNow - absl::Hours(24);
  d = Run(Laptop(), h);
  EXPECT_EQ(d.suppression, v1::SUPPRESSION_REASON_UNSPECIFIED);
  EXPECT_FALSE(d.offers.empty());
}

TEST_F(RulesTest, DailyCapOnOfferBearingResponses) {
  ContactHistory h;
  for (int i = 0; i < 4; ++i) {  // cap - 1
    h.offer_responses.push_back(kNow - absl::Hours(4 - i));
  }
  EXPECT_EQ(Run(Laptop(), h).suppression, v1::SUPPRESSION_REASON_UNSPECIFIED);
  h.offer_responses.push_back(kNow);  // cap
  Decision d = Run(Laptop(), h);
  EXPECT_EQ(d.suppression, v1::FREQUENCY_CAP);
  EXPECT_EQ(d.suppression_counts[v1::FREQUENCY_CAP], kLaptopCandidates);
  // A response exactly 24 hours old has left the window.
  h.offer_responses.insert(h.offer_responses.begin(), kNow - absl::Hours(24));
  h.offer_responses.erase(h.offer_responses.begin() + 1);
  EXPECT_EQ(Run(Laptop(), h).suppression, v1::SUPPRESSION_REASON_UNSPECIFIED);
  h.offer_responses.front() += absl::Seconds(1);  // and one second younger
  EXPECT_EQ(Run(Laptop(), h).suppression, v1::FREQUENCY_CAP);
}

TEST_F(RulesTest, DailyCapOfZeroMeansNoCap) {
  b_.rules().max_offer_responses_per_day = 0;
  Rebuild();
  ContactHistory h;
  for (int i = 0; i < 50; ++i) {
    h.offer_responses.push_back(kNow - absl::Minutes(50 - i));
  }
  EXPECT_EQ(Run(Laptop(), h).suppression, v1::SUPPRESSION_REASON_UNSPECIFIED);
}

// ---- Per-candidate precedence ---------------------------------------------

// One cross-sell target X and one upsell target U, each meeting every
// per-candidate condition; lifting the conditions one by one walks the
// documented order.
TEST(RulePrecedenceTest, FirstMatchingCandidateRuleWins) {
  struct Conditions {
    bool in_cart = true, owned = true, out_of_stock = true, channel = true,
         irrelevant = true, over_ceiling = true, budget = true, declined = true,
         presented = true;
  };
  auto decide = [](const Conditions& c) {
    SnapshotBuilder b;
    b.Product("A", 10000);
    b.Product("X", 9000);
    if (c.out_of_stock) b.OutOfStock();
    b.Product("U", c.over_ceiling ? 15001 : 15000);
    if (c.out_of_stock) b.OutOfStock();
    b.CrossSell("A", "X", c.irrelevant ? 0.01f : 0.5f);
    b.Upsell("A", "U", 0.5f);
    SnapshotPtr s = b.Build();
    DecisionInput in;
    in.explain = true;
    in.cart.push_back({s->catalog.Find("A"), 1});
    if (c.in_cart) {
      in.cart.push_back({s->catalog.Find("X"), 1});
      in.cart.push_back({s->catalog.Find("U"), 1});
    }
    if (c.owned) in.owned = {s->catalog.Find("X"), s->catalog.Find("U")};
    in.budget_sensitive = c.budget;
    in.budget_limit = 1;
    ContactHistory h;
    for (const char* sku : {"X", "U"}) {
      if (c.declined) h.skus[sku].last_declined = kNow - absl::Hours(1);
      if (c.presented) {
        h.skus[sku].presented = {kNow - absl::Hours(3), kNow - absl::Hours(2),
                                 kNow - absl::Hours(1)};
      }
    }
    // The channel check runs per kind: X on an upsell-only channel, U on a
    // cross-sell-only one.
    v1::SuppressionReason x, u;
    in.channel = c.channel ? v1::SUPPORT_DESK : v1::CHECKOUT;
    x = ReasonFor(*s, Decide(*s, in, h, kNow), "X", v1::CROSS_SELL);
    in.channel = c.channel ? v1::POST_PURCHASE : v1::CHECKOUT;
    u = ReasonFor(*s, Decide(*s, in, h, kNow), "U", v1::UPSELL);
    return std::make_pair(x, u);
  };
  using P = std::pair<v1::SuppressionReason, v1::SuppressionReason>;
  Conditions c;
  EXPECT_EQ(decide(c), P(v1::IN_CART, v1::IN_CART));
  c.in_cart = false;
  EXPECT_EQ(decide(c), P(v1::ALREADY_OWNED, v1::ALREADY_OWNED));
  c.owned = false;
  EXPECT_EQ(decide(c), P(v1::OUT_OF_STOCK, v1::OUT_OF_STOCK));
  c.out_of_stock = false;
  EXPECT_EQ(decide(c), P(v1::CHANNEL_POLICY, v1::CHANNEL_POLICY));
  c.channel = false;
  EXPECT_EQ(decide(c), P(v1::LOW_RELEVANCE, v1::PRICE_CEILING));
  c.irrelevant = false;
  c.over_ceiling = false;
  EXPECT_EQ(decide(c), P(v1::BUDGET_SENSITIVE, v1::BUDGET_SENSITIVE));
  c.budget = false;
  EXPECT_EQ(decide(c), P(v1::RECENTLY_DECLINED, v1::RECENTLY_DECLINED));
  c.declined = false;
  EXPECT_EQ(decide(c), P(v1::COOLDOWN, v1::COOLDOWN));
  c.presented = false;
  EXPECT_EQ(decide(c), P(v1::SUPPRESSION_REASON_UNSPECIFIED,
                         v1::SUPPRESSION_REASON_UNSPECIFIED));
}

}  // namespace
}  // namespace offergraph
