// SkuIndex keeps up to 16 bytes of each sku in its slot and the rest in an
// arena: skus shorter, equal to and longer than that, and long skus that
// share their first 16 bytes, must all be told apart.
#include "data/sku_index.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "offergraph/catalog.h"

namespace offergraph {
namespace {

TEST(SkuIndexTest, FindsShortExactAndLongSkus) {
  const std::vector<std::string> skus = {
      "A",
      "SKU00000001",
      "0123456789ABCDEF",                // exactly 16 bytes
      "0123456789ABCDEF-long-tail-one",  // shares the first 16 bytes
      "0123456789ABCDEF-long-tail-two",  // same length as the one above
      "0123456789ABCDEFG",               // 17 bytes
      std::string(128, 'x'),
  };
  std::vector<Product> products;
  for (const std::string& sku : skus) {
    Product p;
    p.sku = sku;
    products.push_back(p);
  }
  Product dup;
  dup.sku = "SKU00000001";  // a repeat: the first one wins
  products.push_back(dup);
  const Catalog catalog(std::move(products));
  const SkuIndex index(catalog);
  for (ProductId id = 0; id < skus.size(); ++id) {
    EXPECT_EQ(index.Find(skus[id]), id) << skus[id];
  }
  for (const char* unknown :
       {"", "B", "SKU00000002", "0123456789ABCDE", "0123456789ABCDEF-long-tail",
        "0123456789ABCDEF-long-tail-six", "0123456789ABCDEFH"}) {
    EXPECT_EQ(index.Find(unknown), kNoProduct) << unknown;
  }
  EXPECT_EQ(index.Find(std::string(127, 'x')), kNoProduct);
  EXPECT_EQ(index.Find(std::string(127, 'x') + "y"), kNoProduct);
}

}  // namespace
}  // namespace offergraph
