// Instacart and Olist converters on small fixtures; their output must load
// with the server's catalog parser.
#include "mine/catalog_convert.h"

#include <string>

#include "data/catalog_loader.h"
#include "data/rules_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace offergraph::mine {
namespace {

using ::testing::HasSubstr;

std::string Fixture(const std::string& name) {
  return testing::ReadFileOrDie(std::string(OFFERGRAPH_TESTDATA_DIR) +
                                "/mine/" + name);
}

TEST(CatalogConvertTest, InstacartRoundTripsThroughTheCatalogLoader) {
  const std::string p = Fixture("instacart/products.csv");
  const std::string a = Fixture("instacart/aisles.csv");
  const std::string d = Fixture("instacart/departments.csv");
  auto c = ConvertInstacart({p, "products.csv"}, {a, "aisles.csv"},
                            {d, "departments.csv"});
  ASSERT_TRUE(c.ok()) << c.status();
  auto catalog =
      ParseCatalogCsv(FormatCatalogCsv(c->rows), "catalog.csv", "USD");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  ASSERT_EQ(catalog->size(), 4u);
  const Product& glass = catalog->product(catalog->Find("105"));
  EXPECT_EQ(glass.name, "Easy Grab 9\\\"x13\\\" Oblong Glass Bakeware");
  EXPECT_EQ(glass.category, "household/kitchen supplies");
  const Product& pasta = catalog->product(catalog->Find("3"));
  EXPECT_EQ(pasta.name, "Pasta, Whole Wheat");
  EXPECT_EQ(pasta.category, "dry goods pasta/dry pasta, noodles");
  EXPECT_EQ(pasta.price, 0);
  EXPECT_EQ(pasta.currency, "USD");
  // The companion rules rank by affinity alone: sum of confidences over
  // sqrt(P(B)).
  auto rules =
      ParseRulesTextproto(InstacartRulesTextproto(), "rules.textproto");
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->value_weight, 0);
  EXPECT_EQ(rules->cross_sell_combination, v1::COMBINATION_SUM);
  EXPECT_DOUBLE_EQ(rules->popularity_exponent, 0.5);
}

TEST(CatalogConvertTest, InstacartUnknownAisleNamesTheLine) {
  auto c = ConvertInstacart(
      {"product_id,product_name,aisle_id,department_id\n7,Tea,99,4\n", "p.csv"},
      {Fixture("instacart/aisles.csv"), "a.csv"},
      {Fixture("instacart/departments.csv"), "d.csv"});
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("p.csv:2:7: aisle_id: unknown"));
}

TEST(CatalogConvertTest, OlistMedianPricesInBrl) {
  const std::string p = Fixture("olist/products.csv");
  const std::string i = Fixture("olist/order_items.csv");
  const std::string t = Fixture("olist/translation.csv");
  auto c = ConvertOlist({p, "products.csv"}, {i, "order_items.csv"},
                        {t, "translation.csv"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->skipped, 1);  // dddd... was never sold
  auto catalog =
      ParseCatalogCsv(FormatCatalogCsv(c->rows), "catalog.csv", "USD");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  ASSERT_EQ(catalog->size(), 3u);
  const Product& odd = catalog->product(catalog->Find("aaaaaaaa11112222"));
  EXPECT_EQ(odd.price, 2000);  // median of 58.90, 10.00, 20.00
  EXPECT_EQ(odd.currency, "BRL");
  EXPECT_EQ(odd.category, "perfumery");
  EXPECT_EQ(odd.name, "perfumery aaaaaaaa");
  const Product& even = catalog->product(catalog->Find("bbbbbbbb33334444"));
  EXPECT_EQ(even.price, 10003);          // (100.00 + 100.05) / 2, half up
  EXPECT_EQ(even.category, "pc_gamer");  // no translation: Portuguese
  const Product& bare = catalog->product(catalog->Find("cccccccc55556666"));
  EXPECT_EQ(bare.category, "");
  EXPECT_EQ(bare.name, "product cccccccc");
}

TEST(CatalogConvertTest, OlistBadPriceNamesLineAndColumn) {
  auto c = ConvertOlist({Fixture("olist/products.csv"), "p.csv"},
                        {"product_id,price\nx,12.345\n", "items.csv"},
                        {Fixture("olist/translation.csv"), "t.csv"});
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("items.csv:2:3: price"));
}

}  // namespace
}  // namespace offergraph::mine
