// Curated edges over mined ones: override, block, pass-through, and errors.
#include "mine/curated.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

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
            "\"a,b\",\"say \"\"x\"\"\",cross_sell,0.333333,10,1.23457e+07\n");
}

}  // namespace
}  // namespace offergraph::mine
