#include "data/catalog_loader.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "util/money.h"

namespace offergraph {
namespace {

constexpr char kHeader[] =
    "sku,name,category,price,currency,in_stock,margin,product_line,tier,pitch,"
    "extra\n";

std::string Error(const std::string& rows,
                  const std::string& header = kHeader) {
  absl::StatusOr<Catalog> c =
      ParseCatalogCsv(header + rows, "catalog.csv", "USD");
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(c.status().message());
}

TEST(CatalogLoaderTest, ReadsEveryColumn) {
  absl::StatusOr<Catalog> c = ParseCatalogCsv(
      std::string(kHeader) +
          "A-1,\"Laptop, "
          "14\"\"\",laptops,899.5,EUR,false,0.25,lap,2,\"Fast.\",zz\n"
          "B,Yen thing,,1200,JPY,,,,,,\n"
          "C,Default currency,,0.07,,1,,,,,\n",
      "catalog.csv", "USD");
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->size(), 3u);
  const Product& a = c->product(c->Find("A-1"));
  EXPECT_EQ(a.name, "Laptop, 14\"");
  EXPECT_EQ(a.category, "laptops");
  EXPECT_EQ(a.price, 89950);
  EXPECT_EQ(a.currency, "EUR");
  EXPECT_FALSE(a.in_stock);
  EXPECT_DOUBLE_EQ(a.margin, 0.25);
  EXPECT_EQ(a.product_line, "lap");
  EXPECT_TRUE(a.has_tier);
  EXPECT_EQ(a.tier, 2);
  EXPECT_EQ(a.pitch, "Fast.");
  const Product& b = c->product(c->Find("B"));
  EXPECT_EQ(b.price, 1200);  // JPY has no minor digits
  EXPECT_TRUE(b.in_stock);
  EXPECT_LT(b.margin, 0);
  EXPECT_FALSE(b.has_tier);
  EXPECT_EQ(c->product(c->Find("C")).currency, "USD");
  EXPECT_EQ(c->product(c->Find("C")).price, 7);
  EXPECT_EQ(c->Find("nope"), kNoProduct);
}

TEST(CatalogLoaderTest, FactsMirrorEachProductsPricingFields) {
  absl::StatusOr<Catalog> c =
      ParseCatalogCsv(std::string(kHeader) +
                          "A,Euro thing,,899.5,EUR,false,0.25,,,,\n"
                          "B,Yen thing,,1200,JPY,,,,,,\n"
                          "C,Dinar thing,,1.5,KWD,true,0.5,,,,\n"
                          "D,Euro again,,2,EUR,,,,,,\n",
                      "catalog.csv", "USD");
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->size(), 4u);
  const int exponents[] = {2, 0, 3, 2};
  for (ProductId id = 0; id < c->size(); ++id) {
    const Product& p = c->product(id);
    const ProductFacts& f = c->facts(id);
    EXPECT_EQ(f.price, p.price) << p.sku;
    EXPECT_EQ(f.margin, p.margin) << p.sku;
    EXPECT_EQ(f.in_stock, p.in_stock) << p.sku;
    EXPECT_EQ(f.currency_exponent, exponents[id]) << p.sku;
    EXPECT_EQ(f.currency, CurrencyKey(p.currency)) << p.sku;
  }
  EXPECT_EQ(c->facts(0).currency, c->facts(3).currency);  // EUR, EUR
  EXPECT_NE(c->facts(0).currency, c->facts(1).currency);  // EUR, JPY
  EXPECT_FALSE(c->facts(0).in_stock);
  EXPECT_EQ(c->facts(2).price, 1500);
}

TEST(CatalogLoaderTest, MemoryBytesCountsRowsFactsIndexAndLongStrings) {
  const std::string long_name(200, 'n');
  absl::StatusOr<Catalog> short_names =
      ParseCatalogCsv("sku,name,price\nA,a,1\nB,b,2\n", "catalog.csv", "USD");
  absl::StatusOr<Catalog> long_names = ParseCatalogCsv(
      "sku,name,price\nA," + long_name + ",1\nB," + long_name + ",2\n",
      "catalog.csv", "USD");
  ASSERT_TRUE(short_names.ok()) << short_names.status();
  ASSERT_TRUE(long_names.ok()) << long_names.status();
  EXPECT_GE(short_names->MemoryBytes(),
            2 * (sizeof(Product) + sizeof(ProductFacts)));
  // Each 200-character name is on the heap, the one-letter ones are not.
  EXPECT_GE(long_names->MemoryBytes(),
            short_names->MemoryBytes() + 2 * long_name.size());
}

TEST(CatalogLoaderTest, MinimalColumnsAreEnough) {
  absl::StatusOr<Catalog> c =
      ParseCatalogCsv("price,name,sku\n1.00,One,S1\n", "catalog.csv", "GBP");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->product(0).sku, "S1");
  EXPECT_EQ(c->product(0).currency, "GBP");
}

TEST(CatalogLoaderTest, MissingRequiredColumn) {
  EXPECT_EQ(Error("A,b\n", "sku,name\n"),
            "catalog.csv:1:1: missing required column \"price\"");
  EXPECT_EQ(Error("", "name,price\n"),
            "catalog.csv:1:1: missing required column \"sku\"");
}

