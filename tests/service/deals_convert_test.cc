// Issue 13: a Decision with deal offers becomes a SuggestResponse with every
// new Offer field filled (items, extra_pay, saving, original_price,
// expires_at, bundle_id, promotion_id) and Suppressed.promotion_id; the
// request's kinds take BUNDLE and QUANTITY.
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "offergraph/engine.h"
#include "service/suggest_convert.h"
#include "testing/snapshot_builder.h"

namespace offergraph {
namespace {

using ::offergraph::testing::SnapshotBuilder;

const absl::Time kNow = absl::FromUnixSeconds(1800000000);

class DealsConvertTest : public ::testing::Test {
 protected:
  DealsConvertTest() {
    b_.Product("LAPTOP", 100000);
    b_.Product("SLEEVE", 3000);
    b_.Product("BAG", 5000);
    b_.Product("OLD-BAG", 4000);
    b_.CrossSell("LAPTOP", "BAG", 0.4f);
    b_.CrossSell("LAPTOP", "OLD-BAG", 0.3f);
    b_.Bundle("KIT", {{"LAPTOP", 1}, {"SLEEVE", 1}}, {102000, 0},
              absl::InfinitePast(), kNow + absl::Hours(2));
    b_.Promotion("BAGSALE", "BAG", "", {-1, 2000}, absl::InfinitePast(),
                 kNow + absl::Seconds(90) + absl::Milliseconds(250));
    b_.Promotion("GONE", "OLD-BAG", "", {-1, 2000}, absl::InfinitePast(),
                 kNow);
    s_ = b_.Build();
  }

  v1::SuggestResponse Suggest(const v1::SuggestRequest& request) {
    absl::StatusOr<ConvertedSuggest> in = ConvertSuggestRequest(request, *s_);
    EXPECT_TRUE(in.ok()) << in.status();
    const Decision d = Decide(*s_, in->input, {}, kNow);
    v1::SuggestResponse response;
    FillSuggestResponse(*s_, d, *in, &response);
    return response;
  }

  static v1::SuggestRequest Laptop() {
    v1::SuggestRequest r;
    r.set_channel(v1::CHECKOUT);
    v1::CartLine* line = r.add_cart();
    line->set_sku("LAPTOP");
    line->set_quantity(1);
    r.set_explain(true);
    r.set_max_offers(10);
    return r;
  }

  static const v1::Offer* Find(const v1::SuggestResponse& r,
                               const std::string& sku) {
    for (const v1::Offer& o : r.offers()) {
      if (o.sku() == sku) return &o;
    }
    return nullptr;
  }

  SnapshotBuilder b_;
  SnapshotPtr s_;
};

TEST_F(DealsConvertTest, BundleOfferCarriesItsItemsAndMoney) {
  const v1::SuggestResponse r = Suggest(Laptop());
  const v1::Offer* kit = Find(r, "KIT");
  ASSERT_NE(kit, nullptr);
  EXPECT_EQ(kit->kind(), v1::BUNDLE);
  EXPECT_EQ(kit->bundle_id(), "KIT");
  EXPECT_EQ(kit->name(), "KIT name");
  EXPECT_EQ(kit->reason(), "bundle");
  ASSERT_EQ(kit->items_size(), 1);
  EXPECT_EQ(kit->items(0).sku(), "SLEEVE");
  EXPECT_EQ(kit->items(0).quantity(), 1);
  EXPECT_EQ(kit->items(0).unit_price().units(), 3000);
  EXPECT_EQ(kit->items(0).unit_price().currency(), "USD");
  EXPECT_EQ(kit->extra_pay().units(), 2000);
  EXPECT_EQ(kit->saving().units(), 1000);
  EXPECT_EQ(kit->price().units(), 2000);
  EXPECT_EQ(kit->price().currency(), "USD");
  EXPECT_FALSE(kit->has_original_price());
  EXPECT_EQ(kit->expires_at().seconds(), 1800000000 + 7200);
  EXPECT_EQ(kit->pitch(), "Add the SLEEVE name and save 10.00 USD");
  ASSERT_EQ(kit->anchor_skus_size(), 1);
  EXPECT_EQ(kit->anchor_skus(0), "LAPTOP");
}

TEST_F(DealsConvertTest, PromotionAndExpiredPromotion) {
  const v1::SuggestResponse r = Suggest(Laptop());
  const v1::Offer* bag = Find(r, "BAG");
  ASSERT_NE(bag, nullptr);
  EXPECT_EQ(bag->price().units(), 4000);
  EXPECT_EQ(bag->original_price().units(), 5000);
  EXPECT_EQ(bag->saving().units(), 1000);
  EXPECT_EQ(bag->extra_pay().units(), 4000);
  EXPECT_EQ(bag->promotion_id(), "BAGSALE");
  EXPECT_EQ(bag->expires_at().seconds(), 1800000000 + 90);
  EXPECT_EQ(bag->expires_at().nanos(), 250000000);
  ASSERT_EQ(bag->items_size(), 1);
  EXPECT_EQ(bag->items(0).sku(), "BAG");
  EXPECT_EQ(bag->items(0).unit_price().units(), 4000);

  const v1::Offer* old = Find(r, "OLD-BAG");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->price().units(), 4000);
  EXPECT_FALSE(old->has_original_price());
  EXPECT_FALSE(old->has_expires_at());
  EXPECT_TRUE(old->promotion_id().empty());
  bool listed = false;
  for (const v1::Suppressed& s : r.suppressed()) {
    if (s.reason() != v1::EXPIRED) continue;
    listed = true;
    EXPECT_EQ(s.sku(), "OLD-BAG");
    EXPECT_EQ(s.kind(), v1::CROSS_SELL);
    EXPECT_EQ(s.promotion_id(), "GONE");
  }
  EXPECT_TRUE(listed);
}

TEST_F(DealsConvertTest, KindsSelectTheDealKinds) {
  v1::SuggestRequest r = Laptop();
  r.add_kinds(v1::BUNDLE);
  v1::SuggestResponse response = Suggest(r);
  ASSERT_EQ(response.offers_size(), 1);
  EXPECT_EQ(response.offers(0).sku(), "KIT");
  r.clear_kinds();
  r.add_kinds(v1::CROSS_SELL);
  response = Suggest(r);
  EXPECT_EQ(Find(response, "KIT"), nullptr);
  EXPECT_NE(Find(response, "BAG"), nullptr);
}

}  // namespace
}  // namespace offergraph
