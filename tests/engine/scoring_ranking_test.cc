// Scoring and ranking through Decide: noisy-OR propensities and anchors,
// the cross-sell combinations (noisy-OR, sum, popularity exponent),
// upsell deltas and reason codes, value_weight, the sku tie-break, one offer
// per sku, the offer limit and the suppression counts.
#include <algorithm>
#include <cmath>
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
using ::offergraph::testing::SuppressedSkus;
using ::offergraph::testing::TotalSuppressed;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Decision DecideFor(const SnapshotPtr& s, const DecisionInput& in) {
  return Decide(*s, in, ContactHistory(), kNow);
}

// ---- Scores ---------------------------------------------------------------

TEST(ScoringTest, ScoreIsPropensityTimesValueToTheValueWeight) {
  SnapshotBuilder b;
  b.Product("A", 100000);
  b.Product("KNOWN", 5000).Margin(0.4);  // value 50.00 * 0.4 = 20
  b.Product("UNKNOWN", 2000);            // value 20.00 * default 0.3 = 6
  b.CrossSell("A", "KNOWN", 0.4f);
  b.CrossSell("A", "UNKNOWN", 0.3f);
  for (double w : {0.0, 0.25, 0.5, 1.0}) {
    SCOPED_TRACE(w);
    b.rules().value_weight = w;
    SnapshotPtr s = b.Build();
    Decision d = DecideFor(s, CartInput(*s, {"A"}));
    const RankedOffer* known = FindOffer(*s, d, "KNOWN");
    const RankedOffer* unknown = FindOffer(*s, d, "UNKNOWN");
    ASSERT_NE(known, nullptr);
    ASSERT_NE(unknown, nullptr);
    EXPECT_DOUBLE_EQ(known->propensity, 0.4f);
    EXPECT_NEAR(known->score, 0.4f * std::pow(50.0 * 0.4, w), 1e-9);
    EXPECT_NEAR(unknown->score, 0.3f * std::pow(20.0 * 0.3, w), 1e-9);
  }
}

TEST(ScoringTest, ValueWeightZeroRanksByPropensityOneByExpectedValue) {
  SnapshotBuilder b;
  b.Product("A", 100000);
  b.Product("LIKELY", 1000).Margin(0.5);     // likely, worth 5.00
  b.Product("VALUABLE", 20000).Margin(0.5);  // less likely, worth 100.00
  b.CrossSell("A", "LIKELY", 0.6f);
  b.CrossSell("A", "VALUABLE", 0.3f);
  b.rules().value_weight = 0;
  SnapshotPtr s = b.Build();
  Decision d = DecideFor(s, CartInput(*s, {"A"}));
  EXPECT_THAT(OfferSkus(*s, d), ElementsAre("LIKELY", "VALUABLE"));
  EXPECT_DOUBLE_EQ(d.offers[0].score, 0.6f);
  b.rules().value_weight = 1;
  s = b.Build();
  d = DecideFor(s, CartInput(*s, {"A"}));
  EXPECT_THAT(OfferSkus(*s, d), ElementsAre("VALUABLE", "LIKELY"));
  EXPECT_NEAR(d.offers[0].score, 0.3f * 100.0, 1e-9);
  EXPECT_NEAR(d.offers[1].score, 0.6f * 5.0, 1e-9);
}

TEST(ScoringTest, ZeroValueIsFlooredSoARelevantOfferKeepsAScore) {
  SnapshotBuilder b;
  b.Product("A", 100000);
  b.Product("FREE", 0).Margin(0.5);
  b.Product("NO-MARGIN", 5000).Margin(0.0);
  b.CrossSell("A", "FREE", 0.5f);
  b.CrossSell("A", "NO-MARGIN", 0.4f);
  b.rules().value_weight = 1;
  SnapshotPtr s = b.Build();
  Decision d = DecideFor(s, CartInput(*s, {"A"}));
  // Both valued at the 0.01 floor: ranked by propensity.
  EXPECT_THAT(OfferSkus(*s, d), ElementsAre("FREE", "NO-MARGIN"));
  EXPECT_NEAR(d.offers[0].score, 0.5 * 0.01, 1e-9);
  EXPECT_NEAR(d.offers[1].score, 0.4 * 0.01, 1e-9);
}

