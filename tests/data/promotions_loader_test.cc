#include <string>
#include <vector>

#include "data/deals_loader.h"
#include "deals_test_catalog.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

constexpr char kHeader[] =
    "promotion_id,sku,category,discount_percent,price,valid_from,valid_until,"
    "pitch\n";
constexpr char kUntil[] = "2030-01-01T00:00:00Z";

class PromotionsLoaderTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::vector<Promotion>> Parse(
      const std::string& rows, const std::string& header = kHeader) {
    return ParsePromotionsCsv(header + rows, "promotions.csv", catalog_);
  }
  std::string Error(const std::string& rows,
                    const std::string& header = kHeader) {
    absl::StatusOr<std::vector<Promotion>> p = Parse(rows, header);
    EXPECT_FALSE(p.ok());
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(p.status().message());
  }
  Catalog catalog_ = DealsTestCatalog();
};

TEST_F(PromotionsLoaderTest, ReadsEveryColumn) {
  absl::StatusOr<std::vector<Promotion>> p =
      Parse(std::string("P1,SLEEVE,,,19.99,2026-01-01T00:00:00Z,") + kUntil +
            ",Half off.\n" + "P2,,accessories,15,,," + kUntil + ",\n");
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->size(), 2u);
  EXPECT_EQ((*p)[0].id, "P1");
  EXPECT_EQ((*p)[0].product, 1u);
  EXPECT_EQ((*p)[0].category, "");
  EXPECT_EQ((*p)[0].rule.price, 1999);
  EXPECT_EQ((*p)[0].valid_from, absl::FromUnixSeconds(1767225600));
  EXPECT_EQ((*p)[0].valid_until, absl::FromUnixSeconds(1893456000));
  EXPECT_EQ((*p)[0].pitch, "Half off.");
  EXPECT_EQ((*p)[1].product, kNoProduct);
  EXPECT_EQ((*p)[1].category, "accessories");
  EXPECT_EQ((*p)[1].rule.discount_bp, 1500);
  EXPECT_EQ((*p)[1].valid_from, absl::InfinitePast());
}

TEST_F(PromotionsLoaderTest, RejectsBadIdsAndTargets) {
  EXPECT_EQ(Error("", "sku,price\n"),
            "promotions.csv:1:1: missing required column \"promotion_id\"");
  EXPECT_EQ(Error(std::string(",SLEEVE,,10,,,") + kUntil + ",\n"),
            "promotions.csv:2:1: promotion_id: must not be empty");
  EXPECT_EQ(Error(std::string("P,SLEEVE,,10,,,") + kUntil +
                  ",\nP,SLEEVE,,10,,," + kUntil + ",\n"),
            "promotions.csv:3:1: promotion_id: duplicate promotion_id \"P\" "
            "(first on line 2)");
  EXPECT_EQ(Error(std::string("P,NOPE,,10,,,") + kUntil + ",\n"),
            "promotions.csv:2:3: sku: unknown sku \"NOPE\"");
  EXPECT_EQ(Error(std::string("P,,phones,10,,,") + kUntil + ",\n"),
            "promotions.csv:2:4: category: no catalog product has category "
            "\"phones\"");
  EXPECT_EQ(Error(std::string("P,SLEEVE,accessories,10,,,") + kUntil + ",\n"),
            "promotions.csv:2:10: sku, category: give exactly one of the two, "
            "not both");
  EXPECT_EQ(Error(std::string("P,,,10,,,") + kUntil + ",\n"),
            "promotions.csv:2:3: sku, category: give exactly one of the two, "
            "got none");
}

TEST_F(PromotionsLoaderTest, RejectsBadPrices) {
  EXPECT_EQ(Error(std::string("P,SLEEVE,,,,,") + kUntil + ",\n"),
            "promotions.csv:2:11: discount_percent, price: give exactly one of "
            "the two, got none");
  EXPECT_EQ(Error(std::string("P,SLEEVE,,10,20,,") + kUntil + ",\n"),
            "promotions.csv:2:14: discount_percent, price: give exactly one of "
            "the two, not both");
  EXPECT_EQ(Error(std::string("P,,accessories,,5.00,,") + kUntil + ",\n"),
            "promotions.csv:2:17: price: a fixed price needs a sku; a category "
            "promotion takes discount_percent");
  EXPECT_EQ(
      Error(std::string("P,SLEEVE,,,30.00,,") + kUntil + ",\n"),
      "promotions.csv:2:12: price: \"30.00\" must be below the list price "
      "30.00 USD of \"SLEEVE\"");
  EXPECT_EQ(Error(std::string("P,SLEEVE,,0,,,") + kUntil + ",\n"),
            "promotions.csv:2:11: discount_percent: \"0\" must be a percentage "
            "in (0, 100] with at most 2 decimals");
}

TEST_F(PromotionsLoaderTest, RejectsBadWindows) {
  EXPECT_EQ(Error("P,SLEEVE,,10,,,,\n"),
            "promotions.csv:2:16: valid_until: must not be empty");
  EXPECT_EQ(Error("P,SLEEVE,,10\n",
                  "promotion_id,sku,category,"
                  "discount_percent\n"),
            "promotions.csv:2:1: valid_until: must not be empty");
  EXPECT_EQ(Error("P,SLEEVE,,10,,2030-01-01T00:00:00Z,2029-12-31T23:59:59Z,\n"),
            "promotions.csv:2:36: valid_until: \"2029-12-31T23:59:59Z\" must "
            "be after valid_from \"2030-01-01T00:00:00Z\"");
  EXPECT_EQ(Error("P,SLEEVE,,10,,yesterday,2030-01-01T00:00:00Z,\n"),
            "promotions.csv:2:15: valid_from: \"yesterday\" is not an RFC 3339 "
            "time such as 2026-12-24T00:00:00Z");
}

}  // namespace
}  // namespace offergraph
