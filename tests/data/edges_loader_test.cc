#include "data/edges_loader.h"

#include <string>

#include "data/catalog_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

using ::testing::HasSubstr;

Catalog TestCatalog() {
  return *ParseCatalogCsv(
      "sku,name,price,product_line,tier\n"
      "T1,tier one,10.00,line,1\n"
      "T2,tier two,14.00,line,2\n"
      "T3,tier three,20.00,line,3\n"
      "X,x,5.00,,\n"
      "Y,y,6.00,,\n"
      "Z,z,7.00,other,1\n",
      "catalog.csv", "USD");
}

constexpr char kHeader[] = "from_sku,to_sku,kind,weight,support,lift,pitch\n";

std::string Error(const std::string& rows) {
  Catalog catalog = TestCatalog();
  absl::StatusOr<OfferGraph> g =
      ParseEdgesCsv(std::string(kHeader) + rows, "edges.csv", catalog);
  EXPECT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(g.status().message());
}

TEST(EdgesLoaderTest, CrossSellsSortedByWeightWithLiftAndPitch) {
  Catalog catalog = TestCatalog();
  absl::StatusOr<OfferGraph> g =
      ParseEdgesCsv(std::string(kHeader) +
                        "X,Y,cross_sell,0.2,10,1.5,\n"
                        "X,Z,cross_sell,0.7,,,\"Goes with it.\"\n"
                        "X,T1,cross_sell,0.7,3,,\n",
                    "edges.csv", catalog);
  ASSERT_TRUE(g.ok()) << g.status();
  absl::Span<const Edge> e = g->CrossSells(catalog.Find("X"));
  ASSERT_EQ(e.size(), 3u);
  // Highest weight first; ties by target id (T1 before Z in the catalog).
  EXPECT_EQ(e[0].to, catalog.Find("T1"));
  EXPECT_EQ(e[1].to, catalog.Find("Z"));
  EXPECT_EQ(g->pitch(e[1].pitch), "Goes with it.");
  EXPECT_EQ(e[2].to, catalog.Find("Y"));
  EXPECT_FLOAT_EQ(e[2].lift, 1.5f);
  EXPECT_LT(e[0].lift, 0);  // unknown
  EXPECT_EQ(g->edge_count(EdgeKind::kCrossSell), 3u);
}

TEST(EdgesLoaderTest, DerivesTierUpsellsAndExplicitEdgeWins) {
  Catalog catalog = TestCatalog();
  absl::StatusOr<OfferGraph> g = ParseEdgesCsv(
      std::string(kHeader) +
          "T1,T2,upsell,0.9,,,\"Explicit pitch.\"\nX,Y,upsell,0.3,,,\n",
      "edges.csv", catalog);
  ASSERT_TRUE(g.ok()) << g.status();
  // T1 -> T2 (explicit, 0.9), T1 -> T3 (derived, 0.5 / 2), T2 -> T3 (derived
  // 0.5).
  absl::Span<const Edge> t1 = g->Upsells(catalog.Find("T1"));
  ASSERT_EQ(t1.size(), 2u);
  EXPECT_EQ(t1[0].to, catalog.Find("T2"));
  EXPECT_FLOAT_EQ(t1[0].weight, 0.9f);
  EXPECT_EQ(t1[0].derived, 0u);
  EXPECT_EQ(g->pitch(t1[0].pitch), "Explicit pitch.");
  EXPECT_EQ(t1[1].to, catalog.Find("T3"));
  EXPECT_FLOAT_EQ(t1[1].weight, 0.25f);
  EXPECT_EQ(t1[1].derived, 1u);
  absl::Span<const Edge> t2 = g->Upsells(catalog.Find("T2"));
  ASSERT_EQ(t2.size(), 1u);
  EXPECT_FLOAT_EQ(t2[0].weight, 0.5f);
  EXPECT_TRUE(g->Upsells(catalog.Find("T3")).empty());
  EXPECT_TRUE(g->Upsells(catalog.Find("Z")).empty());  // alone in its line
  EXPECT_EQ(g->edge_count(EdgeKind::kUpsell), 4u);
  EXPECT_EQ(g->derived_upsell_count(), 2u);
}

