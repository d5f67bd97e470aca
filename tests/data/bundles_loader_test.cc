#include <string>
#include <vector>

#include "data/deals_loader.h"
#include "deals_test_catalog.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

constexpr char kHeader[] =
    "bundle_id,name,members,price,discount_percent,pitch,valid_from,"
    "valid_until\n";

class BundlesLoaderTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::vector<Bundle>> Parse(
      const std::string& rows, const std::string& header = kHeader) {
    return ParseBundlesCsv(header + rows, "bundles.csv", catalog_);
  }
  std::string Error(const std::string& rows,
                    const std::string& header = kHeader) {
    absl::StatusOr<std::vector<Bundle>> b = Parse(rows, header);
    EXPECT_FALSE(b.ok());
    EXPECT_EQ(b.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(b.status().message());
  }
  Catalog catalog_ = DealsTestCatalog();
};

TEST_F(BundlesLoaderTest, ReadsEveryColumn) {
  absl::StatusOr<std::vector<Bundle>> b = Parse(
      "KIT,Laptop kit,MOUSE-W*2|LAPTOP|SLEEVE,,12.5,\"Save, now.\","
      "2026-01-01T00:00:00Z,2026-12-24T00:00:00Z\n"
      "PAIR,Pair,SLEEVE|MOUSE-W,50.00,,,,\n");
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_EQ(b->size(), 2u);
  const Bundle& kit = (*b)[0];
  EXPECT_EQ(kit.id, "KIT");
  EXPECT_EQ(kit.name, "Laptop kit");
  // Sorted by ProductId: LAPTOP 0, SLEEVE 1, MOUSE-W 2.
  ASSERT_EQ(kit.members.size(), 3u);
  EXPECT_EQ(kit.members[0].product, 0u);
  EXPECT_EQ(kit.members[0].quantity, 1);
  EXPECT_EQ(kit.members[1].product, 1u);
  EXPECT_EQ(kit.members[2].product, 2u);
  EXPECT_EQ(kit.members[2].quantity, 2);
  EXPECT_EQ(kit.rule.price, -1);
  EXPECT_EQ(kit.rule.discount_bp, 1250);
  EXPECT_EQ(kit.currency, catalog_.facts(0).currency);
  EXPECT_EQ(kit.pitch, "Save, now.");
  EXPECT_EQ(kit.valid_from, absl::FromUnixSeconds(1767225600));
  EXPECT_EQ(kit.valid_until, absl::FromUnixSeconds(1798070400));
  const Bundle& pair = (*b)[1];
  EXPECT_EQ(pair.rule.price, 5000);
  EXPECT_EQ(pair.rule.discount_bp, 0);
  EXPECT_EQ(pair.valid_from, absl::InfinitePast());
  EXPECT_EQ(pair.valid_until, absl::InfiniteFuture());
}

TEST_F(BundlesLoaderTest, OptionalColumnsMayBeAbsentAndUnknownOnesAreIgnored) {
  absl::StatusOr<std::vector<Bundle>> b =
      Parse("x,PAIR,Pair,SLEEVE|MOUSE-W,10\n",
            "extra,bundle_id,name,members,discount_percent\n");
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ((*b)[0].rule.discount_bp, 1000);
  EXPECT_EQ((*b)[0].pitch, "");
}

TEST_F(BundlesLoaderTest, AnEmptyFileHasNoBundles) {
  absl::StatusOr<std::vector<Bundle>> b = Parse("");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_TRUE(b->empty());
}

TEST_F(BundlesLoaderTest, ASkuWithAStarIsReadWhole) {
  absl::StatusOr<std::vector<Bundle>> b =
      Parse("S,Stars,A*B|A*B*1|SLEEVE,,10,,,\n");
  // "A*B" whole, then "A*B*1" is A*B once more: a repeat.
  ASSERT_FALSE(b.ok());
  b = Parse("S,Stars,A*B*3|SLEEVE,,10,,,\n");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ((*b)[0].members[1].product, 4u);
  EXPECT_EQ((*b)[0].members[1].quantity, 3);
}

