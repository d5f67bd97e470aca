#include "tools/datagen.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "offergraph/snapshot_loader.h"
#include "testing/temp_dir.h"
#include "util/file_util.h"

namespace offergraph {
namespace tools {
namespace {

using ::offergraph::testing::ReadFileOrDie;
using ::offergraph::testing::TempDir;

DataGenOptions Small(const std::string& dir) {
  DataGenOptions o;
  o.out_dir = dir;
  o.products = 5000;
  o.edges = 40000;
  o.category_size = 200;
  o.max_out_degree = 1000;
  o.seed = 7;
  return o;
}

int64_t Lines(const std::string& text) {
  return std::count(text.begin(), text.end(), '\n');
}

TEST(DataGenTest, WritesExactlyTheRequestedCounts) {
  TempDir dir;
  absl::StatusOr<DataGenStats> stats = GenerateData(Small(dir.path()));
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->products, 5000);
  EXPECT_EQ(stats->cross_sell_edges + stats->upsell_edges, 40000);
  EXPECT_GT(stats->upsell_edges, 0);
  // Header plus one row per product / edge.
  EXPECT_EQ(Lines(ReadFileOrDie(dir.path() + "/catalog.csv")), 5001);
  EXPECT_EQ(Lines(ReadFileOrDie(dir.path() + "/edges.csv")), 40001);
  EXPECT_LE(stats->max_out_degree, 1000);
}

TEST(DataGenTest, OutDegreeIsSkewedWithALongTail) {
  TempDir dir;
  DataGenOptions o = Small(dir.path());
  o.edges = 15000;  // 3 per product on average, as 10 per product at 1M
  absl::StatusOr<DataGenStats> stats = GenerateData(o);
  ASSERT_TRUE(stats.ok()) << stats.status();
  // Uniform degrees would give the top 1% of products 1% of the edges.
  EXPECT_GT(stats->top1pct_edge_share, 0.10);
  // ... and some products have no edges at all.
  EXPECT_LT(stats->sources_with_edges, stats->products);
  EXPECT_GT(stats->max_out_degree, 10 * o.edges / o.products);
}

TEST(DataGenTest, SameSeedSameBytesOtherSeedOtherBytes) {
  TempDir a, b, c;
  DataGenOptions o = Small(a.path());
  ASSERT_TRUE(GenerateData(o).ok());
  o.out_dir = b.path();
  ASSERT_TRUE(GenerateData(o).ok());
  o.out_dir = c.path();
  o.seed = 8;
  ASSERT_TRUE(GenerateData(o).ok());
  for (const char* file : {"/catalog.csv", "/edges.csv"}) {
    EXPECT_EQ(ReadFileOrDie(a.path() + file), ReadFileOrDie(b.path() + file))
        << file;
    EXPECT_NE(ReadFileOrDie(a.path() + file), ReadFileOrDie(c.path() + file))
        << file;
  }
}

TEST(DataGenTest, OutputLoadsAsASnapshot) {
  TempDir dir;
  absl::StatusOr<DataGenStats> stats = GenerateData(Small(dir.path()));
  ASSERT_TRUE(stats.ok()) << stats.status();
  // The loader rejects self-edges, duplicates and upgrade cycles.
  absl::StatusOr<std::shared_ptr<const Snapshot>> snapshot =
      LoadSnapshot({dir.path(), ""}, 1);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  const Snapshot& s = **snapshot;
  EXPECT_EQ(s.catalog.size(), 5000u);
  EXPECT_EQ(s.graph.edge_count(EdgeKind::kCrossSell),
            static_cast<size_t>(stats->cross_sell_edges));
  // Explicit upsells plus those derived from product-line tiers (an explicit
  // edge replaces a derived one between the same two products).
  EXPECT_GE(s.graph.edge_count(EdgeKind::kUpsell),
            static_cast<size_t>(stats->upsell_edges));
  EXPECT_GT(s.graph.derived_upsell_count(), 0u);
  EXPECT_NE(s.catalog.Find(GeneratedSku(4999)), kNoProduct);
}

TEST(DataGenTest, RejectsMoreEdgesThanTheDegreeCapAllows) {
  TempDir dir;
  DataGenOptions o = Small(dir.path());
  o.products = 10;
  o.edges = 1000;
  EXPECT_EQ(GenerateData(o).status().code(),
            absl::StatusCode::kInvalidArgument);
}

DataGenOptions WithDeals(const std::string& dir) {
  DataGenOptions o = Small(dir);
  o.deals.bundles = 300;
  o.deals.quantity_breaks = 400;
  o.deals.promotions = 500;
  o.deals.now = absl::FromUnixSeconds(1800000000);
  return o;
}

TEST(DataGenTest, DealsLoadAsASnapshotAndLeaveCatalogAndEdgesAlone) {
  TempDir plain, with;
  ASSERT_TRUE(GenerateData(Small(plain.path())).ok());
  absl::StatusOr<DataGenStats> stats = GenerateData(WithDeals(with.path()));
  ASSERT_TRUE(stats.ok()) << stats.status();
  for (const char* file : {"/catalog.csv", "/edges.csv"}) {
    EXPECT_EQ(ReadFileOrDie(plain.path() + file),
              ReadFileOrDie(with.path() + file))
        << file;
  }
  EXPECT_FALSE(FileExists(plain.path() + "/bundles.csv"));
  EXPECT_FALSE(FileExists(plain.path() + "/quantity_breaks.csv"));
  EXPECT_FALSE(FileExists(plain.path() + "/promotions.csv"));
  EXPECT_EQ(stats->deals.bundles, 300);
  EXPECT_EQ(stats->deals.promotions, 500);
  // 400 skus with one or two tiers.
  EXPECT_GE(stats->deals.quantity_break_rows, 400);
  EXPECT_LE(stats->deals.quantity_break_rows, 800);
  EXPECT_GT(stats->deals.quantity_break_rows, 450);

  absl::StatusOr<std::shared_ptr<const Snapshot>> snapshot =
      LoadSnapshot({with.path(), ""}, 1);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  const Deals& deals = (*snapshot)->deals;
  EXPECT_EQ(deals.bundles().size(), 300u);
  EXPECT_EQ(deals.quantity_break_count(),
            static_cast<size_t>(stats->deals.quantity_break_rows));
  EXPECT_EQ(deals.promotions().size(), 500u);
  const absl::Time now = absl::FromUnixSeconds(1800000000);
  int category_promotions = 0;
  for (const Promotion& p : deals.promotions()) {
    EXPECT_TRUE(p.ValidAt(now)) << p.id;
    EXPECT_EQ(p.valid_until - p.valid_from, absl::Hours(31 * 24)) << p.id;
    category_promotions += p.product == kNoProduct;
  }
  EXPECT_GT(category_promotions, 0);
  for (const Bundle& b : deals.bundles()) {
    ASSERT_GE(b.members.size(), 2u) << b.id;
    ASSERT_LE(b.members.size(), 4u) << b.id;
    const std::string& category =
        (*snapshot)->catalog.product(b.members[0].product).category;
    for (const BundleMember& m : b.members) {
      EXPECT_EQ((*snapshot)->catalog.product(m.product).category, category)
          << b.id;
    }
    EXPECT_GE(b.rule.discount_bp, 500) << b.id;
    EXPECT_LE(b.rule.discount_bp, 1500) << b.id;
  }
}

TEST(DataGenTest, DealsAreTheSameBytesForTheSameSeed) {
  TempDir a, b, c;
  ASSERT_TRUE(GenerateData(WithDeals(a.path())).ok());
  ASSERT_TRUE(GenerateData(WithDeals(b.path())).ok());
  DataGenOptions o = WithDeals(c.path());
  o.seed = 8;
  ASSERT_TRUE(GenerateData(o).ok());
  for (const char* file :
       {"/bundles.csv", "/quantity_breaks.csv", "/promotions.csv"}) {
    EXPECT_EQ(ReadFileOrDie(a.path() + file), ReadFileOrDie(b.path() + file))
        << file;
    EXPECT_NE(ReadFileOrDie(a.path() + file), ReadFileOrDie(c.path() + file))
        << file;
  }
}

TEST(DataGenTest, RejectsImpossibleDeals) {
  TempDir dir;
  DataGenOptions o = Small(dir.path());
  o.deals.quantity_breaks = 5001;
  EXPECT_EQ(GenerateData(o).status().code(),
            absl::StatusCode::kInvalidArgument);
  o.deals.quantity_breaks = 0;
  o.deals.promotions = -1;
  EXPECT_EQ(GenerateData(o).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(FileExists(dir.path() + "/catalog.csv"));  // checked first
}

}  // namespace
}  // namespace tools
}  // namespace offergraph
