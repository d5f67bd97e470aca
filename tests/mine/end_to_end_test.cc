// From raw orders to offers: mine a generated order file, load the result
// with the server's snapshot loader and ask the engine. Also the tool
// binaries' exit codes and messages.
#include <sys/wait.h>
#include <zlib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mine/baskets.h"
#include "mine/curated.h"
#include "mine/edges_csv.h"
#include "mine/miner.h"
#include "mine/order_reader.h"
#include "offergraph/engine.h"
#include "offergraph/snapshot_loader.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace offergraph::mine {
namespace {

using ::testing::HasSubstr;

// Unsorted, gzip-compressed orders: LAPTOP goes with BAG (90%) and MOUSE
// (60%); PHONE with CASE; WATER is in every other order regardless.
std::string GeneratedOrders() {
  std::string rows;
  for (int o = 0; o < 400; ++o) {
    const std::string id = std::to_string(9000 - o);
    if (o % 2 == 0) {
      rows += id + ",LAPTOP\n";
      if (o % 20 != 0) rows += id + ",BAG\n";
      if (o % 10 < 6) rows += id + ",MOUSE\n";
    } else {
      rows += id + ",PHONE\n";
      rows += id + ",CASE\n";
    }
    if (o % 4 < 2) rows += id + ",WATER\n";
  }
  // Interleave: move every third line to the end (orders not grouped).
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < rows.size()) {
    size_t nl = rows.find('\n', start);
    lines.push_back(rows.substr(start, nl - start + 1));
    start = nl + 1;
  }
  std::string front, back;
  for (size_t i = 0; i < lines.size(); ++i)
    (i % 3 == 0 ? back : front) += lines[i];
  return "order_id,sku\n" + front + back;
}

void WriteGzip(const std::string& path, const std::string& text) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  ASSERT_EQ(gzclose(f), Z_OK);
}

constexpr char kCatalog[] =
    "sku,name,price\nLAPTOP,Laptop,900\nBAG,Bag,40\nMOUSE,Mouse,20\n"
    "PHONE,Phone,500\nCASE,Case,15\nWATER,Water,1\n";

std::vector<std::string> Offers(const Snapshot& s,
                                const std::vector<std::string>& cart) {
  DecisionInput in;
  in.channel = v1::CHECKOUT;
  in.want_upsell = false;
  in.max_offers = 10;
  for (const std::string& sku : cart)
    in.cart.push_back({s.catalog.Find(sku), 1});
  Decision d = Decide(s, in, ContactHistory(), absl::FromUnixSeconds(1e9));
  std::vector<std::string> out;
  for (const RankedOffer& o : d.offers) {
    out.push_back(s.catalog.product(o.product).sku);
  }
  return out;
}

TEST(MineEndToEndTest, MinedEdgesServeTheExpectedOffers) {
  testing::TempDir dir;
  WriteGzip(dir.path() + "/orders.csv.gz", GeneratedOrders());
  dir.WriteFile("data/catalog.csv", kCatalog);
  MinerConfig config;
  config.orders_path = dir.path() + "/orders.csv.gz";
  config.mine.min_support = 5;
  config.out_path = dir.path() + "/data/edges.csv";
  auto report = RunMiner(config);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->orders, 400);

  SnapshotLoadOptions opt;
  opt.data_dir = dir.path() + "/data";
  auto snap = LoadSnapshot(opt, 1);
  ASSERT_TRUE(snap.ok()) << snap.status();
  // BAG (conf 0.9) before MOUSE (0.6); WATER has lift 1 and confidence 0.5:
  // kept by the default threshold (lift >= 1) but ranked last.
  std::vector<std::string> laptop = Offers(**snap, {"LAPTOP"});
  ASSERT_GE(laptop.size(), 2u);
  EXPECT_EQ(laptop[0], "BAG");
  EXPECT_EQ(laptop[1], "MOUSE");
  EXPECT_THAT(Offers(**snap, {"PHONE"}), ::testing::Contains("CASE"));
  EXPECT_EQ(Offers(**snap, {"PHONE"})[0], "CASE");
  // Never a cross-sell between the two families (no co-occurrence).
  EXPECT_THAT(Offers(**snap, {"PHONE"}),
              ::testing::Not(::testing::Contains("BAG")));
}

