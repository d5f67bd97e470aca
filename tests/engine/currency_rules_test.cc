// Money meets money only in one currency (issue 15): the engine's rule
// CURRENCY_MISMATCH, and the cart value and value ranking it protects.
#include <string>

#include "engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "offergraph/engine.h"
#include "testing/snapshot_builder.h"

namespace offergraph {
namespace {

using ::offergraph::testing::CartInput;
using ::offergraph::testing::kNow;
using ::offergraph::testing::OfferSkus;
using ::offergraph::testing::ReasonFor;
using ::offergraph::testing::SnapshotBuilder;
using ::testing::ElementsAre;

// A USD laptop whose accessories are in USD, EUR and JPY; a EUR laptop.
SnapshotPtr Mixed() {
  SnapshotBuilder b;
  b.Product("LAPTOP", 89900).Margin(0.1);
  b.Product("BAG", 4900).Margin(0.4);
  b.Product("BAG-EU", 4500).Currency("EUR").Margin(0.4);
  b.Product("CASE-JP", 500).Currency("JPY").Margin(0.9);
  b.Product("LAPTOP-EU", 99900).Currency("EUR").Margin(0.1);
  b.Product("PRO-EU", 109900).Currency("EUR").Margin(0.1);
  b.CrossSell("LAPTOP", "BAG", 0.3f);
  b.CrossSell("LAPTOP", "BAG-EU", 0.3f);
  b.CrossSell("LAPTOP", "CASE-JP", 0.3f);
  b.CrossSell("LAPTOP-EU", "BAG-EU", 0.3f);
  // Only this builder can make an upsell across currencies (the loaders
  // refuse one): the engine still does not compare the two prices.
  b.Upsell("LAPTOP", "PRO-EU", 0.5f);
  return b.Build();
}

TEST(CurrencyRulesTest, CandidatesInAnotherCurrencyThanTheCartAreSuppressed) {
  SnapshotPtr s = Mixed();
  Decision d = Decide(*s, CartInput(*s, {"LAPTOP"}), {}, kNow);
  // 500 JPY at margin 0.9 is "450" of value next to BAG's 19.60: it used to
  // rank first.
  EXPECT_THAT(OfferSkus(*s, d), ElementsAre("BAG"));
  EXPECT_EQ(ReasonFor(*s, d, "CASE-JP"), v1::CURRENCY_MISMATCH);
  EXPECT_EQ(ReasonFor(*s, d, "BAG-EU"), v1::CURRENCY_MISMATCH);
  EXPECT_EQ(ReasonFor(*s, d, "PRO-EU"), v1::CURRENCY_MISMATCH);
  EXPECT_EQ(d.suppression_counts[v1::CURRENCY_MISMATCH], 3);

  d = Decide(*s, CartInput(*s, {"LAPTOP-EU"}), {}, kNow);
  EXPECT_THAT(OfferSkus(*s, d), ElementsAre("BAG-EU"));
}

TEST(CurrencyRulesTest, TheFirstLineSetsTheCartsCurrency) {
  SnapshotPtr s = Mixed();
  // Decide itself accepts a mixed cart (Suggest refuses one): the first
  // line's currency wins, and lines in another count for nothing.
  Decision d = Decide(*s, CartInput(*s, {"LAPTOP-EU", "LAPTOP"}), {}, kNow);
  EXPECT_THAT(OfferSkus(*s, d), ElementsAre("BAG-EU"));
  EXPECT_EQ(ReasonFor(*s, d, "BAG"), v1::CURRENCY_MISMATCH);
}

TEST(CurrencyRulesTest, CartShareSumsOnlyTheCartsCurrency) {
  SnapshotBuilder b;
  b.Product("A", 10000);                    // 100.00 USD
  b.Product("B", 1000000).Currency("JPY");  // 1,000,000 JPY
  b.Product("X", 1500);                     // 15.00 USD
  b.CrossSell("A", "X", 0.5f);
  SnapshotPtr s = b.Build();
  DecisionInput in = CartInput(*s, {"A", "B"});
  in.budget_sensitive = true;
  // 10% of 100.00 USD is 10.00: X does not fit. Adding the yen as if they
  // were cents would have made the share 1,010.00.
  EXPECT_EQ(ReasonFor(*s, Decide(*s, in, {}, kNow), "X"), v1::BUDGET_SENSITIVE);
}

TEST(CurrencyRulesTest, MismatchComesAfterStockAndBeforeChannel) {
  SnapshotBuilder b;
  b.Product("A", 10000);
  b.Product("X", 900).Currency("EUR").OutOfStock();
  b.Product("Y", 900).Currency("EUR");
  b.CrossSell("A", "X", 0.5f);
  b.CrossSell("A", "Y", 0.01f);  // also irrelevant
  SnapshotPtr s = b.Build();
  DecisionInput in = CartInput(*s, {"A"}, v1::SUPPORT_DESK);  // no cross-sell
  in.want_upsell = true;
  Decision d = Decide(*s, in, {}, kNow);
  EXPECT_EQ(ReasonFor(*s, d, "X"), v1::OUT_OF_STOCK);
  EXPECT_EQ(ReasonFor(*s, d, "Y"), v1::CURRENCY_MISMATCH);
}

}  // namespace
}  // namespace offergraph
