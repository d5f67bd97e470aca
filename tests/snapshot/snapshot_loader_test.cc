#include "offergraph/snapshot_loader.h"

#include <cstdio>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "snapshot/fingerprint.h"
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
  EXPECT_EQ((*s)->version.size(), 32u);
  EXPECT_EQ((*s)->catalog.size(), 20u);
  EXPECT_EQ((*s)->data_dir, OFFERGRAPH_DEMO_DIR);
  EXPECT_GT((*s)->graph.edge_count(EdgeKind::kCrossSell), 0u);
  EXPECT_EQ((*s)->rules.ForChannel(v1::RENEWAL).min_tenure_days, 180);
  // One of each deal, valid until 2030 so the demo keeps working.
  const Deals& deals = (*s)->deals;
  EXPECT_EQ(deals.bundles().size(), 2u);
  EXPECT_EQ(deals.quantity_break_count(), 3u);
  ASSERT_EQ(deals.promotions().size(), 2u);
  for (const Promotion& p : deals.promotions()) {
    EXPECT_EQ(p.valid_until, absl::FromUnixSeconds(1924905600)) << p.id;
  }
  EXPECT_EQ(deals.PromotionsOf((*s)->catalog.Find("SCREEN-PROT")).size(), 1u);
  EXPECT_EQ(deals.BreaksOf((*s)->catalog.Find("WASH-STD")).size(), 2u);
}

constexpr char kSmall[] = OFFERGRAPH_TESTDATA_DIR "/small";

TEST(SnapshotLoaderTest, LoadsTheSmallFixtureCompletely) {
  absl::StatusOr<std::shared_ptr<const Snapshot>> s =
      LoadSnapshot({kSmall, ""}, 1);
  ASSERT_TRUE(s.ok()) << s.status();
  const Snapshot& snap = **s;
  // Rules came first: their default currency applies to the catalog.
  EXPECT_EQ(snap.rules.default_max_offers, 2);
  EXPECT_DOUBLE_EQ(snap.rules.min_weight, 0.1);
  ASSERT_EQ(snap.catalog.size(), 6u);
  const Product& s_phone = snap.catalog.product(snap.catalog.Find("PHONE-S"));
  EXPECT_EQ(s_phone.price, 39900);
  EXPECT_EQ(s_phone.currency, "EUR");
  EXPECT_EQ(snap.catalog.product(snap.catalog.Find("YEN-CABLE")).price, 1200);
  EXPECT_EQ(snap.catalog.product(snap.catalog.Find("CASE")).name,
            "Case, clear");
  // 3 cross-sells; 1 explicit upsell plus 2 derived from the phone tiers.
  EXPECT_EQ(snap.graph.edge_count(EdgeKind::kCrossSell), 3u);
  EXPECT_EQ(snap.graph.edge_count(EdgeKind::kUpsell), 3u);
  EXPECT_EQ(snap.graph.derived_upsell_count(), 2u);
  absl::Span<const Edge> up = snap.graph.Upsells(snap.catalog.Find("PHONE-S"));
  ASSERT_EQ(up.size(), 2u);
  EXPECT_EQ(snap.graph.pitch(up[0].pitch), "Twice the battery.");
  // The same pitch on two rows is stored once.
  const Edge& a = snap.graph.CrossSells(snap.catalog.Find("PHONE-S"))[0];
  const Edge& b = snap.graph.CrossSells(snap.catalog.Find("PHONE-M"))[0];
  EXPECT_EQ(a.pitch, b.pitch);
  EXPECT_EQ(snap.graph.pitch(a.pitch), "Protect it from day one.");
  EXPECT_EQ(snap.data_dir, kSmall);
  EXPECT_GE(snap.load_duration, absl::ZeroDuration());
  EXPECT_LE(snap.loaded_at, absl::Now());
  EXPECT_EQ(snap.version.find_first_not_of("0123456789abcdef"),
            std::string::npos);
}

