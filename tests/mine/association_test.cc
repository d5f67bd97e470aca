// Counting and statistics of pairwise rules on hand-checked baskets, and
// against a brute-force count of the textbook definitions on random baskets.
#include "mine/association.h"

#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mine/baskets.h"

namespace offergraph::mine {
namespace {

using ::testing::ElementsAre;

Baskets Build(const std::vector<std::pair<std::string, std::string>>& lines) {
  BasketBuilder b;
  for (const auto& [order, sku] : lines) b.Add(order, sku);
  return std::move(b).Finish();
}

// o1 {A,B,C}, o2 {A,B}, o3 {A,A,C} (A twice), o4 {B} (one item), o5 {} (an
// order line without an item). N = 5; support A 3, B 3, C 2; AB 2, AC 2, BC 1.
Baskets HandBaskets() {
  return Build({{"o1", "A"},
                {"o1", "B"},
                {"o1", "C"},
                {"o2", "B"},
                {"o2", "A"},
                {"o3", "A"},
                {"o3", "C"},
                {"o3", "A"},
                {"o4", "B"},
                {"o5", ""}});
}

struct Named {
  std::string from, to;
  int64_t support;
  double confidence, lift;
};

std::vector<Named> Names(const MineResult& r, const Baskets& b) {
  std::vector<Named> out;
  for (const Rule& x : r.rules) {
    out.push_back(
        {b.skus[x.from], b.skus[x.to], x.support, x.confidence, x.lift});
  }
  return out;
}

TEST(BasketsTest, DuplicatesCountOnceAndEmptyOrdersCount) {
  Baskets b = HandBaskets();
  EXPECT_EQ(b.order_count(), 5u);
  EXPECT_EQ(b.lines, 10);
  EXPECT_EQ(b.order(2).size(), 2u);  // o3: A, C
  EXPECT_TRUE(b.order(4).empty());   // o5
}

TEST(BasketsTest, UngroupedLinesGiveTheSameBaskets) {
  Baskets grouped = Build({{"1", "x"}, {"1", "y"}, {"2", "y"}, {"2", "z"}});
  Baskets mixed = Build({{"1", "x"}, {"2", "y"}, {"1", "y"}, {"2", "z"}});
  ASSERT_EQ(mixed.order_count(), 2u);
  for (size_t o = 0; o < 2; ++o) {
    std::set<std::string> g, m;
    for (uint32_t id : grouped.order(o)) g.insert(grouped.skus[id]);
    for (uint32_t id : mixed.order(o)) m.insert(mixed.skus[id]);
    EXPECT_EQ(g, m);
  }
}

TEST(AssociationTest, HandCheckedStatistics) {
  Baskets b = HandBaskets();
  MineResult r = MineRules(b, MineOptions{});
  EXPECT_EQ(r.orders, 5);
  std::vector<Named> n = Names(r, b);
  ASSERT_EQ(n.size(), 6u);
  // Sorted by from, confidence desc, to.
  EXPECT_EQ(n[0].from + n[0].to, "AB");
  EXPECT_EQ(n[0].support, 2);
  EXPECT_DOUBLE_EQ(n[0].confidence, 2.0 / 3);
  EXPECT_DOUBLE_EQ(n[0].lift, (2.0 / 3) / (3.0 / 5));
  EXPECT_EQ(n[1].from + n[1].to, "AC");
  EXPECT_DOUBLE_EQ(n[1].lift, (2.0 / 3) / (2.0 / 5));
  EXPECT_EQ(n[2].from + n[2].to, "BA");
  EXPECT_EQ(n[3].from + n[3].to, "BC");
  EXPECT_EQ(n[3].support, 1);
  EXPECT_DOUBLE_EQ(n[3].confidence, 1.0 / 3);
  EXPECT_DOUBLE_EQ(n[3].lift, (1.0 / 3) / (2.0 / 5));
  EXPECT_EQ(n[4].from + n[4].to, "CA");
  EXPECT_DOUBLE_EQ(n[4].confidence, 1.0);
  EXPECT_EQ(n[5].from + n[5].to, "CB");
  EXPECT_DOUBLE_EQ(n[5].confidence, 0.5);
}

TEST(AssociationTest, ThresholdsAreInclusive) {
  Baskets b = HandBaskets();
  MineOptions opt;
  opt.min_support = 2;  // drops B-C
  EXPECT_EQ(MineRules(b, opt).rules.size(), 4u);
  opt.min_confidence = 2.0 / 3;  // keeps A->B, A->C, B->A (= 2/3), C->A
  EXPECT_EQ(MineRules(b, opt).rules.size(), 4u);
  opt.min_support = 1;
  opt.min_confidence = 0;
  opt.min_lift = 1.0;  // B->C and C->B have lift 0.833
  std::vector<Named> n = Names(MineRules(b, opt), b);
  ASSERT_EQ(n.size(), 4u);
  for (const Named& x : n) EXPECT_GE(x.lift, 1.0);
}

TEST(AssociationTest, TopKBreaksConfidenceTiesBySku) {
  Baskets b = HandBaskets();
  MineOptions opt;
  opt.top_k = 1;
  std::vector<Named> n = Names(MineRules(b, opt), b);
  ASSERT_EQ(n.size(), 3u);
  EXPECT_EQ(n[0].from + n[0].to, "AB");  // A->B and A->C tie at 2/3
  EXPECT_EQ(n[1].from + n[1].to, "BA");
  EXPECT_EQ(n[2].from + n[2].to, "CA");
}

TEST(AssociationTest, SingleItemAndEmptyOrdersGiveNoRules) {
  Baskets b = Build({{"1", "x"}, {"2", "y"}, {"3", ""}, {"4", "x"}});
  MineResult r = MineRules(b, MineOptions{});
  EXPECT_TRUE(r.rules.empty());
  EXPECT_EQ(r.orders, 4);
  EXPECT_THAT(r.item_support, ElementsAre(2, 1));
}

TEST(AssociationTest, MatchesBruteForceDefinitions) {
  std::mt19937 rng(7);
  std::vector<std::pair<std::string, std::string>> lines;
  const int orders = 400;
  for (int o = 0; o < orders; ++o) {
    const int n = static_cast<int>(rng() % 7);  // 0..6 lines, repeats likely
    for (int i = 0; i < n; ++i) {
      // Skewed item popularity.
      const int item = static_cast<int>((rng() % 30) * (rng() % 30) / 30);
      lines.emplace_back("o" + std::to_string(o), "i" + std::to_string(item));
    }
    if (n == 0) lines.emplace_back("o" + std::to_string(o), "");
  }
  Baskets b = Build(lines);
  // Brute force over the raw lines.
  std::map<std::string, std::set<std::string>> sets;
  for (const auto& [o, s] : lines) {
    auto& set = sets[o];
    if (!s.empty()) set.insert(s);
  }
  std::map<std::string, int> item;
  std::map<std::pair<std::string, std::string>, int> pair;
  for (const auto& [o, set] : sets) {
    for (const std::string& x : set) {
      ++item[x];
      for (const std::string& y : set) {
        if (x != y) ++pair[{x, y}];
      }
    }
  }
  MineOptions opt;
  opt.min_support = 3;
  opt.min_confidence = 0.1;
  opt.min_lift = 0.9;
  MineResult r = MineRules(b, opt);
  std::map<std::pair<std::string, std::string>, Named> got;
  for (const Named& n : Names(r, b)) got[{n.from, n.to}] = n;
  int expected = 0;
  const double big_n = static_cast<double>(sets.size());
  for (const auto& [key, s] : pair) {
    const double conf = static_cast<double>(s) / item[key.first];
    const double lift = conf / (item[key.second] / big_n);
    if (s < 3 || conf < 0.1 || lift < 0.9) {
      EXPECT_FALSE(got.count(key) > 0) << key.first << "->" << key.second;
      continue;
    }
    ++expected;
    ASSERT_TRUE(got.count(key) > 0) << key.first << "->" << key.second;
    EXPECT_EQ(got[key].support, s);
    EXPECT_NEAR(got[key].confidence, conf, 1e-12);
    EXPECT_NEAR(got[key].lift, lift, 1e-9);
  }
  EXPECT_EQ(static_cast<int>(got.size()), expected);
  EXPECT_GT(expected, 20);  // the data exercises the thresholds
}

}  // namespace
}  // namespace offergraph::mine
