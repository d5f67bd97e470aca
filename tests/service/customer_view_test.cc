// The support desk's view of a customer, and erasure on request, through a
// real gRPC client.
#include <optional>
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
  v1::GetCustomerViewRequest request;
  v1::GetCustomerViewResponse response;
  grpc::ClientContext context;
  EXPECT_EQ(offers_->GetCustomerView(&context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// Issue 15 item 3: only the fields a SetCustomerState call sets change.
TEST_F(CustomerViewTest, SetCustomerStateChangesOnlyTheFieldsSet) {
  auto set = [&](std::optional<bool> complaint, std::optional<bool> budget,
                 v1::SetCustomerStateResponse* response) {
    v1::SetCustomerStateRequest r;
    r.set_customer_id("cs-1");
    if (complaint) r.set_complaint_open(*complaint);
    if (budget) r.set_budget_sensitive(*budget);
    grpc::ClientContext context;
    return offers_->SetCustomerState(&context, r, response);
  };
  v1::SetCustomerStateResponse response;
  ASSERT_TRUE(set(std::nullopt, true, &response).ok());
  EXPECT_TRUE(response.budget_sensitive());
  // The support desk opens a complaint: budget sensitivity stays.
  ASSERT_TRUE(set(true, std::nullopt, &response).ok());
  EXPECT_TRUE(response.complaint_open());
  EXPECT_TRUE(response.budget_sensitive());
  EXPECT_TRUE(View("cs-1").budget_sensitive());
  EXPECT_EQ(SuggestOk(Cart(v1::CHECKOUT, {"WASH-STD"}, "cs-1")).suppression(),
            v1::COMPLAINT_OPEN);
  // Resolved: still budget-sensitive.
  ASSERT_TRUE(set(false, std::nullopt, &response).ok());
  EXPECT_FALSE(response.complaint_open());
  EXPECT_TRUE(response.budget_sensitive());
  v1::GetCustomerViewResponse v = View("cs-1");
  EXPECT_FALSE(v.complaint_open());
  EXPECT_TRUE(v.budget_sensitive());
  // Setting nothing is refused (an old client's "both false" sends nothing).
  grpc::Status s = set(std::nullopt, std::nullopt, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(),
            "complaint_open, budget_sensitive: set at least one (only the "
            "fields set change)");
  EXPECT_TRUE(View("cs-1").budget_sensitive());
}

// Issue 15 item 4: an ACCEPTED after a DECLINED of the same offer is refused
// and counts nothing.
TEST_F(CustomerViewTest, ContradictingOutcomeIsFailedPrecondition) {
  v1::SuggestResponse r = SuggestOk(Cart(v1::CHECKOUT, {"WASH-STD"}, "co-1"));
  ASSERT_NE(FindOffer(r, "WAX-ADDON"), nullptr);
  ASSERT_TRUE(Outcome(r.decision_id(), "WAX-ADDON", v1::PRESENTED).ok());
  ASSERT_TRUE(Outcome(r.decision_id(), "WAX-ADDON", v1::DECLINED).ok());
  grpc::Status s = Outcome(r.decision_id(), "WAX-ADDON", v1::ACCEPTED);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(),
              ::testing::HasSubstr("ACCEPTED contradicts the DECLINED"));
  v1::RecordOutcomeResponse repeat;
  ASSERT_TRUE(
      Outcome(r.decision_id(), "WAX-ADDON", v1::DECLINED, &repeat).ok());
  EXPECT_TRUE(repeat.duplicate());
  v1::GetCustomerViewResponse v = View("co-1");
  ASSERT_EQ(v.decisions_size(), 1);
  for (const v1::OfferedItemView& o : v.decisions(0).offers()) {
    if (o.sku() != "WAX-ADDON") continue;
    EXPECT_THAT(o.outcomes(),
                ::testing::ElementsAre(v1::PRESENTED, v1::DECLINED));
  }
  // No quiet period started: the refused accept did not count.
  for (const v1::ActiveRest& rest : v.active_rests()) {
    EXPECT_NE(rest.reason(), v1::RECENT_ACCEPT);
  }
}

// Issue 15 item 15: a guest session can be erased; its rests go with it.
TEST_F(CustomerViewTest, EraseBySessionForgetsTheGuest) {
  v1::SuggestRequest cart = Cart(v1::CHECKOUT, {"WASH-STD"});
  cart.set_session_id("guest-sess-1");
  cart.set_explain(true);
  v1::SuggestResponse r = SuggestOk(cart);
  ASSERT_TRUE(Outcome(r.decision_id(), "WAX-ADDON", v1::DECLINED).ok());
  ASSERT_EQ(SuppressedReason(SuggestOk(cart), "WAX-ADDON"),
            v1::RECENTLY_DECLINED);
  v1::SuggestRequest other = cart;
  other.set_session_id("guest-sess-2");
  v1::SuggestResponse o = SuggestOk(other);
  ASSERT_TRUE(Outcome(o.decision_id(), "WAX-ADDON", v1::DECLINED).ok());

  v1::EraseCustomerRequest request;
  request.set_session_id("guest-sess-1");
  v1::EraseCustomerResponse erased;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(offers_->EraseCustomer(&context, request, &erased).ok());
  }
  // 2 decisions, 2 response events, 1 decline marker and its event.
  EXPECT_EQ(erased.records_erased(), 6);
  EXPECT_NE(FindOffer(SuggestOk(cart), "WAX-ADDON"), nullptr);
  EXPECT_EQ(Outcome(r.decision_id(), "WAX-ADDON", v1::PRESENTED).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // The other guest still rests.
  EXPECT_EQ(SuppressedReason(SuggestOk(other), "WAX-ADDON"),
            v1::RECENTLY_DECLINED);
}

TEST_F(CustomerViewTest, EraseNeedsExactlyOneOfCustomerAndSession) {
  struct Case {
    std::string customer, session, message;
  } cases[] = {
      {"", "", "customer_id: must be set, or session_id for a guest"},
      {"c-1", "s-1",
       "session_id: must be empty when customer_id is set (erase one at a "
       "time)"},
      {"", std::string(129, 's'),
       "session_id: must be at most 128 bytes, got 129"},
  };
  for (const Case& c : cases) {
    v1::EraseCustomerRequest request;
    request.set_customer_id(c.customer);
    request.set_session_id(c.session);
    v1::EraseCustomerResponse response;
    grpc::ClientContext context;
    grpc::Status s = offers_->EraseCustomer(&context, request, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(s.error_message(), c.message);
  }
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