TEST_F(BundlesLoaderTest, RejectsMissingColumns) {
  EXPECT_EQ(Error("", "bundle_id,name,price\n"),
            "bundles.csv:1:1: missing required column \"members\"");
}

TEST_F(BundlesLoaderTest, RejectsBadIds) {
  EXPECT_EQ(Error(",Kit,LAPTOP|SLEEVE,,10,,,\n"),
            "bundles.csv:2:1: bundle_id: must not be empty");
  EXPECT_EQ(Error(std::string(129, 'x') + ",Kit,LAPTOP|SLEEVE,,10,,,\n"),
            "bundles.csv:2:1: bundle_id: must be at most 128 bytes, got 129");
  EXPECT_EQ(Error("SLEEVE,Kit,LAPTOP|SLEEVE,,10,,,\n"),
            "bundles.csv:2:1: bundle_id: \"SLEEVE\" is a catalog sku; a "
            "bundle needs an id of its own");
  EXPECT_EQ(Error("K,Kit,LAPTOP|SLEEVE,,10,,,\n"
                  "L,Kit,LAPTOP|SLEEVE,,10,,,\n"
                  "K,Kit,LAPTOP|SLEEVE,,10,,,\n"),
            "bundles.csv:4:1: bundle_id: duplicate bundle_id \"K\" (first on "
            "line 2)");
  EXPECT_EQ(Error("K,,LAPTOP|SLEEVE,,10,,,\n"),
            "bundles.csv:2:3: name: must not be empty");
}

TEST_F(BundlesLoaderTest, RejectsBadMembers) {
  EXPECT_EQ(Error("K,Kit,,,10,,,\n"),
            "bundles.csv:2:7: members: must not be empty");
  EXPECT_EQ(Error("K,Kit,LAPTOP|NOPE,,10,,,\n"),
            "bundles.csv:2:7: members: unknown sku \"NOPE\"");
  EXPECT_EQ(Error("K,Kit,LAPTOP|NOPE*2,,10,,,\n"),
            "bundles.csv:2:7: members: unknown sku \"NOPE\"");
  EXPECT_EQ(Error("K,Kit,LAPTOP||SLEEVE,,10,,,\n"),
            "bundles.csv:2:7: members: \"LAPTOP||SLEEVE\" has an empty "
            "member; write SKU or SKU*QUANTITY between the |");
  EXPECT_EQ(Error("K,Kit,LAPTOP|SLEEVE|LAPTOP*2,,10,,,\n"),
            "bundles.csv:2:7: members: sku \"LAPTOP\" appears more than "
            "once; give it once with a quantity (SKU*2)");
  for (const char* q : {"0", "1001", "-1", "x", "", "+2", "1.5"}) {
    EXPECT_EQ(Error(std::string("K,Kit,LAPTOP|SLEEVE*") + q + ",,10,,,\n"),
              std::string("bundles.csv:2:7: members: \"SLEEVE*") + q +
                  "\": quantity \"" + q +
                  "\" must be a whole number in 1..1000")
        << q;
  }
  EXPECT_EQ(Error("K,Kit,LAPTOP,,10,,,\n"),
            "bundles.csv:2:7: members: \"LAPTOP\" must hold at least two "
            "units in all");
  EXPECT_EQ(Error("K,Kit,LAPTOP|EUR-CABLE,,10,,,\n"),
            "bundles.csv:2:7: members: \"EUR-CABLE\" is priced in EUR, "
            "\"LAPTOP\" in USD; a bundle has one currency");
}

TEST_F(BundlesLoaderTest, ASingleSkuTwiceOverIsABundle) {
  absl::StatusOr<std::vector<Bundle>> b = Parse("K,Two,LAPTOP*2,,10,,,\n");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ((*b)[0].members[0].quantity, 2);
}

