// Every rule of the playbook, end to end: a real server on a loopback port,
// the demo data, a real gRPC client.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/server_fixture.h"

namespace offergraph::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SuggestRulesTest : public ServerFixture {};

TEST_F(SuggestRulesTest, CheckoutLaptopOffersUpgradeAndAccessoriesBestFirst) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"LAPTOP-14"});
  request.set_explain(true);
  v1::SuggestResponse r = SuggestOk(request);
  ASSERT_EQ(r.offers_size(), 3);  // default max_offers
  EXPECT_EQ(r.suppression(), v1::SUPPRESSION_REASON_UNSPECIFIED);
  EXPECT_THAT(r.decision_id(), ::testing::MatchesRegex("[0-9a-f]{32}"));
  EXPECT_EQ(r.snapshot_version(), StatusOk().snapshot_version());

  const v1::Offer& up = r.offers(0);
  EXPECT_EQ(up.sku(), "LAPTOP-14-PRO");
  EXPECT_EQ(up.kind(), v1::UPSELL);
  EXPECT_EQ(up.reason(), "upgrade_tier");
  EXPECT_EQ(up.price().units(), 119900);
  EXPECT_EQ(up.price().currency(), "USD");
  EXPECT_EQ(up.price_delta().units(), 30000);
  EXPECT_THAT(up.anchor_skus(), ElementsAre("LAPTOP-14"));
  EXPECT_FALSE(up.pitch().empty());  // the product's own pitch

  const v1::Offer& bag = r.offers(1);
  EXPECT_EQ(bag.sku(), "LAPTOP-BAG");
  EXPECT_EQ(bag.kind(), v1::CROSS_SELL);
  EXPECT_EQ(bag.reason(), "complement");
  EXPECT_DOUBLE_EQ(bag.affinity(), 0.42f);
  EXPECT_EQ(bag.pitch(),
            "A padded bag made for 14-inch laptops.");  // edge pitch
  EXPECT_GT(up.score(), bag.score());
  EXPECT_GT(bag.score(), r.offers(2).score());

  EXPECT_EQ(SuppressedReason(r, "LAPTOP-STAND"), v1::OUT_OF_STOCK);
  EXPECT_EQ(SuppressedReason(r, "PHONE-CASE"), v1::LOW_RELEVANCE);
  EXPECT_EQ(SuppressedReason(r, "LAPTOP-16-MAX"), v1::PRICE_CEILING);
  EXPECT_EQ(SuppressedReason(r, "MOUSE-WL"), v1::OFFER_LIMIT);
}

TEST_F(SuggestRulesTest, ExplainOffListsNothing) {
  v1::SuggestResponse r = SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-14"}));
  EXPECT_EQ(r.suppressed_size(), 0);
  EXPECT_EQ(r.offers_size(), 3);
}

TEST_F(SuggestRulesTest, CrossSellFromSeveralLinesCombinesByNoisyOr) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"LAPTOP-14", "MOUSE-WL"});
  request.add_kinds(v1::CROSS_SELL);
  request.set_max_offers(10);
  request.set_explain(true);
  v1::SuggestResponse r = SuggestOk(request);
  const v1::Offer* hub = FindOffer(r, "USB-C-HUB");
  ASSERT_NE(hub, nullptr);
  EXPECT_NEAR(hub->affinity(), 1 - (1 - 0.18) * (1 - 0.20), 1e-6);
  EXPECT_THAT(hub->anchor_skus(), ElementsAre("LAPTOP-14", "MOUSE-WL"));
  EXPECT_EQ(hub->reason(), "complement_multi");
  int hubs = 0;
  for (const v1::Offer& o : r.offers()) hubs += o.sku() == "USB-C-HUB";
  EXPECT_EQ(hubs, 1);
  for (const v1::Offer& o : r.offers()) EXPECT_EQ(o.kind(), v1::CROSS_SELL);
  EXPECT_EQ(FindOffer(r, "MOUSE-WL"), nullptr);
}

TEST_F(SuggestRulesTest, InCartAndOwnedAreNeverOffered) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"PHONE-A", "PHONE-CASE"});
  request.add_owned_skus("SCREEN-PROT");
  request.set_explain(true);
  request.set_max_offers(10);
  v1::SuggestResponse r = SuggestOk(request);
  EXPECT_EQ(FindOffer(r, "PHONE-CASE"), nullptr);
  EXPECT_EQ(FindOffer(r, "SCREEN-PROT"), nullptr);
  EXPECT_EQ(SuppressedReason(r, "PHONE-CASE"), v1::IN_CART);
  EXPECT_EQ(SuppressedReason(r, "SCREEN-PROT"), v1::ALREADY_OWNED);
  EXPECT_NE(FindOffer(r, "CHARGER-FAST"), nullptr);
}