TEST(EdgesLoaderTest, BadRows) {
  EXPECT_EQ(Error("X,GHOST,cross_sell,0.5,,,\n"),
            "edges.csv:2:3: to_sku: unknown sku \"GHOST\"");
  EXPECT_EQ(Error("NOPE,X,cross_sell,0.5,,,\n"),
            "edges.csv:2:1: from_sku: unknown sku \"NOPE\"");
  EXPECT_EQ(Error("X,X,cross_sell,0.5,,,\n"),
            "edges.csv:2:3: to_sku: self-edge: \"X\" points to itself");
  EXPECT_EQ(Error("X,Y,crosssell,0.5,,,\n"),
            "edges.csv:2:5: kind: \"crosssell\" must be cross_sell or upsell");
  EXPECT_EQ(Error("X,Y,cross_sell,1.5,,,\n"),
            "edges.csv:2:16: weight: \"1.5\" must be in (0, 1]");
  EXPECT_EQ(Error("X,Y,cross_sell,0,,,\n"),
            "edges.csv:2:16: weight: \"0\" must be in (0, 1]");
  EXPECT_EQ(Error("X,Y,cross_sell,nan,,,\n"),
            "edges.csv:2:16: weight: \"nan\" is not a finite number");
  EXPECT_EQ(Error("X,Y,cross_sell,0.5,-2,,\n"),
            "edges.csv:2:20: support: \"-2\" must be a whole number >= 0");
  EXPECT_EQ(Error("X,Y,cross_sell,0.5,,-1,\n"),
            "edges.csv:2:21: lift: \"-1\" must not be negative");
  EXPECT_EQ(Error("X,Y,cross_sell\n"),
            "edges.csv:2:1: expected 7 fields (as in the header), got 3");
}

TEST(EdgesLoaderTest, DuplicateEdgePointsAtBothLines) {
  EXPECT_EQ(
      Error("X,Y,cross_sell,0.5,,,\nY,X,cross_sell,0.5,,,\nX,Y,cross_sell,0.4,,"
            ",\n"),
      "edges.csv:4:1: duplicate cross_sell edge X -> Y (first on line 2)");
  // The same pair as cross-sell and upsell is fine.
  Catalog catalog = TestCatalog();
  EXPECT_TRUE(ParseEdgesCsv(std::string(kHeader) +
                                "X,Y,cross_sell,0.5,,,\nX,Y,upsell,0.5,,,\n",
                            "edges.csv", catalog)
                  .ok());
}

TEST(EdgesLoaderTest, ReportsTheEarliestRepeatAmongSeveral) {
  // Two repeated pairs: Y -> X repeats on line 5, X -> Y only on line 6.
  EXPECT_EQ(
      Error("X,Y,cross_sell,0.5,,,\n"
            "Y,X,cross_sell,0.5,,,\n"
            "X,Z,cross_sell,0.5,,,\n"
            "Y,X,cross_sell,0.3,,,\n"
            "X,Y,cross_sell,0.4,,,\n"),
      "edges.csv:5:1: duplicate cross_sell edge Y -> X (first on line 3)");
  EXPECT_EQ(Error("X,Y,upsell,0.5,,,\nX,Z,upsell,0.5,,,\nX,Y,upsell,0.2,,,\n"
                  "X,Y,upsell,0.1,,,\n"),
            "edges.csv:4:1: duplicate upsell edge X -> Y (first on line 2)");
  // An explicit upsell may repeat a derived one (it replaces it), once.
  EXPECT_EQ(Error("T1,T2,upsell,0.5,,,\nT1,T2,upsell,0.6,,,\n"),
            "edges.csv:3:1: duplicate upsell edge T1 -> T2 (first on line 2)");
}

TEST(EdgesLoaderTest, QuotedSkusAndPitchesSharedAcrossRows) {
  Catalog catalog = TestCatalog();
  absl::StatusOr<OfferGraph> g =
      ParseEdgesCsv(std::string(kHeader) +
                        "\"X\",Y,cross_sell,0.5,,,\"Say \"\"yes\"\".\"\n"
                        "X,\"Z\",cross_sell,0.5,,,\"Say \"\"yes\"\".\"\n"
                        "Y,Z,cross_sell,1,,,Other.\n",
                    "edges.csv", catalog);
  ASSERT_TRUE(g.ok()) << g.status();
  absl::Span<const Edge> x = g->CrossSells(catalog.Find("X"));
  ASSERT_EQ(x.size(), 2u);
  EXPECT_EQ(x[0].pitch, x[1].pitch);
  EXPECT_EQ(g->pitch(x[0].pitch), "Say \"yes\".");
  EXPECT_EQ(g->pitch(g->CrossSells(catalog.Find("Y"))[0].pitch), "Other.");
}

TEST(EdgesLoaderTest, LoadsAFileAndLabelsErrorsWithItsName) {
  absl::StatusOr<Catalog> catalog =
      LoadCatalogFile(OFFERGRAPH_TESTDATA_DIR "/small/catalog.csv", "USD");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  absl::StatusOr<OfferGraph> g =
      LoadEdgesFile(OFFERGRAPH_TESTDATA_DIR "/small/edges.csv", *catalog);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->edge_count(EdgeKind::kCrossSell), 3u);
  Catalog other = TestCatalog();
  EXPECT_THAT(LoadEdgesFile(OFFERGRAPH_TESTDATA_DIR "/small/edges.csv", other)
                  .status()
                  .message(),
              HasSubstr("edges.csv:2:1: from_sku: unknown sku \"PHONE-S\""));
}