TEST(MineEndToEndTest, CuratedBlockAndOverrideReachTheEngine) {
  testing::TempDir dir;
  WriteGzip(dir.path() + "/orders.csv.gz", GeneratedOrders());
  dir.WriteFile("data/catalog.csv", kCatalog);
  dir.WriteFile("curated.csv",
                "from_sku,to_sku,kind,weight,block\n"
                "LAPTOP,BAG,cross_sell,0.5,true\n"
                "LAPTOP,CASE,cross_sell,0.95,\n");
  MinerConfig config;
  config.orders_path = dir.path() + "/orders.csv.gz";
  config.mine.min_support = 5;
  config.curated_path = dir.path() + "/curated.csv";
  config.catalog_path = dir.path() + "/data/catalog.csv";
  config.out_path = dir.path() + "/data/edges.csv";
  auto report = RunMiner(config);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->curated.blocked, 1);
  EXPECT_EQ(report->curated.added, 1);
  SnapshotLoadOptions opt;
  opt.data_dir = dir.path() + "/data";
  auto snap = LoadSnapshot(opt, 1);
  ASSERT_TRUE(snap.ok()) << snap.status();
  std::vector<std::string> laptop = Offers(**snap, {"LAPTOP"});
  ASSERT_FALSE(laptop.empty());
  EXPECT_EQ(laptop[0], "CASE");
  EXPECT_THAT(laptop, ::testing::Not(::testing::Contains("BAG")));
}

// The server's loader takes the shortest-form numbers: exponents, 17
// significant digits, "1".
TEST(MineEndToEndTest, ShortestFormNumbersLoadInTheServer) {
  testing::TempDir dir;
  dir.WriteFile("data/catalog.csv", kCatalog);
  std::vector<EdgeRow> rows(4);
  const double weights[] = {1e-05, 0.1 + 0.2, 1.0, 1.0 / 3};
  const char* to[] = {"BAG", "MOUSE", "CASE", "WATER"};
  for (int i = 0; i < 4; ++i) {
    rows[i].from = "LAPTOP";
    rows[i].to = to[i];
    rows[i].weight = weights[i];
    rows[i].support = 3;
    rows[i].lift = i == 0 ? 2.5e-7 : 12345678.9 / (i + 1);
  }
  SortEdgeRows(&rows);
  const std::string csv = FormatEdgesCsv(rows);
  EXPECT_THAT(csv, HasSubstr(",1e-05,3,2.5e-07\n"));
  EXPECT_THAT(csv, HasSubstr(",0.30000000000000004,"));
  dir.WriteFile("data/edges.csv", csv);
  SnapshotLoadOptions opt;
  opt.data_dir = dir.path() + "/data";
  auto snap = LoadSnapshot(opt, 1);
  ASSERT_TRUE(snap.ok()) << snap.status();
  const Snapshot& s = **snap;
  absl::Span<const Edge> edges = s.graph.CrossSells(s.catalog.Find("LAPTOP"));
  ASSERT_EQ(edges.size(), 4u);
  for (const Edge& e : edges) {
    for (const EdgeRow& r : rows) {
      if (s.catalog.product(e.to).sku != r.to) continue;
      EXPECT_EQ(e.weight, static_cast<float>(r.weight)) << r.to;
      EXPECT_EQ(e.lift, static_cast<float>(r.lift)) << r.to;
    }
  }
}

