// The two-thread edges parse must give what a sequential parse gives: the
// same graph, and for a bad file the same first error (file:line:column),
// wherever the split falls and whichever half holds the error.
#include <string>

#include "absl/strings/str_cat.h"
#include "data/catalog_loader.h"
#include "data/edges_loader.h"
#include "data/parse_progress.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

using ::testing::HasSubstr;

constexpr int kProducts = 200;

Catalog TestCatalog() {
  std::string csv = "sku,name,price,product_line,tier\n";
  for (int i = 0; i < kProducts; ++i) {
    // Every tenth product starts a two-tier line with the next one.
    const bool lined = i % 10 < 2;
    absl::StrAppend(&csv, "P", i, ",product ", i, ",1.00,",
                    lined ? absl::StrCat("line", i / 10) : "", ",",
                    lined ? absl::StrCat(i % 10 + 1) : "", "\n");
  }
  return *ParseCatalogCsv(csv, "catalog.csv", "USD");
}

constexpr char kHeader[] = "from_sku,to_sku,kind,weight,lift,pitch\n";

// `rows` rows of a valid file (row r joins product r/3 to the next one, two
// or three), some with a pitch, some upsells between products of no line.
// Different `first` rows give different edges while r/3 < kProducts.
std::string Rows(int rows, int first = 0) {
  std::string out;
  for (int r = first; r < first + rows; ++r) {
    const int from = r / 3 % kProducts;
    const int to = (from + 1 + r % 3) % kProducts;
    const bool upsell = from % 10 >= 5 && r % 3 == 0 && to % 10 >= 5;
    absl::StrAppend(
        &out, "P", from, ",P", to, ",", upsell ? "upsell" : "cross_sell", ",0.",
        1 + r % 9, ",", r % 2 ? "1.5" : "", ",",
        r % 7 == 0 ? absl::StrCat("\"pitch ", r % 4, "\"") : "", "\n");
  }
  return out;
}

absl::StatusOr<OfferGraph> Parse(const std::string& rows, int threads) {
  static const Catalog* catalog = new Catalog(TestCatalog());
  EdgesParseOptions options;
  options.threads = threads;
  options.min_parallel_bytes = 0;  // split even a small file
  return ParseEdgesCsv(
      std::string(kHeader) + rows, "edges.csv", *catalog, [](size_t) {},
      options);
}

std::string ErrorOf(const absl::StatusOr<OfferGraph>& g) {
  return g.ok() ? "OK" : std::string(g.status().message());
}

// Same error text from one thread and from two.
void ExpectSameError(const std::string& rows, const std::string& want) {
  const std::string sequential = ErrorOf(Parse(rows, 1));
  EXPECT_THAT(sequential, HasSubstr(want));
  EXPECT_EQ(ErrorOf(Parse(rows, 2)), sequential);
}

TEST(EdgesParallelTest, SameGraphAsSequential) {
  const std::string rows = Rows(600);
  absl::StatusOr<OfferGraph> one = Parse(rows, 1);
  absl::StatusOr<OfferGraph> two = Parse(rows, 2);
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_TRUE(two.ok()) << two.status();
  for (EdgeKind kind : {EdgeKind::kCrossSell, EdgeKind::kUpsell}) {
    ASSERT_EQ(one->edge_count(kind), two->edge_count(kind));
    for (ProductId p = 0; p < kProducts; ++p) {
      absl::Span<const Edge> a = one->edges(kind, p);
      absl::Span<const Edge> b = two->edges(kind, p);
      ASSERT_EQ(a.size(), b.size());
      for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].to, b[i].to);
        EXPECT_EQ(a[i].weight, b[i].weight);
        EXPECT_EQ(a[i].lift, b[i].lift);
        EXPECT_EQ(a[i].derived, b[i].derived);
        EXPECT_EQ(one->pitch(a[i].pitch), two->pitch(b[i].pitch));
      }
    }
  }
  EXPECT_GT(one->edge_count(EdgeKind::kUpsell), 0u);
  EXPECT_GT(one->derived_upsell_count(), 0u);
}