TEST(CatalogLoaderTest, DuplicateSkuNamesBothLines) {
  EXPECT_EQ(Error("A,a,,1,,,,,,,\nB,b,,1,,,,,,,\nA,c,,1,,,,,,,\n"),
            "catalog.csv:4:1: sku: duplicate sku \"A\" (first on line 2)");
}

TEST(CatalogLoaderTest, BadPrices) {
  EXPECT_EQ(Error("A,a,,-3.00,,,,,,,\n"),
            "catalog.csv:2:6: price: \"-3.00\" must not be negative");
  EXPECT_EQ(Error("A,a,,abc,,,,,,,\n"),
            "catalog.csv:2:6: price: \"abc\" is not a decimal number");
  EXPECT_EQ(Error("A,a,,1.999,,,,,,,\n"),
            "catalog.csv:2:6: price: \"1.999\" has more than 2 decimals for "
            "its currency");
  EXPECT_EQ(Error("A,a,,5.5,JPY,,,,,,\n"),
            "catalog.csv:2:6: price: \"5.5\" has more than 0 decimals for its "
            "currency");
  EXPECT_EQ(Error("A,a,,,,,,,,,\n"),
            "catalog.csv:2:6: price: must not be empty");
  EXPECT_EQ(Error("A,a,,1e3,,,,,,,\n"),
            "catalog.csv:2:6: price: \"1e3\" is not a decimal number");
  EXPECT_EQ(Error("A,a,,99999999999999999999,,,,,,,\n"),
            "catalog.csv:2:6: price: \"99999999999999999999\" is too large");
  EXPECT_EQ(Error("A,a,,1.2.3,,,,,,,\n"),
            "catalog.csv:2:6: price: \"1.2.3\" is not a decimal number");
}

// Regression (issue 15): tiers of one line upgrade to each other, so a line
// mixing currencies gave price deltas across currencies.
TEST(CatalogLoaderTest, ProductLineHasOneCurrency) {
  EXPECT_EQ(Error("L1,a,,10.00,USD,,,lap,1,,\n"
                  "X,x,,3.00,EUR,,,,,,\n"
                  "L2,b,,12.00,,,,lap,2,,\n"  // default USD: same line, fine
                  "L3,c,,13.00,EUR,,,lap,3,,\n"),
            "catalog.csv:5:13: currency: \"EUR\" differs from \"USD\" of "
            "product_line \"lap\" (sku \"L1\"); a product line has one "
            "currency");
  // Without a currency column every row has the default: nothing to refuse.
  EXPECT_TRUE(ParseCatalogCsv("sku,name,price,product_line,tier\n"
                              "L1,a,1,lap,1\nL2,b,2,lap,2\n",
                              "catalog.csv", "JPY")
                  .ok());
  // Different lines may use different currencies.
  EXPECT_TRUE(ParseCatalogCsv(std::string(kHeader) +
                                  "L1,a,,10.00,USD,,,lap,1,,\n"
                                  "P1,b,,900,JPY,,,phone,1,,\n"
                                  "P2,c,,1200,JPY,,,phone,2,,\n",
                              "catalog.csv", "USD")
                  .ok());
}

TEST(CatalogLoaderTest, BadOtherFields) {
  EXPECT_EQ(
      Error("A,a,,1,usd,,,,,,\n"),
      "catalog.csv:2:8: currency: \"usd\" is not an ISO 4217 code such as USD");
  EXPECT_EQ(
      Error("A,a,,1,,yes,,,,,\n"),
      "catalog.csv:2:9: in_stock: \"yes\" is not one of true, false, 1, 0");
  EXPECT_EQ(Error("A,a,,1,,,1.5,,,,\n"),
            "catalog.csv:2:10: margin: \"1.5\" must be a fraction in [0, 1]");
  EXPECT_EQ(Error("A,a,,1,,,x,,,,\n"),
            "catalog.csv:2:10: margin: \"x\" is not a finite number");
  EXPECT_EQ(Error("A,a,,1,,,,l,two,,\n"),
            "catalog.csv:2:13: tier: \"two\" is not an integer");
  EXPECT_EQ(Error(",a,,1,,,,,,,\n"), "catalog.csv:2:1: sku: must not be empty");
  EXPECT_EQ(Error(" A,a,,1,,,,,,,\n"),
            "catalog.csv:2:1: sku: \" A\" has leading or trailing spaces");
  EXPECT_EQ(Error("A,,,1,,,,,,,\n"),
            "catalog.csv:2:3: name: must not be empty");
  EXPECT_EQ(Error(std::string(129, 's') + ",a,,1,,,,,,,\n"),
            "catalog.csv:2:1: sku: must be at most 128 bytes, got 129");
}

TEST(CatalogLoaderTest, WrongFieldCountAndBadUtf8) {
  EXPECT_EQ(Error("A,a,,1\n"),
            "catalog.csv:2:1: expected 11 fields (as in the header), got 4");
  EXPECT_EQ(Error("A,caf\xE9,,1,,,,,,,\n"),
            "catalog.csv:2:6: invalid UTF-8 (byte 0xE9)");
}

TEST(CatalogLoaderTest, MissingFileIsNotFound) {
  EXPECT_EQ(LoadCatalogFile("/nonexistent/catalog.csv", "USD").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace offergraph