TEST(ScoringTest, ValueIsInMajorUnitsOfTheProductsCurrency) {
  // One cart per currency: candidates in another currency than the cart are
  // not offered (CURRENCY_MISMATCH), so values only meet in one currency.
  SnapshotBuilder b;
  b.Product("A", 100000);
  b.Product("A-JP", 100000).Currency("JPY");
  b.Product("A-KW", 100000).Currency("KWD");
  b.Product("YEN", 500).Currency("JPY").Margin(0.5);   // 500 yen: value 250
  b.Product("CENTS", 500).Margin(0.5);                 // 5.00 USD: value 2.5
  b.Product("FILS", 500).Currency("KWD").Margin(0.5);  // 0.500 KWD: 0.25
  b.CrossSell("A-JP", "YEN", 0.5f);
  b.CrossSell("A", "CENTS", 0.5f);
  b.CrossSell("A-KW", "FILS", 0.5f);
  b.rules().value_weight = 1;
  SnapshotPtr s = b.Build();
  const std::pair<const char*, double> carts[] = {
      {"A-JP", 0.5 * 250}, {"A", 0.5 * 2.5}, {"A-KW", 0.5 * 0.25}};
  for (const auto& [anchor, score] : carts) {
    Decision d = DecideFor(s, CartInput(*s, {anchor}));
    ASSERT_EQ(d.offers.size(), 1u) << anchor;
    EXPECT_NEAR(d.offers[0].score, score, 1e-9) << anchor;
  }
}

// ---- Cross-sells from several lines ---------------------------------------

TEST(ScoringTest, CrossSellFromSeveralLinesCombinesByNoisyOr) {
  SnapshotBuilder b;
  b.Product("LAPTOP", 100000);
  b.Product("MOUSE", 3000);
  b.Product("KEYBOARD", 5000);
  b.Product("HUB", 6000);
  b.CrossSell("LAPTOP", "HUB", 0.2f, -1, "Laptop hub pitch.");
  b.CrossSell("MOUSE", "HUB", 0.5f);
  b.CrossSell("KEYBOARD", "HUB", 0.3f, -1, "Keyboard hub pitch.");
  b.CrossSell("LAPTOP", "KEYBOARD", 0.01f);  // irrelevant: no anchor
  SnapshotPtr s = b.Build();
  // Cart order, not catalog order, orders the anchors.
  Decision d = DecideFor(s, CartInput(*s, {"KEYBOARD", "MOUSE", "LAPTOP"}));
  ASSERT_THAT(OfferSkus(*s, d), ElementsAre("HUB"));
  const RankedOffer& hub = d.offers[0];
  EXPECT_EQ(hub.kind, v1::CROSS_SELL);
  EXPECT_NEAR(hub.propensity, 1 - (1 - 0.3f) * (1 - 0.5f) * (1 - 0.2f), 1e-6);
  EXPECT_THAT(hub.anchors,
              ElementsAre(s->catalog.Find("KEYBOARD"), s->catalog.Find("MOUSE"),
                          s->catalog.Find("LAPTOP")));
  EXPECT_EQ(hub.reason, OfferReason::kComplementMulti);
  EXPECT_STREQ(OfferReasonCode(hub.reason), "complement_multi");
  // MOUSE's edge is the strongest but has no pitch: KEYBOARD's (0.3) is the
  // strongest pitched one.
  EXPECT_EQ(s->graph.pitch(hub.edge_pitch), "Keyboard hub pitch.");
  // KEYBOARD is a candidate too (in the cart) but never an offer.
  EXPECT_EQ(ReasonFor(*s, d, "KEYBOARD"), v1::IN_CART);
}