TEST_F(SuggestRulesTest, ComplaintSignalSuppressesEveryChannel) {
  for (v1::Channel channel : {v1::CHECKOUT, v1::SUPPORT_DESK, v1::POST_PURCHASE,
                              v1::BROWSE, v1::RENEWAL}) {
    v1::SuggestRequest request = Cart(channel, {"PHONE-A"});
    request.mutable_signals()->set_complaint_open(true);
    request.mutable_signals()->set_tenure_days(400);
    v1::SuggestResponse r = SuggestOk(request);
    EXPECT_EQ(r.offers_size(), 0) << v1::Channel_Name(channel);
    EXPECT_EQ(r.suppression(), v1::COMPLAINT_OPEN) << v1::Channel_Name(channel);
    EXPECT_TRUE(r.decision_id().empty());
  }
}

TEST_F(SuggestRulesTest, ComplaintStateSetBySupportDeskReachesCheckout) {
  ASSERT_TRUE(SetState("cust-7", /*complaint=*/true, /*budget=*/false).ok());
  v1::SuggestResponse r = SuggestOk(Cart(v1::CHECKOUT, {"PHONE-A"}, "cust-7"));
  EXPECT_EQ(r.suppression(), v1::COMPLAINT_OPEN);
  EXPECT_EQ(r.offers_size(), 0);
  // Another customer is unaffected.
  EXPECT_GT(SuggestOk(Cart(v1::CHECKOUT, {"PHONE-A"}, "cust-8")).offers_size(),
            0);
  // Resolving the complaint brings offers back.
  ASSERT_TRUE(SetState("cust-7", false, false).ok());
  r = SuggestOk(Cart(v1::CHECKOUT, {"PHONE-A"}, "cust-7"));
  EXPECT_EQ(r.suppression(), v1::SUPPRESSION_REASON_UNSPECIFIED);
  EXPECT_GT(r.offers_size(), 0);
}

TEST_F(SuggestRulesTest, BudgetSensitiveGetsNoUpsellsAndCheapCrossSells) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"PHONE-A"});
  request.mutable_signals()->set_budget_sensitive(true);
  request.set_explain(true);
  request.set_max_offers(10);
  v1::SuggestResponse r = SuggestOk(request);
  EXPECT_EQ(SuppressedReason(r, "PHONE-A-PLUS"), v1::BUDGET_SENSITIVE);
  for (const v1::Offer& o : r.offers()) EXPECT_EQ(o.kind(), v1::CROSS_SELL);
  // 10% of 699.00 = 69.90: case 25, protector 15, charger 35 all fit.
  EXPECT_NE(FindOffer(r, "PHONE-CASE"), nullptr);
  EXPECT_NE(FindOffer(r, "CHARGER-FAST"), nullptr);

  // An explicit budget of 20.00 keeps only the 15.00 protector.
  request.mutable_signals()->set_budget_limit(2000);
  r = SuggestOk(request);
  ASSERT_EQ(r.offers_size(), 1);
  EXPECT_EQ(r.offers(0).sku(), "SCREEN-PROT");
  EXPECT_EQ(SuppressedReason(r, "PHONE-CASE"), v1::BUDGET_SENSITIVE);
  EXPECT_EQ(SuppressedReason(r, "CHARGER-FAST"), v1::BUDGET_SENSITIVE);
}

TEST_F(SuggestRulesTest, BudgetStateFromSupportDeskApplies) {
  ASSERT_TRUE(SetState("cust-b", false, /*budget=*/true).ok());
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"PHONE-A"}, "cust-b");
  request.set_explain(true);
  v1::SuggestResponse r = SuggestOk(request);
  EXPECT_EQ(SuppressedReason(r, "PHONE-A-PLUS"), v1::BUDGET_SENSITIVE);
}

TEST_F(SuggestRulesTest, SupportDeskGetsUpsellWithReadablePitchOnly) {
  v1::SuggestRequest request = Cart(v1::SUPPORT_DESK, {"PHONE-A"});
  request.set_explain(true);
  v1::SuggestResponse r = SuggestOk(request);
  ASSERT_EQ(r.offers_size(), 1);
  EXPECT_EQ(r.offers(0).sku(), "PHONE-A-PLUS");
  EXPECT_EQ(r.offers(0).pitch(),
            "Bigger screen, twice the storage, longer battery.");
  EXPECT_EQ(SuppressedReason(r, "PHONE-CASE"), v1::CHANNEL_POLICY);
}

