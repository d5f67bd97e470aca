// Bundles, quantity breaks, promotions and offers from history through the
// real server and a real gRPC client, on the demo data's deals files
// (data/demo/bundles.csv, quantity_breaks.csv, promotions.csv), with the
// server's clock under the test's control.
#include <string>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server_fixture.h"

namespace offergraph {
namespace {

using ::offergraph::testing::ServerFixture;

// promotions.csv: both demo promotions end here.
const absl::Time kPromotionsEnd = absl::FromUnixSeconds(1924905600);  // 2030-12-31

class DealsServiceTest : public ServerFixture {
 protected:
  static const v1::Offer* OfKind(const v1::SuggestResponse& r,
                                 const std::string& sku, v1::OfferKind kind) {
    for (const v1::Offer& o : r.offers()) {
      if (o.sku() == sku && o.kind() == kind) return &o;
    }
    return nullptr;
  }

  static const v1::Suppressed* Held(const v1::SuggestResponse& r,
                                    const std::string& sku,
                                    v1::SuppressionReason reason) {
    for (const v1::Suppressed& s : r.suppressed()) {
      if (s.sku() == sku && s.reason() == reason) return &s;
    }
    return nullptr;
  }

  v1::SuggestResponse PhoneAndCase(const std::string& customer = "") {
    v1::SuggestRequest r = Cart(v1::CHECKOUT, {"PHONE-A", "PHONE-CASE"}, customer);
    r.set_explain(true);
    return SuggestOk(r);
  }
};

TEST_F(DealsServiceTest, BundleAndPromotionCarryTheirMoneyAndItems) {
  const v1::SuggestResponse r = PhoneAndCase();

  // PHONE-PROTECT (case + protector for 34.00 instead of 40.00): the cart
  // holds the case, so the offer adds the protector.
  const v1::Offer* kit = OfKind(r, "PHONE-PROTECT", v1::BUNDLE);
  ASSERT_NE(kit, nullptr);
  EXPECT_EQ(kit->bundle_id(), "PHONE-PROTECT");
  EXPECT_EQ(kit->reason(), "bundle");
  ASSERT_EQ(kit->items_size(), 1);
  EXPECT_EQ(kit->items(0).sku(), "SCREEN-PROT");
  EXPECT_EQ(kit->items(0).quantity(), 1);
  EXPECT_EQ(kit->items(0).unit_price().units(), 1500);
  EXPECT_EQ(kit->extra_pay().units(), 900);
  EXPECT_EQ(kit->extra_pay().currency(), "USD");
  EXPECT_EQ(kit->saving().units(), 600);
  EXPECT_FALSE(kit->has_expires_at());  // the demo bundle has no end
  EXPECT_FALSE(kit->pitch().empty());

  // The protector on its own is under the 15% phone-accessories promotion.
  const v1::Offer* prot = OfKind(r, "SCREEN-PROT", v1::CROSS_SELL);
  ASSERT_NE(prot, nullptr);
  EXPECT_EQ(prot->price().units(), 1275);
  EXPECT_EQ(prot->original_price().units(), 1500);
  EXPECT_EQ(prot->saving().units(), 225);
  EXPECT_EQ(prot->extra_pay().units(), 1275);
  EXPECT_EQ(prot->promotion_id(), "WINTER-PHONE-ACC");
  EXPECT_EQ(prot->expires_at().seconds(), absl::ToUnixSeconds(kPromotionsEnd));
}

TEST_F(DealsServiceTest, OneMoreUnitReachesAQuantityBreak) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"SCREEN-PROT"});
  request.add_kinds(v1::QUANTITY);
  const v1::SuggestResponse r = SuggestOk(request);
  ASSERT_EQ(r.offers_size(), 1);  // kinds asked for quantity offers only
  const v1::Offer& more = r.offers(0);
  EXPECT_EQ(more.kind(), v1::QUANTITY);
  EXPECT_EQ(more.sku(), "SCREEN-PROT");
  ASSERT_EQ(more.items_size(), 1);
  EXPECT_EQ(more.items(0).quantity(), 1);
  EXPECT_EQ(more.items(0).unit_price().units(), 1200);  // 12.00 from 2
  // Two at 12.00 against one at today's promoted 12.75.
  EXPECT_EQ(more.extra_pay().units(), 2 * 1200 - 1275);
  EXPECT_EQ(more.reason(), "quantity_break");
}

TEST_F(DealsServiceTest, ADeclinedBundleRestsByItsIdAndItsMembersStay) {
  const v1::SuggestResponse first = PhoneAndCase("c-deals-1");
  ASSERT_NE(OfKind(first, "PHONE-PROTECT", v1::BUNDLE), nullptr);
  ASSERT_TRUE(
      Outcome(first.decision_id(), "PHONE-PROTECT", v1::DECLINED).ok());

  const v1::SuggestResponse again = PhoneAndCase("c-deals-1");
  EXPECT_EQ(OfKind(again, "PHONE-PROTECT", v1::BUNDLE), nullptr);
  EXPECT_NE(Held(again, "PHONE-PROTECT", v1::RECENTLY_DECLINED), nullptr);
  // The bundle rests, not the product it would have added.
  EXPECT_NE(OfKind(again, "SCREEN-PROT", v1::CROSS_SELL), nullptr);
}

TEST_F(DealsServiceTest, APromotionEndsWithoutAReload) {
  Advance(kPromotionsEnd - absl::FromUnixSeconds(1800000000));
  const v1::SuggestResponse r = PhoneAndCase();
  const v1::Offer* prot = OfKind(r, "SCREEN-PROT", v1::CROSS_SELL);
  ASSERT_NE(prot, nullptr);
  EXPECT_EQ(prot->price().units(), 1500);  // list price again
  EXPECT_FALSE(prot->has_original_price());
  EXPECT_TRUE(prot->promotion_id().empty());
  const v1::Suppressed* expired = Held(r, "SCREEN-PROT", v1::EXPIRED);
  ASSERT_NE(expired, nullptr);
  EXPECT_EQ(expired->kind(), v1::CROSS_SELL);
  EXPECT_EQ(expired->promotion_id(), "WINTER-PHONE-ACC");
  EXPECT_EQ(StatusOk().snapshot_generation(), 1);  // no reload happened
}

TEST_F(DealsServiceTest, OwnedSkusAnchorOffersAfterThePurchase) {
  v1::SuggestRequest request = Cart(v1::POST_PURCHASE, {"LAPTOP-BAG"});
  request.add_owned_skus("LAPTOP-14");
  const v1::SuggestResponse r = SuggestOk(request);
  const v1::Offer* mouse = OfKind(r, "MOUSE-WL", v1::CROSS_SELL);
  ASSERT_NE(mouse, nullptr);
  EXPECT_EQ(mouse->reason(), "complement_owned");
  ASSERT_EQ(mouse->anchor_skus_size(), 1);
  EXPECT_EQ(mouse->anchor_skus(0), "LAPTOP-14");

  // At checkout the owned laptop anchors nothing (history_anchors is off).
  request.set_channel(v1::CHECKOUT);
  const v1::SuggestResponse checkout = SuggestOk(request);
  for (const v1::Offer& o : checkout.offers()) {
    EXPECT_NE(o.reason(), "complement_owned") << o.sku();
  }
}

}  // namespace
}  // namespace offergraph