TEST_F(BundlesLoaderTest, RejectsBadPrices) {
  EXPECT_EQ(Error("K,Kit,LAPTOP|SLEEVE,,,,,\n"),
            "bundles.csv:2:21: price, discount_percent: give exactly one of "
            "the two, got none");
  EXPECT_EQ(Error("K,Kit,LAPTOP|SLEEVE,900,10,,,\n"),
            "bundles.csv:2:25: price, discount_percent: give exactly one of "
            "the two, not both");
  // Neither column in the header: the row is still at fault.
  EXPECT_EQ(Error("K,Kit,LAPTOP|SLEEVE\n", "bundle_id,name,members\n"),
            "bundles.csv:2:1: price, discount_percent: give exactly one of "
            "the two, got none");
  // List total: 1000.00 + 30.00 = 1030.00.
  EXPECT_EQ(Error("K,Kit,LAPTOP|SLEEVE,1030.00,,,,\n"),
            "bundles.csv:2:21: price: \"1030.00\" must be below the members' "
            "list total 1030.00 USD");
  EXPECT_TRUE(Parse("K,Kit,LAPTOP|SLEEVE,1029.99,,,,\n").ok());
  EXPECT_TRUE(Parse("K,Kit,LAPTOP|SLEEVE,0,,,,\n").ok());
  EXPECT_EQ(Error("K,Kit,LAPTOP|SLEEVE,9.999,,,,\n"),
            "bundles.csv:2:21: price: \"9.999\" has more than 2 decimals for "
            "its currency");
  EXPECT_EQ(Error("K,Kit,LAPTOP|SLEEVE,-1,,,,\n"),
            "bundles.csv:2:21: price: \"-1\" must not be negative");
  for (const char* p : {"0", "0.00", "100.01", "12.345", "-5", "ten", "1e1"}) {
    EXPECT_EQ(Error(std::string("K,Kit,LAPTOP|SLEEVE,,") + p + ",,,\n"),
              std::string("bundles.csv:2:22: discount_percent: \"") + p +
                  "\" must be a percentage in (0, 100] with at most 2 "
                  "decimals")
        << p;
  }
  absl::StatusOr<std::vector<Bundle>> b =
      Parse("K,Kit,LAPTOP|SLEEVE,,100,,,\nL,Kit,LAPTOP|SLEEVE,,0.01,,,\n");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ((*b)[0].rule.discount_bp, 10000);
  EXPECT_EQ((*b)[1].rule.discount_bp, 1);
}

TEST_F(BundlesLoaderTest, RejectsBadValidity) {
  EXPECT_EQ(Error("K,Kit,LAPTOP|SLEEVE,,10,,2026-12-24,\n"),
            "bundles.csv:2:26: valid_from: \"2026-12-24\" is not an RFC 3339 "
            "time such as 2026-12-24T00:00:00Z");
  EXPECT_EQ(Error("K,Kit,LAPTOP|SLEEVE,,10,,,infinite-future\n"),
            "bundles.csv:2:27: valid_until: \"infinite-future\" is not an RFC "
            "3339 time such as 2026-12-24T00:00:00Z");
  EXPECT_EQ(Error("K,Kit,LAPTOP|SLEEVE,,10,,2026-12-24T00:00:00Z,"
                  "2026-12-24T01:00:00+01:00\n"),
            "bundles.csv:2:47: valid_until: \"2026-12-24T01:00:00+01:00\" "
            "must be after valid_from \"2026-12-24T00:00:00Z\"");
  EXPECT_TRUE(Parse("K,Kit,LAPTOP|SLEEVE,,10,,,2026-12-24T00:00:00Z\n").ok());
}

TEST_F(BundlesLoaderTest, RejectsRowsWithTheWrongFieldCount) {
  EXPECT_EQ(Error("K,Kit,LAPTOP|SLEEVE,,10\n"),
            "bundles.csv:2:1: expected 8 fields (as in the header), got 5");
}

}  // namespace
}  // namespace offergraph