TEST_F(SuggestRulesTest, PostPurchaseIsCrossSellOnly) {
  v1::SuggestRequest request = Cart(v1::POST_PURCHASE, {"WASH-STD"});
  request.set_explain(true);
  v1::SuggestResponse r = SuggestOk(request);
  ASSERT_EQ(r.offers_size(), 1);
  EXPECT_EQ(r.offers(0).sku(), "WAX-ADDON");
  EXPECT_EQ(SuppressedReason(r, "WASH-PREMIUM"), v1::CHANNEL_POLICY);
}

TEST_F(SuggestRulesTest, CarWashUpsellExactlyAtPriceCeilingIsAllowed) {
  v1::SuggestResponse r = SuggestOk(Cart(v1::CHECKOUT, {"WASH-STD"}));
  const v1::Offer* premium = FindOffer(r, "WASH-PREMIUM");
  ASSERT_NE(premium, nullptr);  // 18.00 is exactly +50% over 12.00
  EXPECT_EQ(premium->price_delta().units(), 600);
  EXPECT_NE(FindOffer(r, "WAX-ADDON"), nullptr);
}

TEST_F(SuggestRulesTest, RenewalNeedsTenure) {
  v1::SuggestRequest request = Cart(v1::RENEWAL, {"SUB-BASIC"});
  request.mutable_signals()->set_tenure_days(179);
  v1::SuggestResponse r = SuggestOk(request);
  EXPECT_EQ(r.suppression(), v1::CHANNEL_POLICY);
  EXPECT_EQ(r.offers_size(), 0);

  request.mutable_signals()->set_tenure_days(180);
  request.set_explain(true);
  r = SuggestOk(request);
  ASSERT_EQ(r.offers_size(), 1);
  EXPECT_EQ(r.offers(0).sku(), "SUB-STANDARD");
  EXPECT_EQ(SuppressedReason(r, "SUB-PREMIUM"), v1::PRICE_CEILING);
}

TEST_F(SuggestRulesTest, OverwhelmedGetsNothing) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"LAPTOP-14"});
  request.mutable_signals()->set_overwhelmed(true);
  v1::SuggestResponse r = SuggestOk(request);
  EXPECT_EQ(r.suppression(), v1::OVERWHELMED);
  EXPECT_EQ(r.offers_size(), 0);
}

TEST_F(SuggestRulesTest, MaxOffersIsHonouredAndClampedToHardCap) {
  v1::SuggestRequest request =
      Cart(v1::CHECKOUT, {"LAPTOP-14", "PHONE-A", "WASH-STD"});
  request.set_max_offers(1);
  EXPECT_EQ(SuggestOk(request).offers_size(), 1);
  request.set_max_offers(1000);
  v1::SuggestResponse r = SuggestOk(request);
  EXPECT_LE(r.offers_size(), 10);
  EXPECT_GT(r.offers_size(), 3);
}

TEST_F(SuggestRulesTest, OrderIsDeterministic) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"LAPTOP-14", "PHONE-A"});
  request.set_max_offers(10);
  v1::SuggestResponse first = SuggestOk(request);
  for (int i = 0; i < 5; ++i) {
    v1::SuggestResponse again = SuggestOk(request);
    ASSERT_EQ(again.offers_size(), first.offers_size());
    for (int j = 0; j < first.offers_size(); ++j) {
      EXPECT_EQ(again.offers(j).sku(), first.offers(j).sku());
    }
  }
}

TEST_F(SuggestRulesTest, UnknownSkusAreIgnoredAndReported) {
  v1::SuggestResponse r =
      SuggestOk(Cart(v1::CHECKOUT, {"NO-SUCH-SKU", "WASH-STD"}));
  EXPECT_THAT(r.unknown_skus(), ElementsAre("NO-SUCH-SKU"));
  EXPECT_NE(FindOffer(r, "WAX-ADDON"), nullptr);
}

TEST_F(SuggestRulesTest, DeclinedSkuRestsThirtyDays) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"WASH-STD"}, "cust-d");
  request.set_explain(true);
  v1::SuggestResponse r = SuggestOk(request);
  ASSERT_NE(FindOffer(r, "WAX-ADDON"), nullptr);
  ASSERT_TRUE(Outcome(r.decision_id(), "WAX-ADDON", v1::DECLINED).ok());

  r = SuggestOk(request);
  EXPECT_EQ(FindOffer(r, "WAX-ADDON"), nullptr);
  EXPECT_EQ(SuppressedReason(r, "WAX-ADDON"), v1::RECENTLY_DECLINED);
  EXPECT_NE(FindOffer(r, "WASH-PREMIUM"), nullptr);  // only that sku rests

  Advance(absl::Hours(24 * 29));
  EXPECT_EQ(SuppressedReason(SuggestOk(request), "WAX-ADDON"),
            v1::RECENTLY_DECLINED);
  Advance(absl::Hours(24) + absl::Seconds(1));
  EXPECT_NE(FindOffer(SuggestOk(request), "WAX-ADDON"), nullptr);
}