// A and B both reach X at 0.5; A alone reaches Y at 0.8.
SnapshotBuilder TwoLinesAgreeOnX() {
  SnapshotBuilder b;
  b.Product("A", 10000);
  b.Product("B", 10000);
  b.Product("X", 1000);
  b.Product("Y", 1000);
  b.CrossSell("A", "X", 0.5f);
  b.CrossSell("B", "X", 0.5f);
  b.CrossSell("A", "Y", 0.8f);
  b.rules().value_weight = 0;  // score = affinity
  return b;
}

TEST(ScoringTest, NoisyOrSaturatesWhereLinesAgree) {
  SnapshotBuilder b = TwoLinesAgreeOnX();
  b.rules().cross_sell_combination = v1::COMBINATION_NOISY_OR;
  SnapshotPtr s = b.Build();
  Decision d = DecideFor(s, CartInput(*s, {"A", "B"}));
  // X: 1 - 0.5 * 0.5 = 0.75 < Y: 0.8.
  ASSERT_THAT(OfferSkus(*s, d), ElementsAre("Y", "X"));
  EXPECT_NEAR(d.offers[0].score, 0.8, 1e-6);
  EXPECT_NEAR(d.offers[1].score, 0.75, 1e-6);
  EXPECT_NEAR(d.offers[1].propensity, 0.75, 1e-6);
}

TEST(ScoringTest, SumAddsTheEvidenceOfEveryLine) {
  SnapshotBuilder b = TwoLinesAgreeOnX();
  b.rules().cross_sell_combination = v1::COMBINATION_SUM;
  SnapshotPtr s = b.Build();
  Decision d = DecideFor(s, CartInput(*s, {"A", "B"}));
  // X: 0.5 + 0.5 = 1.0 > Y: 0.8. The propensity stays the noisy-OR.
  ASSERT_THAT(OfferSkus(*s, d), ElementsAre("X", "Y"));
  EXPECT_NEAR(d.offers[0].score, 1.0, 1e-6);
  EXPECT_NEAR(d.offers[0].propensity, 0.75, 1e-6);
  EXPECT_EQ(d.offers[0].anchors.size(), 2u);
  EXPECT_NEAR(d.offers[1].score, 0.8, 1e-6);
  EXPECT_NEAR(d.offers[1].propensity, 0.8, 1e-6);
}

TEST(ScoringTest, PopularityExponentDividesByTheTargetsShare) {
  SnapshotBuilder b;
  b.Product("A", 10000);
  b.Product("STAPLE", 1000);   // P(B) = 0.6 / 1.2 = 0.5
  b.Product("NICHE", 1000);    // P(B) = 0.2 / 4 = 0.05
  b.Product("CURATED", 1000);  // lift unknown: never divided
  b.CrossSell("A", "STAPLE", 0.6f, 1.2f);
  b.CrossSell("A", "NICHE", 0.2f, 4.0f);
  b.CrossSell("A", "CURATED", 0.3f);
  b.rules().value_weight = 0;
  b.rules().cross_sell_combination = v1::COMBINATION_SUM;
  struct Case {
    double exponent;
    std::vector<std::string> order;
    double staple, niche;
  };
  const Case cases[] = {
      {0.0, {"STAPLE", "CURATED", "NICHE"}, 0.6, 0.2},
      // 0.6 / sqrt(0.5) = 0.8485; 0.2 / sqrt(0.05) = 0.8944.
      {0.5, {"NICHE", "STAPLE", "CURATED"}, 0.848528, 0.894427},
      // Exponent 1 ranks by lift.
      {1.0, {"NICHE", "STAPLE", "CURATED"}, 1.2, 4.0},
      // 0.6 / 0.5^0.25 = 0.7135; 0.2 / 0.05^0.25 = 0.4229.
      {0.25, {"STAPLE", "NICHE", "CURATED"}, 0.713524, 0.422949},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.exponent);
    b.rules().popularity_exponent = c.exponent;
    SnapshotPtr s = b.Build();
    Decision d = DecideFor(s, CartInput(*s, {"A"}));
    EXPECT_EQ(OfferSkus(*s, d), c.order);
    EXPECT_NEAR(FindOffer(*s, d, "STAPLE")->score, c.staple, 1e-5);
    EXPECT_NEAR(FindOffer(*s, d, "NICHE")->score, c.niche, 1e-5);
    EXPECT_NEAR(FindOffer(*s, d, "CURATED")->score, 0.3, 1e-6);
    // The propensity is the edge's confidence whatever the exponent.
    EXPECT_NEAR(FindOffer(*s, d, "NICHE")->propensity, 0.2, 1e-6);
  }
}

