// A small catalog for the deals loader and index tests.
#ifndef OFFERGRAPH_TESTS_DATA_DEALS_TEST_CATALOG_H_
#define OFFERGRAPH_TESTS_DATA_DEALS_TEST_CATALOG_H_

#include "data/catalog_loader.h"
#include "gtest/gtest.h"
#include "offergraph/catalog.h"

namespace offergraph {

// LAPTOP 1000.00 USD (laptops), SLEEVE 30.00 USD and MOUSE-W 25.00 USD
// (accessories), EUR-CABLE 10.00 EUR (accessories), "A*B" 5.00 USD (misc),
// ids 0..4 in that order.
inline Catalog DealsTestCatalog() {
  absl::StatusOr<Catalog> c = ParseCatalogCsv(
      "sku,name,category,price,currency\n"
      "LAPTOP,Laptop,laptops,1000.00,USD\n"
      "SLEEVE,Sleeve,accessories,30.00,USD\n"
      "MOUSE-W,Mouse,accessories,25.00,USD\n"
      "EUR-CABLE,Cable,accessories,10.00,EUR\n"
      "A*B,Star,misc,5.00,USD\n",
      "catalog.csv", "USD");
  EXPECT_TRUE(c.ok()) << c.status();
  return *std::move(c);
}

}  // namespace offergraph

#endif  // OFFERGRAPH_TESTS_DATA_DEALS_TEST_CATALOG_H_
