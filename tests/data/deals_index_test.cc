#include <string>
#include <vector>

#include "data/deals_loader.h"
#include "deals_test_catalog.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "offergraph/deals.h"

namespace offergraph {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// LAPTOP 0, SLEEVE 1, MOUSE-W 2, EUR-CABLE 3 (accessories), A*B 4.
TEST(DealsIndexTest, IndexesBundlesBreaksAndPromotionsPerProduct) {
  Catalog catalog = DealsTestCatalog();
  absl::StatusOr<std::vector<Bundle>> bundles = ParseBundlesCsv(
      "bundle_id,name,members,discount_percent\n"
      "K1,Kit,LAPTOP|SLEEVE,10\n"
      "K2,Mice,MOUSE-W*2|SLEEVE,5\n"
      "K3,Stars,A*B*4,5\n",
      "bundles.csv", catalog);
  ASSERT_TRUE(bundles.ok()) << bundles.status();
  absl::StatusOr<QuantityBreakTable> breaks = ParseQuantityBreaksCsv(
      "sku,min_quantity,discount_percent\nMOUSE-W,10,20\nMOUSE-W,3,10\n",
      "quantity_breaks.csv", catalog);
  ASSERT_TRUE(breaks.ok()) << breaks.status();
  absl::StatusOr<std::vector<Promotion>> promotions = ParsePromotionsCsv(
      "promotion_id,sku,category,discount_percent,valid_until\n"
      "P0,,accessories,10,2030-01-01T00:00:00Z\n"
      "P1,SLEEVE,,20,2030-01-01T00:00:00Z\n"
      "P2,LAPTOP,,5,2030-01-01T00:00:00Z\n"
      "P3,,misc,50,2030-01-01T00:00:00Z\n",
      "promotions.csv", catalog);
  ASSERT_TRUE(promotions.ok()) << promotions.status();
  Deals deals(catalog, *std::move(bundles), std::move(breaks->products),
              std::move(breaks->breaks), *std::move(promotions));

  EXPECT_FALSE(deals.empty());
  EXPECT_EQ(deals.bundles().size(), 3u);
  EXPECT_THAT(deals.BundlesOf(0), ElementsAre(0u));
  EXPECT_THAT(deals.BundlesOf(1), ElementsAre(0u, 1u));
  EXPECT_THAT(deals.BundlesOf(2), ElementsAre(1u));
  EXPECT_THAT(deals.BundlesOf(3), IsEmpty());
  EXPECT_THAT(deals.BundlesOf(4), ElementsAre(2u));

  EXPECT_EQ(deals.quantity_break_count(), 2u);
  ASSERT_EQ(deals.BreaksOf(2).size(), 2u);
  EXPECT_EQ(deals.BreaksOf(2)[0].min_quantity, 3);
  EXPECT_EQ(deals.BreaksOf(2)[1].min_quantity, 10);
  EXPECT_THAT(deals.BreaksOf(1), IsEmpty());
  EXPECT_THAT(deals.BreaksOf(4), IsEmpty());

  // A category promotion reaches each product of the category, merged in
  // ascending index order with the product's own.
  EXPECT_THAT(deals.PromotionsOf(0), ElementsAre(2u));
  EXPECT_THAT(deals.PromotionsOf(1), ElementsAre(0u, 1u));
  EXPECT_THAT(deals.PromotionsOf(2), ElementsAre(0u));
  EXPECT_THAT(deals.PromotionsOf(3), ElementsAre(0u));
  EXPECT_THAT(deals.PromotionsOf(4), ElementsAre(3u));
  EXPECT_GT(deals.MemoryBytes(), 0u);
}

TEST(DealsIndexTest, EmptyDealsAnswerEveryProductWithNothing) {
  Catalog catalog = DealsTestCatalog();
  Deals none;
  Deals built(catalog, {}, {}, {}, {});
  for (const Deals* d : {&none, &built}) {
    EXPECT_TRUE(d->empty());
    for (ProductId id = 0; id < catalog.size(); ++id) {
      EXPECT_THAT(d->BundlesOf(id), IsEmpty());
      EXPECT_THAT(d->BreaksOf(id), IsEmpty());
      EXPECT_THAT(d->PromotionsOf(id), IsEmpty());
    }
    EXPECT_THAT(d->BundlesOf(kNoProduct), IsEmpty());
  }
}

}  // namespace
}  // namespace offergraph