TEST(ScoringTest, MinAffinityHoldsBackWeakCombinedEvidence) {
  SnapshotBuilder b = TwoLinesAgreeOnX();
  b.rules().cross_sell_combination = v1::COMBINATION_SUM;
  // X: 1.0 and Y: 0.8 pass 0.8; at 0.9 only X does.
  b.rules().min_affinity = 0.8;
  SnapshotPtr s = b.Build();
  Decision d = DecideFor(s, CartInput(*s, {"A", "B"}));
  EXPECT_THAT(OfferSkus(*s, d), ElementsAre("X", "Y"));
  b.rules().min_affinity = 0.9;
  s = b.Build();
  d = DecideFor(s, CartInput(*s, {"A", "B"}));
  EXPECT_THAT(OfferSkus(*s, d), ElementsAre("X"));
  EXPECT_EQ(ReasonFor(*s, d, "Y"), v1::LOW_RELEVANCE);
  // Alone, A reaches X with 0.5 only.
  d = DecideFor(s, CartInput(*s, {"A"}));
  EXPECT_THAT(OfferSkus(*s, d), IsEmpty());
  EXPECT_EQ(ReasonFor(*s, d, "X"), v1::LOW_RELEVANCE);
}

TEST(ScoringTest, IrrelevantEdgeNeitherAnchorsNorAddsPropensity) {
  SnapshotBuilder b;
  b.Product("A", 10000);
  b.Product("B", 10000);
  b.Product("T", 1000);
  b.CrossSell("A", "T", 0.4f, -1, "A pitch.");
  b.CrossSell("B", "T", 0.9f, /*lift=*/0.5f, "B pitch.");  // lift < 1
  SnapshotPtr s = b.Build();
  Decision d = DecideFor(s, CartInput(*s, {"B", "A"}));
  ASSERT_THAT(OfferSkus(*s, d), ElementsAre("T"));
  EXPECT_DOUBLE_EQ(d.offers[0].propensity, 0.4f);
  EXPECT_THAT(d.offers[0].anchors, ElementsAre(s->catalog.Find("A")));
  EXPECT_EQ(d.offers[0].reason, OfferReason::kComplement);
  EXPECT_EQ(s->graph.pitch(d.offers[0].edge_pitch), "A pitch.");
}

TEST(ScoringTest, CrossSellWithoutPitchedEdgeHasEdgePitchZero) {
  SnapshotBuilder b;
  b.Product("A", 10000);
  b.Product("T", 1000);
  b.CrossSell("A", "T", 0.4f);
  SnapshotPtr s = b.Build();
  Decision d = DecideFor(s, CartInput(*s, {"A"}));
  ASSERT_EQ(d.offers.size(), 1u);
  EXPECT_EQ(d.offers[0].edge_pitch, 0u);
  EXPECT_STREQ(OfferReasonCode(d.offers[0].reason), "complement");
}

// ---- Upsells --------------------------------------------------------------

