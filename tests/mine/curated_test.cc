// Curated edges over mined ones: override, block, pass-through, and errors.
#include "mine/curated.h"

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "data/field_parsers.h"
#include "mine/rule_stats.h"

namespace offergraph::mine {
namespace {

using ::testing::HasSubstr;

EdgeRow Mined(std::string from, std::string to, double w) {
  EdgeRow r;
  r.from = std::move(from);
  r.to = std::move(to);
  r.weight = w;
  r.support = 10;
  r.lift = 2;
  return r;
}

std::vector<EdgeRow> MinedRows() {
  return {Mined("A", "B", 0.5), Mined("A", "C", 0.4), Mined("A", "D", 0.3),
          Mined("B", "A", 0.2)};
}

TEST(CuratedTest, OverridesBlocksAndAdds) {
  auto curated = ParseCuratedCsv(
      "from_sku,to_sku,kind,weight,support,lift,pitch,block\n"
      "A,B,cross_sell,0.9,,,Goes with it,\n"  // override
      "A,C,cross_sell,0,,,,\n"                // block by weight 0
      "A,D,cross_sell,0.7,,,,true\n"          // block by column
      "B,Z,cross_sell,0.6,,,,\n"              // new cross-sell
      "A,B,upsell,0.8,,,,\n"                  // upsell passes through
      "Q,R,cross_sell,0,,,,\n",               // block matching nothing
      "curated.csv");
  ASSERT_TRUE(curated.ok()) << curated.status();
  std::vector<EdgeRow> rows = MinedRows();
  MergeStats stats = MergeCurated(*curated, &rows);
  EXPECT_EQ(stats.overridden, 1);
  EXPECT_EQ(stats.blocked, 2);
  EXPECT_EQ(stats.added, 2);
  EXPECT_EQ(stats.unmatched_blocks, 1);
  EXPECT_EQ(FormatEdgesCsv(rows),
            "from_sku,to_sku,kind,weight,support,lift,pitch\n"
            "A,B,cross_sell,0.9,,,Goes with it\n"
            "A,B,upsell,0.8,,,\n"
            "B,Z,cross_sell,0.6,,,\n"
            "B,A,cross_sell,0.2,10,2,\n");
}

TEST(CuratedTest, NoPitchColumnWithoutPitches) {
  std::vector<EdgeRow> rows = MinedRows();
  EXPECT_EQ(FormatEdgesCsv(rows).substr(0, 41),
            "from_sku,to_sku,kind,weight,support,lift\n");
}

TEST(CuratedTest, BadRowsNameLineAndColumn) {
  auto r = ParseCuratedCsv("from_sku,to_sku,kind,weight\nA,B,cross_sell,1.5\n",
                           "c.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("c.csv:2:16: weight"));
  r = ParseCuratedCsv("from_sku,to_sku,kind,weight\nA,B,bundle,1\n", "c.csv");
  EXPECT_THAT(r.status().message(), HasSubstr("c.csv:2:5: kind"));
  r = ParseCuratedCsv(
      "from_sku,to_sku,kind,weight\nA,B,upsell,1\nA,B,upsell,0.5\n", "c.csv");
  EXPECT_THAT(r.status().message(),
              HasSubstr("c.csv:3:1: repeats the edge of line 2"));
  r = ParseCuratedCsv("from_sku,kind,weight\nA,upsell,1\n", "c.csv");
  EXPECT_THAT(r.status().message(), HasSubstr("to_sku"));
  r = ParseCuratedCsv("from_sku,to_sku,kind,weight,block\nA,B,upsell,1,maybe\n",
                      "c.csv");
  EXPECT_THAT(r.status().message(), HasSubstr("c.csv:2:14: block"));
}

TEST(EdgesCsvTest, QuotesSkusAndFormatsFloats) {
  EdgeRow r = Mined("a,b", "say \"x\"", 1.0 / 3);
  r.lift = 12345678.9;
  EXPECT_EQ(FormatEdgesCsv({r}),
            "from_sku,to_sku,kind,weight,support,lift\n"
            "\"a,b\",\"say \"\"x\"\"\",cross_sell,0.3333333333333333,10,"
            "12345678.9\n");
}

// Every number the miner writes parses back (strtod, and the server's own
// field parser) to the very double that was computed.
TEST(EdgesCsvTest, NumbersReadBackAsTheSameDoubles) {
  std::vector<double> values = {1e-05, 0.1 + 0.2, 1.0, 1.0 / 3, 2.5e-300,
                                12345678.9, 1.7976931348623157e308};
  std::mt19937_64 rng(3);
  for (int i = 0; i < 20000; ++i) {
    const int64_t n = 1 + static_cast<int64_t>(rng() % 5000000);
    const int64_t a = 1 + static_cast<int64_t>(rng() % n);
    const int64_t b = 1 + static_cast<int64_t>(rng() % n);
    const int64_t ab = 1 + static_cast<int64_t>(rng() % std::min(a, b));
    values.push_back(RuleConfidence(ab, a));
    values.push_back(RuleLift(ab, n, a, b));
  }
  for (double v : values) {
    std::string text;
    AppendShortestDouble(v, &text);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), v) << text;
    absl::StatusOr<double> parsed = ParseFiniteDouble(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status();
    EXPECT_EQ(*parsed, v) << text;
  }
  std::string text;
  AppendShortestDouble(1e-05, &text);
  text += ' ';
  AppendShortestDouble(0.1 + 0.2, &text);
  EXPECT_EQ(text, "1e-05 0.30000000000000004");
}

}  // namespace
}  // namespace offergraph::mine
