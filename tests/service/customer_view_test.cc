// The support desk's view of a customer, and erasure on request, through a
// real gRPC client.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/server_fixture.h"

namespace offergraph::testing {
namespace {

class CustomerViewTest : public ServerFixture {
 protected:
  v1::GetCustomerViewResponse View(const std::string& customer) {
    v1::GetCustomerViewRequest request;
    request.set_customer_id(customer);
    v1::GetCustomerViewResponse response;
    grpc::ClientContext context;
    grpc::Status s = offers_->GetCustomerView(&context, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }
  grpc::Status Erase(const std::string& customer,
                     v1::EraseCustomerResponse* response) {
    v1::EraseCustomerRequest request;
    request.set_customer_id(customer);
    grpc::ClientContext context;
    return offers_->EraseCustomer(&context, request, response);
  }
  const absl::Time now_ = absl::FromUnixNanos(clock_nanos_->load());
};

TEST_F(CustomerViewTest, ShowsDecisionsOutcomesRestsAndState) {
  v1::SuggestResponse r = SuggestOk(Cart(v1::CHECKOUT, {"WASH-STD"}, "cv-1"));
  ASSERT_NE(FindOffer(r, "WAX-ADDON"), nullptr);
  ASSERT_TRUE(Outcome(r.decision_id(), "WAX-ADDON", v1::PRESENTED).ok());
  ASSERT_TRUE(Outcome(r.decision_id(), "WAX-ADDON", v1::DECLINED).ok());
  ASSERT_TRUE(SetState("cv-1", /*complaint=*/true, /*budget=*/false).ok());

  v1::GetCustomerViewResponse v = View("cv-1");
  EXPECT_TRUE(v.complaint_open());
  EXPECT_FALSE(v.budget_sensitive());
  EXPECT_EQ(v.offer_responses_last_24h(), 1);
  ASSERT_EQ(v.decisions_size(), 1);
  EXPECT_EQ(v.decisions(0).decision_id(), r.decision_id());
  EXPECT_EQ(v.decisions(0).channel(), v1::CHECKOUT);
  bool found = false;
  for (const v1::OfferedItemView& o : v.decisions(0).offers()) {
    if (o.sku() != "WAX-ADDON") continue;
    found = true;
    EXPECT_THAT(o.outcomes(),
                ::testing::ElementsAre(v1::PRESENTED, v1::DECLINED));
    EXPECT_EQ(o.price().units(), 600);
  }
  EXPECT_TRUE(found);
  bool declined_rest = false;
  for (const v1::ActiveRest& rest : v.active_rests()) {
    if (rest.sku() == "WAX-ADDON" && rest.reason() == v1::RECENTLY_DECLINED) {
      declined_rest = true;
      EXPECT_EQ(rest.until_unix_seconds(),
                absl::ToUnixSeconds(now_ + absl::Hours(24 * 30)));
    }
  }
  EXPECT_TRUE(declined_rest);
  // Unknown customers have an empty view.
  v1::GetCustomerViewResponse empty = View("nobody");
  EXPECT_EQ(empty.decisions_size(), 0);
  EXPECT_EQ(empty.active_rests_size(), 0);
}

TEST_F(CustomerViewTest, EraseRemovesEverythingAndTheRulesForget) {
  v1::SuggestRequest cart = Cart(v1::CHECKOUT, {"WASH-STD"}, "cv-2");
  cart.set_explain(true);
  v1::SuggestResponse r = SuggestOk(cart);
  ASSERT_TRUE(Outcome(r.decision_id(), "WAX-ADDON", v1::DECLINED).ok());
  ASSERT_EQ(SuppressedReason(SuggestOk(cart), "WAX-ADDON"),
            v1::RECENTLY_DECLINED);
  ASSERT_TRUE(SetState("cv-2", false, /*budget=*/true).ok());

  v1::EraseCustomerResponse erased;
  ASSERT_TRUE(Erase("cv-2", &erased).ok());
  EXPECT_GT(erased.records_erased(), 0);
  v1::GetCustomerViewResponse v = View("cv-2");
  EXPECT_EQ(v.decisions_size(), 0);
  EXPECT_EQ(v.active_rests_size(), 0);
  EXPECT_FALSE(v.budget_sensitive());
  EXPECT_EQ(v.offer_responses_last_24h(), 0);
  // The decline is forgotten, and outcomes for erased decisions are refused.
  EXPECT_NE(FindOffer(SuggestOk(cart), "WAX-ADDON"), nullptr);
  EXPECT_EQ(Outcome(r.decision_id(), "WAX-ADDON", v1::ACCEPTED).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Erasing again erases nothing more than the new decision.
  v1::EraseCustomerResponse again;
  ASSERT_TRUE(Erase("nobody-at-all", &again).ok());
  EXPECT_EQ(again.records_erased(), 0);
}

TEST_F(CustomerViewTest, CustomerIdIsRequired) {
  v1::EraseCustomerResponse erased;
  grpc::Status s = Erase("", &erased);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "customer_id: must not be empty");
  v1::GetCustomerViewRequest request;
  v1::GetCustomerViewResponse response;
  grpc::ClientContext context;
  EXPECT_EQ(offers_->GetCustomerView(&context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

class CustomerViewTokenTest : public CustomerViewTest {
 protected:
  void Configure(ServerOptions* options) override {
    options->admin_token = "tk";
  }
};

TEST_F(CustomerViewTokenTest, ViewAndEraseNeedTheToken) {
  v1::SuggestResponse r = SuggestOk(Cart(v1::CHECKOUT, {"WASH-STD"}, "cv-3"));
  ASSERT_GT(r.offers_size(), 0);
  v1::EraseCustomerRequest erase;
  erase.set_customer_id("cv-3");
  v1::EraseCustomerResponse erased;
  {
    grpc::ClientContext context;
    EXPECT_EQ(offers_->EraseCustomer(&context, erase, &erased).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  v1::GetCustomerViewRequest view;
  view.set_customer_id("cv-3");
  v1::GetCustomerViewResponse response;
  {
    grpc::ClientContext context;
    EXPECT_EQ(offers_->GetCustomerView(&context, view, &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer tk");
  ASSERT_TRUE(offers_->GetCustomerView(&context, view, &response).ok());
  EXPECT_EQ(response.decisions_size(), 1);  // the refused erase removed nothing
}

}  // namespace
}  // namespace offergraph::testing