TEST(ScoringTest, UpsellCarriesPriceDeltaAndHowItWasFound) {
  SnapshotBuilder b;
  b.Product("WASH", 1000).Margin(0.5).Line("wash", 1);
  b.Product("WASH-PLUS", 1400).Margin(0.5).Line("wash", 2);
  b.Product("WAX", 1200).Margin(0.5);
  b.Upsell("WASH", "WASH-PLUS", 0.5f, /*derived=*/true);
  b.Upsell("WASH", "WAX", 0.5f, /*derived=*/false, "Wax pitch.");
  b.rules().value_weight = 1;
  SnapshotPtr s = b.Build();
  Decision d = DecideFor(s, CartInput(*s, {"WASH"}));
  // Value is the margin on the price difference: 4.00 * 0.5 vs 2.00 * 0.5.
  ASSERT_THAT(OfferSkus(*s, d), ElementsAre("WASH-PLUS", "WAX"));
  const RankedOffer& plus = d.offers[0];
  const RankedOffer& wax = d.offers[1];
  EXPECT_EQ(plus.kind, v1::UPSELL);
  EXPECT_EQ(plus.price_delta, 400);
  EXPECT_NEAR(plus.score, 0.5 * 2.0, 1e-9);
  EXPECT_EQ(plus.reason, OfferReason::kUpgradeTier);
  EXPECT_STREQ(OfferReasonCode(plus.reason), "upgrade_tier");
  EXPECT_THAT(plus.anchors, ElementsAre(s->catalog.Find("WASH")));
  EXPECT_EQ(plus.edge_pitch, 0u);
  EXPECT_EQ(wax.price_delta, 200);
  EXPECT_NEAR(wax.score, 0.5 * 1.0, 1e-9);
  EXPECT_EQ(wax.reason, OfferReason::kUpgradeEdge);
  EXPECT_STREQ(OfferReasonCode(wax.reason), "upgrade_edge");
  EXPECT_EQ(s->graph.pitch(wax.edge_pitch), "Wax pitch.");
}

TEST(ScoringTest, CheaperUpsellHasNegativeDeltaAndFlooredValue) {
  SnapshotBuilder b;
  b.Product("OLD", 1000);
  b.Product("NEW", 900).Margin(0.5);
  b.Upsell("OLD", "NEW", 0.5f);
  b.rules().value_weight = 1;
  SnapshotPtr s = b.Build();
  Decision d = DecideFor(s, CartInput(*s, {"OLD"}));
  ASSERT_EQ(d.offers.size(), 1u);
  EXPECT_EQ(d.offers[0].price_delta, -100);
  EXPECT_NEAR(d.offers[0].score, 0.5 * 0.01, 1e-9);
}

TEST(ScoringTest, UpsellReachedFromSeveralLinesKeepsTheStrongestEdge) {
  SnapshotBuilder b;
  b.Product("A1", 10000);
  b.Product("A2", 12000);
  b.Product("A3", 11000);
  b.Product("T", 15000);
  b.Upsell("A1", "T", 0.3f);
  b.Upsell("A2", "T", 0.6f, /*derived=*/true);
  b.Upsell("A3", "T", 0.6f);
  SnapshotPtr s = b.Build();
  // A2 and A3 tie at 0.6: the earlier cart line wins.
  for (auto cart : {std::vector<const char*>{"A1", "A2", "A3"},
                    std::vector<const char*>{"A3", "A1", "A2"}}) {
    DecisionInput in = CartInput(*s, {});
    for (const char* sku : cart) in.cart.push_back({s->catalog.Find(sku), 1});
    Decision d = DecideFor(s, in);
    ASSERT_THAT(OfferSkus(*s, d), ElementsAre("T"));
    const RankedOffer& t = d.offers[0];
    const std::string anchor = s->catalog.product(t.anchors[0]).sku;
    EXPECT_EQ(anchor, cart[0] == std::string("A3") ? "A3" : "A2");
    EXPECT_EQ(t.anchors.size(), 1u);
    EXPECT_DOUBLE_EQ(t.propensity, 0.6f);
    EXPECT_EQ(t.price_delta, 15000 - s->catalog.product(t.anchors[0]).price);
    EXPECT_EQ(t.reason, anchor == "A2" ? OfferReason::kUpgradeTier
                                       : OfferReason::kUpgradeEdge);
  }
}

// ---- One offer per sku ----------------------------------------------------

// PRO is both a tier upgrade of BASE and a complement of it.
SnapshotBuilder BothKinds(float cross_weight, float up_weight) {
  SnapshotBuilder b;
  b.Product("BASE", 10000).Line("l", 1);
  b.Product("PRO", 15000).Line("l", 2);
  b.CrossSell("BASE", "PRO", cross_weight);
  b.Upsell("BASE", "PRO", up_weight, /*derived=*/true);
  b.rules().value_weight = 0;  // score = propensity
  return b;
}

