// Every malformed request gets INVALID_ARGUMENT naming the field and value.
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"
#include "service/server_fixture.h"

namespace offergraph::testing {
namespace {

using ::testing::HasSubstr;

class BadRequestTest : public ServerFixture {
 protected:
  void ExpectInvalid(const v1::SuggestRequest& request,
                     const std::string& expected) {
    v1::SuggestResponse response;
    grpc::Status s = Suggest(request, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << "expected '" << expected << "', got: " << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr(expected));
  }
};

TEST_F(BadRequestTest, ChannelMustBeSetAndKnown) {
  ExpectInvalid(Cart(v1::CHANNEL_UNSPECIFIED, {"WASH-STD"}),
                "channel: must be set");
  v1::SuggestRequest r = Cart(v1::CHECKOUT, {"WASH-STD"});
  r.set_channel(static_cast<v1::Channel>(99));
  ExpectInvalid(r, "channel: unknown value 99");
}

TEST_F(BadRequestTest, CartLinesAreChecked) {
  ExpectInvalid(Cart(v1::CHECKOUT, {"WASH-STD", ""}),
                "cart[1].sku: must not be empty");
  v1::SuggestRequest r = Cart(v1::CHECKOUT, {"WASH-STD", "WAX-ADDON"});
  r.mutable_cart(1)->set_quantity(0);
  ExpectInvalid(r, "cart[1].quantity: must be in [1, 1000000], got 0");
  r.mutable_cart(1)->set_quantity(-4);
  ExpectInvalid(r, "got -4");
  r = Cart(v1::CHECKOUT, {"WASH-STD"});
  r.mutable_cart(0)->set_sku(std::string(129, 'x'));
  ExpectInvalid(r, "cart[0].sku: must be at most 128 bytes, got 129");
}

TEST_F(BadRequestTest, TooManyCartLines) {
  v1::SuggestRequest r = Cart(v1::CHECKOUT, {});
  for (int i = 0; i < 201; ++i) {
    v1::CartLine* line = r.add_cart();
    line->set_sku("SKU-" + std::to_string(i));
    line->set_quantity(1);
  }
  ExpectInvalid(r, "cart: 201 lines exceed the limit of 200");
  r.mutable_cart()->RemoveLast();
  v1::SuggestResponse response;
  EXPECT_TRUE(Suggest(r, &response).ok());  // exactly at the limit
}

TEST_F(BadRequestTest, KindsMaxOffersAndSignals) {
  v1::SuggestRequest r = Cart(v1::CHECKOUT, {"WASH-STD"});
  r.add_kinds(v1::OFFER_KIND_UNSPECIFIED);
  ExpectInvalid(r, "kinds[0]: must be CROSS_SELL, UPSELL, BUNDLE or QUANTITY, got 0");
  r.clear_kinds();
  r.add_kinds(v1::UPSELL);
  r.add_kinds(static_cast<v1::OfferKind>(7));
  ExpectInvalid(r,
                "kinds[1]: must be CROSS_SELL, UPSELL, BUNDLE or QUANTITY, "
                "got 7");
  r.clear_kinds();
  // Issue 13: the deal kinds are request kinds too.
  r.add_kinds(v1::BUNDLE);
  r.add_kinds(v1::QUANTITY);
  {
    v1::SuggestResponse response;
    EXPECT_TRUE(Suggest(r, &response).ok());
  }
  r.clear_kinds();
  r.set_max_offers(-1);
  ExpectInvalid(r, "max_offers: must be >= 0, got -1");
  r.set_max_offers(0);
  r.mutable_signals()->set_budget_limit(-5);
  ExpectInvalid(r, "signals.budget_limit: must be >= 0, got -5");
  r.mutable_signals()->set_budget_limit(0);
  r.mutable_signals()->set_tenure_days(-1);
  ExpectInvalid(r, "signals.tenure_days: must be >= 0, got -1");
}

TEST_F(BadRequestTest, IdsAreBoundedAndNeverEchoed) {
  v1::SuggestRequest r = Cart(v1::CHECKOUT, {"WASH-STD"});
  r.set_customer_id(std::string(200, 'c'));
  v1::SuggestResponse response;
  grpc::Status s = Suggest(r, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(),
              HasSubstr("customer_id: must be at most 128 bytes, got 200"));
  EXPECT_THAT(s.error_message(), ::testing::Not(HasSubstr("cccc")));
  r.clear_customer_id();
  r.set_session_id(std::string(129, 's'));
  ExpectInvalid(r, "session_id: must be at most 128 bytes");
  r.clear_session_id();
  r.add_owned_skus("");
  ExpectInvalid(r, "owned_skus[0]: must not be empty");
}

TEST_F(BadRequestTest, RecordOutcomeFields) {
  EXPECT_EQ(Outcome("", "WAX-ADDON", v1::ACCEPTED).error_message(),
            "decision_id: must not be empty");
  EXPECT_EQ(Outcome("d1", "", v1::ACCEPTED).error_message(),
            "sku: must not be empty");
  grpc::Status s = Outcome("d1", "WAX-ADDON", v1::OUTCOME_UNSPECIFIED);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      s.error_message(),
      HasSubstr("outcome: must be PRESENTED, ACCEPTED or DECLINED, got 0"));
  s = Outcome("d1", "WAX-ADDON", static_cast<v1::Outcome>(12));
  EXPECT_THAT(s.error_message(), HasSubstr("got 12"));
}

TEST_F(BadRequestTest, SetCustomerStateNeedsCustomer) {
  grpc::Status s = SetState("", true, false);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "customer_id: must not be empty");
}

