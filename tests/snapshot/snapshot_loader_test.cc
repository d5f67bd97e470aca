#include "offergraph/snapshot/snapshot_loader.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace offergraph {
namespace {

using ::testing::HasSubstr;
using testing::ReadFileOrDie;
using testing::TempDir;

TEST(SnapshotLoaderTest, LoadsTheDemoData) {
  SnapshotLoadOptions options;
  options.data_dir = OFFERGRAPH_DEMO_DIR;
  absl::StatusOr<std::shared_ptr<const Snapshot>> s = LoadSnapshot(options, 7);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ((*s)->generation, 7);
  EXPECT_EQ((*s)->version.size(), 16u);
  EXPECT_EQ((*s)->catalog.size(), 20u);
  EXPECT_EQ((*s)->data_dir, OFFERGRAPH_DEMO_DIR);
  EXPECT_GT((*s)->graph.edge_count(EdgeKind::kCrossSell), 0u);
  EXPECT_EQ((*s)->rules.ForChannel(v1::RENEWAL).min_tenure_days, 180);
}

TEST(SnapshotLoaderTest, VersionFollowsTheBytes) {
  TempDir a, b;
  a.CopyFrom(OFFERGRAPH_DEMO_DIR);
  b.CopyFrom(OFFERGRAPH_DEMO_DIR);
  SnapshotLoadOptions oa{a.path(), ""}, ob{b.path(), ""};
  const std::string va = (*LoadSnapshot(oa, 1))->version;
  EXPECT_EQ((*LoadSnapshot(ob, 2))->version, va);  // same bytes, same version
  b.WriteFile("rules.textproto",
              ReadFileOrDie(b.path() + "/rules.textproto") + "\n# x\n");
  EXPECT_NE((*LoadSnapshot(ob, 3))->version, va);
}

TEST(SnapshotLoaderTest, RulesAreOptional) {
  TempDir d;
  d.WriteFile("catalog.csv", "sku,name,price\nA,a,1.00\nB,b,2.00\n");
  d.WriteFile("edges.csv", "from_sku,to_sku,kind,weight\nA,B,cross_sell,0.5\n");
  absl::StatusOr<std::shared_ptr<const Snapshot>> s =
      LoadSnapshot({d.path(), ""}, 1);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ((*s)->rules.default_max_offers, 3);
  EXPECT_EQ((*s)->catalog.product(0).currency, "USD");
}

TEST(SnapshotLoaderTest, MissingPiecesAreNotFound) {
  TempDir d;
  EXPECT_EQ(LoadSnapshot({d.path() + "/nope", ""}, 1).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(LoadSnapshot({d.path(), ""}, 1).status().code(),
            absl::StatusCode::kNotFound);  // no catalog.csv
  d.WriteFile("catalog.csv", "sku,name,price\nA,a,1.00\n");
  absl::Status s = LoadSnapshot({d.path(), ""}, 1).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(s.message()), HasSubstr("edges.csv"));
  d.WriteFile("edges.csv", "from_sku,to_sku,kind,weight\n");
  EXPECT_EQ(LoadSnapshot({d.path(), d.path() + "/missing.textproto"}, 1)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(LoadSnapshot({d.path(), ""}, 1).ok());
}

TEST(SnapshotLoaderTest, ABadFileFailsTheWholeLoad) {
  TempDir d;
  d.CopyFrom(OFFERGRAPH_DEMO_DIR);
  d.WriteFile("edges.csv", ReadFileOrDie(d.path() + "/edges.csv") + "A,B,C\n");
  absl::Status s = LoadSnapshot({d.path(), ""}, 1).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("edges.csv:23:1"));
  // The default currency comes from the rules file.
  d.CopyFrom(OFFERGRAPH_DEMO_DIR);
  d.WriteFile("rules.textproto", "default_currency: \"EUR\"\n");
  d.WriteFile("catalog.csv", "sku,name,price\nA,a,1.00\n");
  d.WriteFile("edges.csv", "from_sku,to_sku,kind,weight\n");
  EXPECT_EQ((*LoadSnapshot({d.path(), ""}, 1))->catalog.product(0).currency,
            "EUR");
}

}  // namespace
}  // namespace offergraph