TEST(RankingTest, SameSkuAsCrossSellAndUpsellIsOfferedOnceAsTheBetterKind) {
  struct Case {
    float cross, up;
    v1::OfferKind want;
  };
  for (const Case& c :
       {Case{0.6f, 0.5f, v1::CROSS_SELL}, Case{0.4f, 0.5f, v1::UPSELL},
        Case{0.5f, 0.5f, v1::CROSS_SELL}}) {  // tie
    SCOPED_TRACE(c.cross);
    SnapshotPtr s = BothKinds(c.cross, c.up).Build();
    Decision d = DecideFor(s, CartInput(*s, {"BASE"}));
    ASSERT_THAT(OfferSkus(*s, d), ElementsAre("PRO"));
    EXPECT_EQ(d.offers[0].kind, c.want);
    // The other kind is neither offered nor counted as suppressed.
    EXPECT_EQ(TotalSuppressed(d), 0);
  }
}

TEST(RankingTest, SuppressedKindLeavesTheOtherKindOffered) {
  SnapshotPtr s = BothKinds(0.4f, 0.5f).Build();
  DecisionInput in = CartInput(*s, {"BASE"});
  in.budget_sensitive = true;
  in.budget_limit = 20000;
  Decision d = DecideFor(s, in);
  ASSERT_THAT(OfferSkus(*s, d), ElementsAre("PRO"));
  EXPECT_EQ(d.offers[0].kind, v1::CROSS_SELL);
  EXPECT_EQ(ReasonFor(*s, d, "PRO", v1::UPSELL), v1::BUDGET_SENSITIVE);
}

// ---- Order ----------------------------------------------------------------

TEST(RankingTest, EqualScoresBreakBySkuInByteOrder) {
  const std::vector<std::string> skus = {"alpha",
                                         "\xC3\x89"
                                         "clair",
                                         "Zed", "Mid", "Mid-2"};
  for (bool reversed : {false, true}) {
    SCOPED_TRACE(reversed);
    SnapshotBuilder b;
    b.Product("ANCHOR", 1000);
    std::vector<std::string> order = skus;
    if (reversed) std::reverse(order.begin(), order.end());
    for (const std::string& sku : order) {
      b.Product(sku, 500).Margin(0.5);
      b.CrossSell("ANCHOR", sku, 0.5f);
    }
    SnapshotPtr s = b.Build();
    Decision d = DecideFor(s, CartInput(*s, {"ANCHOR"}));
    // Uppercase before lowercase before non-ASCII (bytes compare unsigned).
    EXPECT_THAT(OfferSkus(*s, d), ElementsAre("Mid", "Mid-2", "Zed", "alpha",
                                              "\xC3\x89"
                                              "clair"));
  }
}

TEST(RankingTest, SameInputGivesTheSameDecision) {
  SnapshotPtr s = BothKinds(0.4f, 0.5f).Build();
  DecisionInput in = CartInput(*s, {"BASE"});
  const Decision first = DecideFor(s, in);
  for (int i = 0; i < 3; ++i) {
    Decision again = DecideFor(s, in);
    ASSERT_EQ(again.offers.size(), first.offers.size());
    for (size_t k = 0; k < first.offers.size(); ++k) {
      EXPECT_EQ(again.offers[k].product, first.offers[k].product);
      EXPECT_EQ(again.offers[k].kind, first.offers[k].kind);
      EXPECT_EQ(again.offers[k].score, first.offers[k].score);
    }
    EXPECT_EQ(again.suppression_counts, first.suppression_counts);
  }
}

// ---- Offer limit and counts -----------------------------------------------

// ANCHOR with five valid cross-sells C1..C5 ranked in that order, one out
// of stock and one irrelevant.
SnapshotPtr FiveOffers(int32_t max_offers_cap = 10) {
  SnapshotBuilder b;
  b.Product("ANCHOR", 100000);
  for (int i = 1; i <= 5; ++i) {
    const std::string sku = "C" + std::to_string(i);
    b.Product(sku, 5000);
    b.CrossSell("ANCHOR", sku, 0.6f - 0.1f * i);
  }
  b.Product("GONE", 5000).OutOfStock();
  b.CrossSell("ANCHOR", "GONE", 0.9f);
  b.Product("FAINT", 5000);
  b.CrossSell("ANCHOR", "FAINT", 0.01f);
  b.rules().max_offers_cap = max_offers_cap;
  return b.Build();
}