// The streamed file has the rows, in the order, of the old way: all rows
// built in memory, catalog-filtered, curated merged, then stable-sorted.
TEST(MineEndToEndTest, StreamedOutputMatchesTheInMemoryOrder) {
  testing::TempDir dir;
  WriteGzip(dir.path() + "/orders.csv.gz", GeneratedOrders());
  dir.WriteFile("catalog.csv",
                "sku,name,price\nLAPTOP,Laptop,900\nBAG,Bag,40\n"
                "MOUSE,Mouse,20\nPHONE,Phone,500\nCASE,Case,15\n");
  const std::string curated_csv =
      "from_sku,to_sku,kind,weight,pitch,block\n"
      "LAPTOP,BAG,cross_sell,0.5,,true\n"
      "LAPTOP,MOUSE,cross_sell,0.95,Add a mouse,\n"
      "LAPTOP,PHONE,upsell,0.4,,\n"
      "CASE,PHONE,cross_sell,1,,\n"
      "AAA,LAPTOP,cross_sell,0.2,,\n"
      "WATER,LAPTOP,cross_sell,0,,\n";  // blocks a row the catalog drops
  dir.WriteFile("curated.csv", curated_csv);
  MinerConfig config;
  config.orders_path = dir.path() + "/orders.csv.gz";
  config.mine.min_support = 2;
  config.mine.min_confidence = 0;
  config.curated_path = dir.path() + "/curated.csv";
  config.catalog_path = dir.path() + "/catalog.csv";
  config.out_path = dir.path() + "/edges.csv";
  auto report = RunMiner(config);
  ASSERT_TRUE(report.ok()) << report.status();

  // The old way, independently: Baskets -> rules -> rows -> filter -> merge
  // (by hand) -> stable sort.
  auto baskets = ReadBaskets(config.orders_path, config.columns, nullptr);
  ASSERT_TRUE(baskets.ok()) << baskets.status();
  MineResult result = MineRules(*baskets, config.mine);
  auto curated = ParseCuratedCsv(curated_csv, "curated.csv");
  ASSERT_TRUE(curated.ok()) << curated.status();
  const std::vector<std::string> known = {"LAPTOP", "BAG", "MOUSE", "PHONE",
                                          "CASE"};
  auto is_known = [&](const std::string& sku) {
    return std::find(known.begin(), known.end(), sku) != known.end();
  };
  std::vector<EdgeRow> rows;
  for (const Rule& r : result.rules) {
    EdgeRow row;
    row.from = baskets->skus[r.from];
    row.to = baskets->skus[r.to];
    if (!is_known(row.from) || !is_known(row.to)) continue;
    row.weight = r.confidence;
    row.support = r.support;
    row.lift = r.lift;
    bool replaced = false;
    for (const CuratedEdge& c : *curated) {
      if (c.row.from == row.from && c.row.to == row.to &&
          c.row.kind == row.kind) {
        replaced = true;
      }
    }
    if (!replaced) rows.push_back(row);
  }
  for (const CuratedEdge& c : *curated) {
    if (!c.block) rows.push_back(c.row);
  }
  SortEdgeRows(&rows);
  EXPECT_EQ(rows.size(), 9u);
  EXPECT_EQ(testing::ReadFileOrDie(config.out_path), FormatEdgesCsv(rows));
  EXPECT_EQ(report->edges_written, static_cast<int64_t>(rows.size()));
  EXPECT_EQ(report->curated.overridden, 2);  // LAPTOP,MOUSE and CASE,PHONE
  EXPECT_EQ(report->curated.blocked, 1);
  EXPECT_EQ(report->curated.added, 2);
  EXPECT_EQ(report->curated.unmatched_blocks, 1);
}

std::string Tool(const std::string& name) {
  return std::string(OFFERGRAPH_BINARY_DIR) + "/src/mine/" + name;
}

TEST(MineToolTest, BadInputExitsOneWithFileAndLine) {
  testing::TempDir dir;
  dir.WriteFile("o.csv", "order_id,product_id\n1,2\n1\n");
  testing::Subprocess p(
      {Tool("offergraph-mine"), "--orders=" + dir.path() + "/o.csv",
       "--sku_column=product_id", "--out=" + dir.path() + "/edges.csv"});
  std::optional<int> status = p.Wait(absl::Seconds(60));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 1);
  EXPECT_THAT(p.stderr_text(), HasSubstr("o.csv:3: expected 2 fields, got 1"));
}

TEST(MineToolTest, WritesEdgesAndASummary) {
  testing::TempDir dir;
  WriteGzip(dir.path() + "/orders.csv.gz", GeneratedOrders());
  testing::Subprocess p(
      {Tool("offergraph-mine"), "--orders=" + dir.path() + "/orders.csv.gz",
       "--min_support=5", "--top_k=1", "--out=" + dir.path() + "/edges.csv"});
  std::optional<int> status = p.Wait(absl::Seconds(60));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 0) << p.stderr_text();
  EXPECT_THAT(p.stderr_text(), HasSubstr("orders: 400"));
  EXPECT_THAT(p.stderr_text(), HasSubstr("peak memory"));
  const std::string edges = testing::ReadFileOrDie(dir.path() + "/edges.csv");
  EXPECT_THAT(edges, HasSubstr("from_sku,to_sku,kind,weight,support,lift\n"));
  EXPECT_THAT(edges, HasSubstr("\nLAPTOP,BAG,cross_sell,0.9,180,"));
}

}  // namespace
}  // namespace offergraph::mine