TEST_F(SuggestRulesTest, AcceptStartsQuietPeriodForAllOffers) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"WASH-STD"}, "cust-a");
  v1::SuggestResponse r = SuggestOk(request);
  ASSERT_GT(r.offers_size(), 0);
  ASSERT_TRUE(Outcome(r.decision_id(), r.offers(0).sku(), v1::ACCEPTED).ok());

  v1::SuggestResponse quiet =
      SuggestOk(Cart(v1::CHECKOUT, {"PHONE-A"}, "cust-a"));
  EXPECT_EQ(quiet.suppression(), v1::RECENT_ACCEPT);
  EXPECT_EQ(quiet.offers_size(), 0);

  Advance(absl::Hours(24) + absl::Seconds(1));
  EXPECT_GT(SuggestOk(Cart(v1::CHECKOUT, {"PHONE-A"}, "cust-a")).offers_size(),
            0);
}

TEST_F(SuggestRulesTest, ThreePresentationsRestTheSku) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"WASH-STD"}, "cust-p");
  request.set_explain(true);
  for (int i = 0; i < 3; ++i) {
    v1::SuggestResponse r = SuggestOk(request);
    ASSERT_NE(FindOffer(r, "WAX-ADDON"), nullptr) << "presentation " << i;
    ASSERT_TRUE(Outcome(r.decision_id(), "WAX-ADDON", v1::PRESENTED).ok());
    Advance(absl::Hours(1));
  }
  v1::SuggestResponse r = SuggestOk(request);
  EXPECT_EQ(SuppressedReason(r, "WAX-ADDON"), v1::COOLDOWN);
  Advance(absl::Hours(24 * 10));
  EXPECT_NE(FindOffer(SuggestOk(request), "WAX-ADDON"), nullptr);
}

TEST_F(SuggestRulesTest, DailyCapOnOfferBearingResponses) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"LAPTOP-14"}, "cust-cap");
  for (int i = 0; i < 5; ++i) {
    ASSERT_GT(SuggestOk(request).offers_size(), 0) << "response " << i;
  }
  v1::SuggestResponse r = SuggestOk(request);
  EXPECT_EQ(r.suppression(), v1::FREQUENCY_CAP);
  EXPECT_EQ(r.offers_size(), 0);
  Advance(absl::Hours(24) + absl::Seconds(1));
  EXPECT_GT(SuggestOk(request).offers_size(), 0);
}

TEST_F(SuggestRulesTest, GuestHistoryIsKeyedBySession) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"WASH-STD"});
  request.set_session_id("sess-1");
  v1::SuggestResponse r = SuggestOk(request);
  ASSERT_NE(FindOffer(r, "WAX-ADDON"), nullptr);
  ASSERT_TRUE(Outcome(r.decision_id(), "WAX-ADDON", v1::DECLINED).ok());
  EXPECT_EQ(FindOffer(SuggestOk(request), "WAX-ADDON"), nullptr);
  request.set_session_id("sess-2");
  EXPECT_NE(FindOffer(SuggestOk(request), "WAX-ADDON"), nullptr);
}

TEST_F(SuggestRulesTest, OutcomesAreIdempotentAndValidated) {
  v1::SuggestResponse r = SuggestOk(Cart(v1::CHECKOUT, {"WASH-STD"}, "cust-o"));
  ASSERT_GT(r.offers_size(), 0);
  const std::string sku = r.offers(0).sku();
  v1::RecordOutcomeResponse first, second;
  ASSERT_TRUE(Outcome(r.decision_id(), sku, v1::PRESENTED, &first).ok());
  ASSERT_TRUE(Outcome(r.decision_id(), sku, v1::PRESENTED, &second).ok());
  EXPECT_FALSE(first.duplicate());
  EXPECT_TRUE(second.duplicate());

  grpc::Status s =
      Outcome("00000000000000000000000000000000", sku, v1::ACCEPTED);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  s = Outcome(r.decision_id(), "PHONE-A", v1::ACCEPTED);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("PHONE-A"));
  s = Outcome(r.decision_id(), sku, v1::ACCEPTED, nullptr, "someone-else");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("customer_id"));
  EXPECT_THAT(s.error_message(), ::testing::Not(HasSubstr("someone-else")));
}

}  // namespace
}  // namespace offergraph::testing