TEST(RankingTest, ValidOffersBeyondMaxOffersAreOfferLimitListedInRankOrder) {
  SnapshotPtr s = FiveOffers();
  DecisionInput in = CartInput(*s, {"ANCHOR"});
  in.max_offers = 2;
  Decision d = DecideFor(s, in);
  EXPECT_THAT(OfferSkus(*s, d), ElementsAre("C1", "C2"));
  EXPECT_EQ(d.suppression_counts[v1::OFFER_LIMIT], 3);
  std::vector<std::string> limited;
  for (const SuppressedCandidate& c : d.suppressed) {
    if (c.reason == v1::OFFER_LIMIT) {
      limited.push_back(s->catalog.product(c.product).sku);
    }
  }
  EXPECT_THAT(limited, ElementsAre("C3", "C4", "C5"));
  EXPECT_EQ(ReasonFor(*s, d, "GONE"), v1::OUT_OF_STOCK);
  EXPECT_EQ(ReasonFor(*s, d, "FAINT"), v1::LOW_RELEVANCE);
}

TEST(RankingTest, MaxOffersDefaultsToThreeAndIsClampedToTheCap) {
  SnapshotPtr s = FiveOffers(/*max_offers_cap=*/4);
  DecisionInput in = CartInput(*s, {"ANCHOR"});
  in.max_offers = 0;
  Decision d = DecideFor(s, in);
  EXPECT_THAT(OfferSkus(*s, d), ElementsAre("C1", "C2", "C3"));
  EXPECT_EQ(d.suppression_counts[v1::OFFER_LIMIT], 2);
  in.max_offers = 4;
  EXPECT_EQ(DecideFor(s, in).offers.size(), 4u);
  in.max_offers = 5;  // above the cap
  d = DecideFor(s, in);
  EXPECT_EQ(d.offers.size(), 4u);
  EXPECT_EQ(d.suppression_counts[v1::OFFER_LIMIT], 1);
  in.max_offers = 1;
  EXPECT_THAT(OfferSkus(*s, DecideFor(s, in)), ElementsAre("C1"));
}

TEST(RankingTest, EveryCandidateIsAnOfferOrCountedOnce) {
  SnapshotPtr s = FiveOffers();
  DecisionInput in = CartInput(*s, {"ANCHOR"});
  in.max_offers = 2;
  for (bool explain : {true, false}) {
    in.explain = explain;
    Decision d = DecideFor(s, in);
    // 7 candidates: 2 offers, 3 OFFER_LIMIT, 1 OUT_OF_STOCK, 1 LOW_RELEVANCE.
    EXPECT_EQ(d.offers.size() + TotalSuppressed(d), 7u);
    EXPECT_EQ(d.suppression_counts[v1::OUT_OF_STOCK], 1);
    EXPECT_EQ(d.suppression_counts[v1::LOW_RELEVANCE], 1);
    EXPECT_EQ(d.suppression_counts[v1::OFFER_LIMIT], 3);
    EXPECT_EQ(d.suppressed.size(), explain ? 5u : 0u);
    EXPECT_EQ(d.suppression_counts[v1::SUPPRESSION_REASON_UNSPECIFIED], 0);
  }
}

TEST(OfferReasonCodeTest, EveryReasonHasAStableCode) {
  EXPECT_STREQ(OfferReasonCode(OfferReason::kComplement), "complement");
  EXPECT_STREQ(OfferReasonCode(OfferReason::kComplementMulti),
               "complement_multi");
  EXPECT_STREQ(OfferReasonCode(OfferReason::kUpgradeTier), "upgrade_tier");
  EXPECT_STREQ(OfferReasonCode(OfferReason::kUpgradeEdge), "upgrade_edge");
}

}  // namespace
}  // namespace offergraph