// Regression (issue 15): an upsell from a USD laptop to a EUR one got a
// price_delta computed across currencies.
TEST(EdgesLoaderTest, UpsellBetweenCurrenciesIsRefused) {
  Catalog catalog = *ParseCatalogCsv(
      "sku,name,price,currency\n"
      "US,laptop,899.00,USD\n"
      "EU,laptop eu,999.00,EUR\n"
      "EU2,laptop eu 2,1099.00,EUR\n"
      "JP,case,500,JPY\n",
      "catalog.csv", "USD");
  absl::StatusOr<OfferGraph> g = ParseEdgesCsv(
      "from_sku,to_sku,kind,weight\n"
      "EU,EU2,upsell,0.5\n"
      "US,JP,cross_sell,0.5\n"  // a cross-sell may: Suggest filters it
      "US,EU,upsell,0.5\n",
      "edges.csv", catalog);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(g.status().message(),
            "edges.csv:4:1: upsell US (USD) -> EU (EUR) crosses currencies; "
            "an upgrade stays in one currency");
  EXPECT_TRUE(ParseEdgesCsv("from_sku,to_sku,kind,weight\n"
                            "EU,EU2,upsell,0.5\nUS,JP,cross_sell,0.5\n",
                            "edges.csv", catalog)
                  .ok());
}

TEST(EdgesLoaderTest, UpgradeCycles) {
  // Down a tier: closes a cycle with the derived T2 -> T3 edge.
  EXPECT_EQ(Error("X,Y,cross_sell,0.5,,,\nT3,T2,upsell,0.5,,,\n"),
            "edges.csv:3:1: upgrade cycle: T2 -> T3 -> T2");
  EXPECT_THAT(
      Error("X,Y,upsell,0.5,,,\nY,Z,upsell,0.5,,,\nZ,X,upsell,0.5,,,\n"),
      HasSubstr("upgrade cycle: X -> Y -> Z -> X"));
  // A cross-sell loop is not an upgrade cycle.
  Catalog catalog = TestCatalog();
  EXPECT_TRUE(
      ParseEdgesCsv(std::string(kHeader) +
                        "X,Y,cross_sell,0.5,,,\nY,X,cross_sell,0.5,,,\n",
                    "edges.csv", catalog)
          .ok());
}

TEST(EdgesLoaderTest, MissingColumnsAndFile) {
  Catalog catalog = TestCatalog();
  EXPECT_EQ(ParseEdgesCsv("from_sku,to_sku,kind\n", "edges.csv", catalog)
                .status()
                .message(),
            "edges.csv:1:1: missing required column \"weight\"");
  EXPECT_EQ(LoadEdgesFile("/nonexistent/edges.csv", catalog).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace offergraph

namespace offergraph {
namespace {

// Regression: derived tier edges arrive in hash-map order; they were merged
// into the sorted upsell list unsorted, which corrupted the cycle search
// (a crash, or a missed cycle) depending on the process's hash seed.
TEST(EdgesLoaderRegressionTest, ManyProductLinesDeriveAndDetectCycles) {
  std::string catalog_csv = "sku,name,price,product_line,tier\n";
  for (int line = 0; line < 60; ++line) {
    for (int tier = 1; tier <= 3; ++tier) {
      catalog_csv += "L" + std::to_string(line) + "-T" + std::to_string(tier) +
                     ",n,1" + std::to_string(tier) + ".00,line" +
                     std::to_string(line) + "," + std::to_string(tier) + "\n";
    }
  }
  absl::StatusOr<Catalog> catalog =
      ParseCatalogCsv(catalog_csv, "catalog.csv", "USD");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  const std::string header = "from_sku,to_sku,kind,weight\n";
  absl::StatusOr<OfferGraph> ok = ParseEdgesCsv(header, "edges.csv", *catalog);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->derived_upsell_count(), 60u * 3u);
  for (int line = 0; line < 60; ++line) {
    const std::string t1 = "L" + std::to_string(line) + "-T1";
    EXPECT_EQ(ok->Upsells(catalog->Find(t1)).size(), 2u) << t1;
  }
  for (int line : {0, 29, 59}) {
    const std::string down = "L" + std::to_string(line) + "-T3,L" +
                             std::to_string(line) + "-T1,upsell,0.5\n";
    absl::StatusOr<OfferGraph> bad =
        ParseEdgesCsv(header + down, "edges.csv", *catalog);
    ASSERT_FALSE(bad.ok()) << line;
    EXPECT_THAT(std::string(bad.status().message()),
                ::testing::HasSubstr("edges.csv:2:1: upgrade cycle"));
  }
}

}  // namespace
}  // namespace offergraph