TEST(SnapshotLoaderTest, VersionCoversEveryFileAndItsBoundaries) {
  TempDir a, b;
  a.CopyFrom(kSmall);
  b.CopyFrom(kSmall);
  const std::string base = (*LoadSnapshot({a.path(), ""}, 1))->version;
  EXPECT_EQ((*LoadSnapshot({b.path(), ""}, 1))->version, base);
  // One byte of the edges file.
  std::string edges = ReadFileOrDie(b.path() + "/edges.csv");
  edges.replace(edges.rfind("0.7"), 3, "0.8");
  b.WriteFile("edges.csv", edges);
  const std::string changed = (*LoadSnapshot({b.path(), ""}, 1))->version;
  EXPECT_NE(changed, base);
  // No rules file differs from the fixture's rules.
  TempDir c;
  c.CopyFrom(kSmall);
  ASSERT_EQ(std::remove((c.path() + "/rules.textproto").c_str()), 0);
  absl::StatusOr<std::shared_ptr<const Snapshot>> no_rules =
      LoadSnapshot({c.path(), ""}, 1);
  ASSERT_TRUE(no_rules.ok()) << no_rules.status();
  EXPECT_NE((*no_rules)->version, base);
  // An explicit rules path is used instead of the directory's.
  absl::StatusOr<std::shared_ptr<const Snapshot>> explicit_rules =
      LoadSnapshot({c.path(), std::string(kSmall) + "/rules.textproto"}, 1);
  ASSERT_TRUE(explicit_rules.ok()) << explicit_rules.status();
  EXPECT_EQ((*explicit_rules)->version, base);
  EXPECT_EQ((*explicit_rules)->rules.default_max_offers, 2);
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

// Regression (issue 15): the old version hash mixed whole 64-bit words by
// multiplication, so flipping the top bit of the same byte in two
// consecutive words left it unchanged. Here bytes 7 and 15 of rules.textproto
// (inside a comment) differ by their top bit only.
TEST(SnapshotLoaderTest, VersionSeesTopBitFlipsInTwoWords) {
  TempDir a, b;
  a.CopyFrom(kSmall);
  b.CopyFrom(kSmall);
  const std::string rules = ReadFileOrDie(a.path() + "/rules.textproto");
  std::string text_a = "# abcdeAfghijklB\n" + rules;
  std::string text_b = text_a;
  text_b[7] = static_cast<char>(text_b[7] ^ 0x80);
  text_b[15] = static_cast<char>(text_b[15] ^ 0x80);
  a.WriteFile("rules.textproto", text_a);
  b.WriteFile("rules.textproto", text_b);
  absl::StatusOr<std::shared_ptr<const Snapshot>> sa =
      LoadSnapshot({a.path(), ""}, 1);
  absl::StatusOr<std::shared_ptr<const Snapshot>> sb =
      LoadSnapshot({b.path(), ""}, 1);
  ASSERT_TRUE(sa.ok()) << sa.status();
  ASSERT_TRUE(sb.ok()) << sb.status();
  EXPECT_NE((*sa)->version, (*sb)->version);
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
  d.RemoveDealsFiles();  // they name demo skus
  d.WriteFile("catalog.csv", "sku,name,price\nA,a,1.00\n");
  d.WriteFile("edges.csv", "from_sku,to_sku,kind,weight\n");
  EXPECT_EQ((*LoadSnapshot({d.path(), ""}, 1))->catalog.product(0).currency,
            "EUR");
}

// Deals (#13): bundles.csv, quantity_breaks.csv and promotions.csv are
// optional, read after the catalog and edges.
constexpr char kBundles[] =
    "bundle_id,name,members,discount_percent\nKIT,Phone kit,PHONE-S|CASE,10\n";
constexpr char kBreaks[] =
    "sku,min_quantity,unit_price\nCASE,3,17.99\nCASE,10,15.00\n";
constexpr char kPromotions[] =
    "promotion_id,category,discount_percent,valid_until\n"
    "ACC,accessories,5,2030-01-01T00:00:00Z\n";

TEST(SnapshotLoaderTest, LoadsTheDealsFilesWhenPresent) {
  TempDir d;
  d.CopyFrom(kSmall);
  d.WriteFile("bundles.csv", kBundles);
  d.WriteFile("quantity_breaks.csv", kBreaks);
  d.WriteFile("promotions.csv", kPromotions);
  absl::StatusOr<std::shared_ptr<const Snapshot>> s =
      LoadSnapshot({d.path(), ""}, 1);
  ASSERT_TRUE(s.ok()) << s.status();
  const Snapshot& snap = **s;
  ASSERT_EQ(snap.deals.bundles().size(), 1u);
  EXPECT_EQ(snap.deals.bundles()[0].id, "KIT");
  const ProductId kase = snap.catalog.Find("CASE");
  EXPECT_EQ(snap.deals.BundlesOf(kase).size(), 1u);
  ASSERT_EQ(snap.deals.BreaksOf(kase).size(), 2u);
  EXPECT_EQ(snap.deals.BreaksOf(kase)[1].rule.price, 1500);
  EXPECT_EQ(snap.deals.quantity_break_count(), 2u);
  ASSERT_EQ(snap.deals.promotions().size(), 1u);
  EXPECT_EQ(snap.deals.PromotionsOf(snap.catalog.Find("CHARGER")).size(), 1u);
  EXPECT_TRUE(snap.deals.PromotionsOf(snap.catalog.Find("PHONE-S")).empty());
  EXPECT_THAT(snap.load_phases, HasSubstr("bundles.csv"));
  EXPECT_THAT(snap.load_phases, HasSubstr("promotions.csv"));
  EXPECT_THAT(snap.load_phases, HasSubstr("deals: index"));
}

// Without deals files the version is the fingerprint of rules, catalog and
// edges alone, as before deals existed: deployed data keeps its version.
TEST(SnapshotLoaderTest, DealsFilesChangeTheVersionOnlyWhenPresent) {
  TempDir a;
  a.CopyFrom(kSmall);
  Fingerprint fp;
  for (const char* name : {"rules.textproto", "catalog.csv", "edges.csv"}) {
    const std::string text = ReadFileOrDie(a.path() + "/" + name);
    fp.BeginFile(text.size());
    fp.Add(text);
  }
  absl::StatusOr<std::shared_ptr<const Snapshot>> base =
      LoadSnapshot({a.path(), ""}, 1);
  ASSERT_TRUE(base.ok()) << base.status();
  EXPECT_EQ((*base)->version, fp.Hex());
  EXPECT_TRUE((*base)->deals.empty());

  // The same bytes (a header every deals loader accepts, no rows) under
  // each name: each differs from the base and from the others.
  const std::string header =
      "bundle_id,name,members,sku,min_quantity,promotion_id\n";
  std::vector<std::string> versions = {(*base)->version};
  for (const char* name :
       {"bundles.csv", "quantity_breaks.csv", "promotions.csv"}) {
    TempDir d;
    d.CopyFrom(kSmall);
    d.WriteFile(name, header);
    absl::StatusOr<std::shared_ptr<const Snapshot>> s =
        LoadSnapshot({d.path(), ""}, 1);
    ASSERT_TRUE(s.ok()) << name << ": " << s.status();
    EXPECT_TRUE((*s)->deals.empty()) << name;
    for (const std::string& v : versions) EXPECT_NE((*s)->version, v) << name;
    versions.push_back((*s)->version);
    // Same bytes, same version.
    EXPECT_EQ((*LoadSnapshot({d.path(), ""}, 2))->version, versions.back());
  }
}

TEST(SnapshotLoaderTest, ABadDealsFileFailsTheWholeLoad) {
  TempDir d;
  d.CopyFrom(kSmall);
  d.WriteFile("bundles.csv", kBundles);
  d.WriteFile("promotions.csv",
              "promotion_id,sku,price,valid_until\n"
              "P,CASE,25.00,2030-01-01T00:00:00Z\n");
  absl::Status s = LoadSnapshot({d.path(), ""}, 1).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "promotions.csv:2:8: price: \"25.00\" must be below the list "
            "price 19.99 EUR of \"CASE\"");
  d.WriteFile("promotions.csv", kPromotions);
  d.WriteFile("bundles.csv",
              "bundle_id,name,members,price\nKIT,Kit,PHONE-S|NOPE,1\n");
  s = LoadSnapshot({d.path(), ""}, 1).status();
  EXPECT_EQ(s.message(), "bundles.csv:2:9: members: unknown sku \"NOPE\"");
}

}  // namespace
}  // namespace offergraph