TEST(EdgesParallelTest, ErrorInTheSecondHalfHasItsTrueLine) {
  // Row 500 of 600 (line 501): an unknown sku, well past the split.
  std::string rows = Rows(499) + "P1,GHOST,cross_sell,0.5,,\n" + Rows(100);
  ExpectSameError(rows, "edges.csv:501:4: to_sku: unknown sku \"GHOST\"");
  // A bad weight, column 14, on the last line.
  rows = Rows(599) + "P1,P2,upsell,2,,\n";
  ExpectSameError(rows, "edges.csv:601:14: weight:");
  // Wrong field count.
  rows = Rows(450) + "P1,P2\n" + Rows(10);
  ExpectSameError(rows, "edges.csv:452:1: expected 6 fields");
}

TEST(EdgesParallelTest, ErrorsInBothHalvesReportTheFirst) {
  const std::string rows = Rows(50) + "P1,P1,cross_sell,0.5,,\n" + Rows(500) +
                           "P1,GHOST,cross_sell,0.5,,\n" + Rows(10);
  ExpectSameError(rows, "edges.csv:52:4: to_sku: self-edge");
}

TEST(EdgesParallelTest, InvalidUtf8InTheSecondHalfWinsOverAnEarlierBadRow) {
  const std::string rows = Rows(50) + "P1,GHOST,cross_sell,0.5,,\n" +
                           Rows(500) + "P1,P2,cross_sell,0.5,,\"caf\xC3\"\n";
  ExpectSameError(rows, "edges.csv:553:");
  EXPECT_THAT(ErrorOf(Parse(rows, 2)), HasSubstr("invalid UTF-8"));
}

TEST(EdgesParallelTest, DuplicatesAcrossHalvesNameBothLines) {
  // The first row repeated on the last line, for each kind (Rows() never
  // joins products four or more apart).
  const std::string base = Rows(600);
  std::string rows = "P5,P9,upsell,0.5,,\n" + base + "P5,P9,upsell,0.4,,\n";
  ExpectSameError(rows,
                  "edges.csv:603:1: duplicate upsell edge P5 -> P9 "
                  "(first on line 2)");
  rows = "P150,P199,cross_sell,0.5,,\n" + base + "P150,P199,cross_sell,0.4,,\n";
  ExpectSameError(rows,
                  "edges.csv:603:1: duplicate cross_sell edge P150 -> "
                  "P199 (first on line 2)");
}

TEST(EdgesParallelTest, QuotedNewlineAcrossTheSplitFallsBackToOneThread) {
  // A short front, a pitch of 40 quoted lines, a short back: the middle of
  // the file, where the split looks for a newline, is inside the pitch.
  std::string pitch;
  for (int i = 0; i < 40; ++i) absl::StrAppend(&pitch, "line ", i, "\n");
  const std::string rows =
      Rows(5) + "P1,P9,cross_sell,0.5,,\"" + pitch + "\"\n" + Rows(5, 300);
  const std::string text = std::string(kHeader) + rows;
  const size_t middle = sizeof(kHeader) - 1 + rows.size() / 2;
  ASSERT_GT(middle, text.find("line 0"));
  ASSERT_LT(middle, text.find("line 39"));
  absl::StatusOr<OfferGraph> one = Parse(rows, 1);
  absl::StatusOr<OfferGraph> two = Parse(rows, 2);
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ(one->edge_count(EdgeKind::kCrossSell), 11u);
  EXPECT_EQ(two->edge_count(EdgeKind::kCrossSell), 11u);
  std::string read_pitch = "(no edge P1 -> P9)";
  for (const Edge& e : two->CrossSells(1)) {
    if (e.to == 9) read_pitch = two->pitch(e.pitch);
  }
  EXPECT_EQ(read_pitch, pitch);
  // An error after the pitch keeps its true line: header, 5 rows, the row
  // with the pitch (41 lines), 5 rows, then line 53.
  ExpectSameError(rows + "P1,GHOST,cross_sell,0.5,,\n",
                  "edges.csv:53:4: to_sku: unknown sku \"GHOST\"");
}

}  // namespace
}  // namespace offergraph
