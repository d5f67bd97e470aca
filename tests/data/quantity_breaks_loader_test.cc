#include <string>

#include "data/deals_loader.h"
#include "deals_test_catalog.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

constexpr char kHeader[] = "sku,min_quantity,unit_price,discount_percent\n";

class QuantityBreaksLoaderTest : public ::testing::Test {
 protected:
  absl::StatusOr<QuantityBreakTable> Parse(
      const std::string& rows, const std::string& header = kHeader) {
    return ParseQuantityBreaksCsv(header + rows, "quantity_breaks.csv",
                                  catalog_);
  }
  std::string Error(const std::string& rows,
                    const std::string& header = kHeader) {
    absl::StatusOr<QuantityBreakTable> t = Parse(rows, header);
    EXPECT_FALSE(t.ok());
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(t.status().message());
  }
  Catalog catalog_ = DealsTestCatalog();
};

TEST_F(QuantityBreaksLoaderTest, GroupsTiersByProductInAnyRowOrder) {
  // MOUSE-W lists at 25.00; SLEEVE at 30.00.
  absl::StatusOr<QuantityBreakTable> t = Parse(
      "MOUSE-W,10,,20\n"
      "SLEEVE,3,27.00,\n"
      "MOUSE-W,3,,10\n"
      "MOUSE-W,5,21.00,\n");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->products.size(), 2u);
  EXPECT_EQ(t->products[0], 1u);  // SLEEVE
  EXPECT_EQ(t->products[1], 2u);  // MOUSE-W
  ASSERT_EQ(t->breaks[0].size(), 1u);
  EXPECT_EQ(t->breaks[0][0].min_quantity, 3);
  EXPECT_EQ(t->breaks[0][0].rule.price, 2700);
  ASSERT_EQ(t->breaks[1].size(), 3u);
  EXPECT_EQ(t->breaks[1][0].min_quantity, 3);
  EXPECT_EQ(t->breaks[1][0].rule.discount_bp, 1000);  // 22.50
  EXPECT_EQ(t->breaks[1][1].min_quantity, 5);
  EXPECT_EQ(t->breaks[1][1].rule.price, 2100);
  EXPECT_EQ(t->breaks[1][2].min_quantity, 10);
  EXPECT_EQ(t->breaks[1][2].rule.discount_bp, 2000);  // 20.00
}

TEST_F(QuantityBreaksLoaderTest, RejectsBadRows) {
  EXPECT_EQ(Error("", "sku,unit_price\n"),
            "quantity_breaks.csv:1:1: missing required column "
            "\"min_quantity\"");
  EXPECT_EQ(Error("NOPE,2,1.00,\n"),
            "quantity_breaks.csv:2:1: sku: unknown sku \"NOPE\"");
  for (const char* q : {"1", "0", "1000001", "x", "", "2.5"}) {
    EXPECT_EQ(Error(std::string("SLEEVE,") + q + ",1.00,\n"),
              std::string("quantity_breaks.csv:2:8: min_quantity: \"") + q +
                  "\" must be a whole number in 2..1000000")
        << q;
  }
  EXPECT_TRUE(Parse("SLEEVE,1000000,1.00,\n").ok());
  EXPECT_EQ(Error("SLEEVE,2,,\n"),
            "quantity_breaks.csv:2:10: unit_price, discount_percent: give "
            "exactly one of the two, got none");
  EXPECT_EQ(Error("SLEEVE,2,1.00,5\n"),
            "quantity_breaks.csv:2:15: unit_price, discount_percent: give "
            "exactly one of the two, not both");
  EXPECT_EQ(Error("SLEEVE,2,30.00,\n"),
            "quantity_breaks.csv:2:10: unit_price: \"30.00\" must be below "
            "the list price 30.00 USD of \"SLEEVE\"");
  EXPECT_EQ(Error("SLEEVE,2,abc,\n"),
            "quantity_breaks.csv:2:10: unit_price: \"abc\" is not a decimal "
            "number");
  EXPECT_EQ(Error("SLEEVE,2,,100.5\n"),
            "quantity_breaks.csv:2:11: discount_percent: \"100.5\" must be a "
            "percentage in (0, 100] with at most 2 decimals");
}

TEST_F(QuantityBreaksLoaderTest, RejectsADuplicateTierNamingTheLaterLine) {
  EXPECT_EQ(Error("SLEEVE,5,20.00,\n"
                  "MOUSE-W,5,20.00,\n"
                  "SLEEVE,5,,10\n"),
            "quantity_breaks.csv:4:8: min_quantity: duplicate break SLEEVE at "
            "5 (first on line 2)");
}

TEST_F(QuantityBreaksLoaderTest, RejectsATierThatDoesNotLowerTheUnitPrice) {
  // From 10 at 10% off (27.00) is dearer than from 5 at 26.00: line 3 is
  // the later line of the pair.
  EXPECT_EQ(Error("SLEEVE,5,26.00,\n"
                  "SLEEVE,10,,10\n"),
            "quantity_breaks.csv:3:8: min_quantity: SLEEVE costs 27.00 USD a "
            "unit from 10 (line 3) but 26.00 USD from 5 (line 2); a higher "
            "tier must give a lower unit price");
  // Rows the other way round: the lower tier, on the later line, is blamed.
  EXPECT_EQ(Error("SLEEVE,10,,10\n"
                  "SLEEVE,5,26.00,\n"),
            "quantity_breaks.csv:3:8: min_quantity: SLEEVE costs 27.00 USD a "
            "unit from 10 (line 2) but 26.00 USD from 5 (line 3); a higher "
            "tier must give a lower unit price");
  // Equal unit prices are not a step down either.
  EXPECT_EQ(Error("SLEEVE,5,27.00,\n"
                  "SLEEVE,10,,10\n"),
            "quantity_breaks.csv:3:8: min_quantity: SLEEVE costs 27.00 USD a "
            "unit from 10 (line 3) but 27.00 USD from 5 (line 2); a higher "
            "tier must give a lower unit price");
}

}  // namespace
}  // namespace offergraph