// Issue 15 item 21: one check (service/id_checks.h) for every id field, so
// every RPC refuses an overlong customer id with the same message, and none
// echoes it.
TEST_F(BadRequestTest, EveryRpcRefusesAnOverlongCustomerIdAlike) {
  const std::string id(129, 'x');
  const std::string expected =
      "customer_id: must be at most 128 bytes, got 129";
  std::vector<std::pair<std::string, grpc::Status>> calls;
  {
    v1::SuggestResponse response;
    calls.emplace_back(
        "Suggest", Suggest(Cart(v1::CHECKOUT, {"WASH-STD"}, id), &response));
  }
  calls.emplace_back("RecordOutcome",
                     Outcome("d1", "WAX-ADDON", v1::ACCEPTED, nullptr, id));
  calls.emplace_back("SetCustomerState", SetState(id, true, false));
  {
    v1::GetCustomerViewRequest request;
    request.set_customer_id(id);
    v1::GetCustomerViewResponse response;
    grpc::ClientContext context;
    calls.emplace_back("GetCustomerView",
                       offers_->GetCustomerView(&context, request, &response));
  }
  {
    v1::EraseCustomerRequest request;
    request.set_customer_id(id);
    v1::EraseCustomerResponse response;
    grpc::ClientContext context;
    calls.emplace_back("EraseCustomer",
                       offers_->EraseCustomer(&context, request, &response));
  }
  for (const auto& [method, s] : calls) {
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method;
    EXPECT_EQ(s.error_message(), expected) << method;
  }
}

TEST_F(BadRequestTest, ExpiredDeadlineIsNotServed) {
  v1::SuggestResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() -
                       std::chrono::seconds(1));
  grpc::Status s =
      offers_->Suggest(&context, Cart(v1::CHECKOUT, {"WASH-STD"}), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(response.offers_size(), 0);
}

}  // namespace
}  // namespace offergraph::testing

namespace offergraph::testing {
namespace {

// Issue 15 item 12, the documented part: a request over the 4 MiB limit is
// refused by gRPC itself with RESOURCE_EXHAUSTED before it is read or parsed
// (cheaper and safer than taking it in to count it), so it reaches no
// offergraph code and offergraph_requests_total does not count it.
TEST_F(BadRequestTest, OversizedRequestIsRefusedByGrpcAndNotCounted) {
  v1::SuggestRequest r = Cart(v1::CHECKOUT, {"WASH-STD"});
  r.set_customer_id(std::string(5 << 20, 'x'));
  v1::SuggestResponse response;
  grpc::Status s = Suggest(r, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << s.error_message();
  prometheus::TextSerializer text;
  const std::string exposition =
      text.Serialize(server_->metrics().registry()->Collect());
  EXPECT_THAT(exposition,
              HasSubstr("offergraph_requests_total{code=\"RESOURCE_EXHAUSTED\","
                        "method=\"Suggest\",transport=\"grpc\"} 0"));
  // The server is unharmed.
  EXPECT_TRUE(Suggest(Cart(v1::CHECKOUT, {"WASH-STD"}), &response).ok());
}

}  // namespace
}  // namespace offergraph::testing
