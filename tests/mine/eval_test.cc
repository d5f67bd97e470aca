// Split determinism, metric arithmetic on a hand-computed case, and the
// evaluator on generated orders with a known structure.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "mine/evaluator.h"
#include "mine/ranking_metrics.h"
#include "mine/split.h"

namespace offergraph::mine {
namespace {

TEST(SplitTest, Fnv1aMatchesThePublishedTestVectors) {
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ull);
}

TEST(SplitTest, StableShareAndSeedDependent) {
  int test = 0, moved = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const std::string id = std::to_string(1000000 + i * 13);
    const bool a = IsTestOrder(id, 1, 0.2);
    EXPECT_EQ(a, IsTestOrder(id, 1, 0.2));
    // A larger share only adds orders to the test side.
    if (a) {
      EXPECT_TRUE(IsTestOrder(id, 1, 0.3));
    }
    test += a;
    moved += a != IsTestOrder(id, 2, 0.2);
  }
  EXPECT_NEAR(test / static_cast<double>(n), 0.2, 0.01);
  EXPECT_GT(moved, n / 10);  // another seed is another split
}

TEST(RankingMetricsTest, HandComputedCase) {
  RankingMetrics m(20);
  m.Add({5, 3, 9}, 3);                             // rank 2
  m.Add({}, 1);                                    // empty
  m.Add({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10);      // rank 10
  m.Add({1}, 1);                                   // rank 1
  m.Add({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 11);  // rank 11: beyond 10
  MethodMetrics r = m.Result();
  EXPECT_EQ(r.queries, 5);
  EXPECT_DOUBLE_EQ(r.hit_rate[0], 1.0 / 5);  // @1
  EXPECT_DOUBLE_EQ(r.hit_rate[1], 2.0 / 5);  // @3
  EXPECT_DOUBLE_EQ(r.hit_rate[2], 3.0 / 5);  // @10
  EXPECT_DOUBLE_EQ(r.ndcg[0], 1.0 / 5);
  EXPECT_DOUBLE_EQ(r.ndcg[1], (1.0 + 1.0 / std::log2(3.0)) / 5);
  EXPECT_DOUBLE_EQ(r.ndcg[2],
                   (1.0 + 1.0 / std::log2(3.0) + 1.0 / std::log2(11.0)) / 5);
  EXPECT_DOUBLE_EQ(r.coverage, 10.0 / 20);  // item 11 was never in a top 10
  EXPECT_DOUBLE_EQ(r.empty_share, 1.0 / 5);
  EXPECT_DOUBLE_EQ(r.mean_offers, (3 + 0 + 10 + 1 + 10) / 5.0);
  EXPECT_DOUBLE_EQ(r.hits_per_offer, 3.0 / 24);
}

// Pairs (x_i, y_i) bought together, plus one very popular item in most
// orders: the held-out partner is found from the cart, popularity cannot.
Baskets PairedOrders() {
  BasketBuilder b;
  for (int o = 0; o < 3000; ++o) {
    const std::string id = "o" + std::to_string(o);
    const int pair = o % 50;
    b.Add(id, "x" + std::to_string(pair));
    b.Add(id, "y" + std::to_string(pair));
    if (o % 3 != 0) b.Add(id, "milk");
    if (o % 7 == 0) b.Add(id, "z" + std::to_string(o % 11));
  }
  return std::move(b).Finish();
}

TEST(EvaluatorTest, EngineFindsPartnersPopularityMisses) {
  Baskets baskets = PairedOrders();
  EvalConfig config;
  config.mine.min_support = 2;
  config.rules.value_weight = 0;
  auto r = Evaluate(baskets, PlaceholderCatalog(baskets), config);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->methods.size(), 4u);
  EXPECT_EQ(r->train_orders + r->test_orders, 3000);
  EXPECT_GT(r->test_orders_used, 400);
  const MethodMetrics& pop = r->methods[0].second;
  const MethodMetrics& og = r->methods[2].second;
  EXPECT_EQ(r->methods[2].first, "offergraph");
  EXPECT_GT(og.hit_rate[0], pop.hit_rate[0] + 0.3);
  EXPECT_GE(og.hit_rate[2], pop.hit_rate[2]);
  // Same inputs, same numbers.
  auto again = Evaluate(baskets, PlaceholderCatalog(baskets), config);
  EXPECT_EQ(FormatEvalJson(*r), FormatEvalJson(*again));
}

TEST(EvaluatorTest, JsonHasTheContractKeys) {
  Baskets baskets = PairedOrders();
  EvalConfig config;
  config.max_test_orders = 10;
  auto r = Evaluate(baskets, PlaceholderCatalog(baskets), config);
  ASSERT_TRUE(r.ok());
  const std::string json = FormatEvalJson(*r);
  for (const char* key :
       {"{\"methods\": {\"popularity\": {", "\"single_anchor\": {",
        "\"offergraph\": {", "\"offergraph_no_threshold\": {",
        "\"hit_rate@1\": ", "\"hit_rate@3\": ", "\"hit_rate@10\": ",
        "\"ndcg@10\": ", "\"coverage\": ", "\"empty_share\": "}) {
    EXPECT_NE(json.find(key), std::string::npos) << key;
  }
  EXPECT_EQ(r->test_orders_used, 10);
}

TEST(EvaluatorTest, VariantsAddRowsWithTheirOwnRules) {
  Baskets baskets = PairedOrders();
  EvalConfig config;
  config.mine.min_support = 2;
  config.rules.value_weight = 0;
  RuleParams same = config.rules;
  RuleParams sum = config.rules;
  sum.cross_sell_combination = v1::COMBINATION_SUM;
  sum.popularity_exponent = 0.5;
  config.variants = {{"same", same}, {"sum_a0.5", sum}};
  auto r = Evaluate(baskets, PlaceholderCatalog(baskets), config);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->methods.size(), 6u);
  EXPECT_EQ(r->methods[4].first, "same");
  EXPECT_EQ(r->methods[5].first, "sum_a0.5");
  // Same rules, same numbers as the offergraph row.
  const MethodMetrics& og = r->methods[2].second;
  const MethodMetrics& again = r->methods[4].second;
  EXPECT_EQ(og.hit_rate, again.hit_rate);
  EXPECT_EQ(og.ndcg, again.ndcg);
  EXPECT_EQ(og.queries, r->methods[5].second.queries);
}

TEST(EvaluatorTest, ValidationNeverSeesTheTestSide) {
  Baskets baskets = PairedOrders();
  EvalConfig config;
  config.mine.min_support = 2;
  auto test = Evaluate(baskets, PlaceholderCatalog(baskets), config);
  config.validation = true;
  auto val = Evaluate(baskets, PlaceholderCatalog(baskets), config);
  ASSERT_TRUE(test.ok());
  ASSERT_TRUE(val.ok());
  // The validation run holds only the train side, split again.
  EXPECT_EQ(val->train_orders + val->test_orders, test->train_orders);
  EXPECT_NEAR(static_cast<double>(val->test_orders) / test->train_orders, 0.2,
              0.03);
}

TEST(EvaluatorTest, RejectsABadShare) {
  Baskets baskets = PairedOrders();
  EvalConfig config;
  config.test_share = 1.0;
  EXPECT_FALSE(Evaluate(baskets, PlaceholderCatalog(baskets), config).ok());
}

}  // namespace
}  // namespace offergraph::mine
