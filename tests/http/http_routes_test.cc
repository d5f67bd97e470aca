// Every OfferService and AdminService method over HTTP/JSON, through the same
// handlers as gRPC: what one edge writes the other reads, and the request
// metrics carry transport="http".
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "http/http_fixture.h"

namespace offergraph::testing {
namespace {

using ::testing::HasSubstr;

// Parses a JSON answer into `message`, failing the test when it does not.
template <typename Message>
Message Parse(const std::string& json) {
  Message message;
  auto status = google::protobuf::util::JsonStringToMessage(json, &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << " in " << json;
  return message;
}

class HttpRoutesTest : public HttpFixture {};

TEST_F(HttpRoutesTest, SuggestThenOutcomeThenOrder) {
  HttpAnswer suggest = Http("POST", "/v1/suggest",
                            R"({"customer_id": "c-h1", "channel": "CHECKOUT",
               "cart": [{"sku": "LAPTOP-14", "quantity": 1}],
               "explain": true})");
  ASSERT_EQ(suggest.status, 200) << suggest.body;
  EXPECT_EQ(suggest.headers["content-type"], "application/json");
  const v1::SuggestResponse r = Parse<v1::SuggestResponse>(suggest.body);
  ASSERT_GT(r.offers_size(), 0);
  EXPECT_EQ(r.decision_id().size(), 32u);
  // Proto field names, enums by name, int64 as strings.
  EXPECT_THAT(suggest.body, HasSubstr("\"decision_id\""));
  EXPECT_THAT(suggest.body, HasSubstr("\"kind\":\"UPSELL\""));
  EXPECT_THAT(suggest.body, HasSubstr("\"units\":\"119900\""));

  // The decision is in the ledger both edges share: gRPC takes its outcome.
  EXPECT_TRUE(Outcome(r.decision_id(), r.offers(0).sku(), v1::PRESENTED).ok());
  HttpAnswer outcome = Http(
      "POST", "/v1/outcomes",
      absl::StrCat(R"({"decision_id": ")", r.decision_id(), R"(", "sku": ")",
                   r.offers(0).sku(), R"(", "outcome": "ACCEPTED"})"));
  ASSERT_EQ(outcome.status, 200) << outcome.body;
  EXPECT_EQ(outcome.body, "{}");  // duplicate: false, a default, is left out
  outcome = Http(
      "POST", "/v1/outcomes",
      absl::StrCat(R"({"decision_id": ")", r.decision_id(), R"(", "sku": ")",
                   r.offers(0).sku(), R"(", "outcome": "ACCEPTED"})"));
  EXPECT_EQ(outcome.body, R"({"duplicate":true})");

  HttpAnswer order = Http(
      "POST", "/v1/orders",
      absl::StrCat(R"({"order_id": "o-1", "customer_id": "c-h1",
                       "decision_id": ")",
                   r.decision_id(),
                   R"(", "total": {"units": "119900", "currency": "USD"}})"));
  ASSERT_EQ(order.status, 200) << order.body;
  EXPECT_FALSE(Parse<v1::RecordOrderResponse>(order.body).duplicate());

  const std::string metrics = Scrape();
  EXPECT_THAT(
      metrics,
      HasSubstr("offergraph_requests_total{code=\"OK\",method=\"Suggest\","
                "transport=\"http\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("offergraph_requests_total{code=\"OK\","
                                 "method=\"RecordOutcome\",transport=\"http\"} "
                                 "2"));
  EXPECT_THAT(metrics, HasSubstr("offergraph_requests_total{code=\"OK\","
                                 "method=\"RecordOutcome\",transport=\"grpc\"} "
                                 "1"));
  EXPECT_THAT(metrics,
              HasSubstr("offergraph_request_duration_seconds_count{method="
                        "\"RecordOrder\",transport=\"http\"} 1"));
}

TEST_F(HttpRoutesTest, CustomerStateViewAndErasure) {
  HttpAnswer state =
      Http("PUT", "/v1/customers/c-h2/state", R"({"complaint_open": true})");
  ASSERT_EQ(state.status, 200) << state.body;
  EXPECT_EQ(state.body, R"({"complaint_open":true})");
  // gRPC sees the complaint the HTTP call opened.
  EXPECT_EQ(SuggestOk(Cart(v1::CHECKOUT, {"PHONE-A"}, "c-h2")).suppression(),
            v1::COMPLAINT_OPEN);

  HttpAnswer view = Http("GET", "/v1/customers/c-h2");
  ASSERT_EQ(view.status, 200) << view.body;
  const v1::GetCustomerViewResponse v =
      Parse<v1::GetCustomerViewResponse>(view.body);
  EXPECT_TRUE(v.complaint_open());

  HttpAnswer erased = Http("DELETE", "/v1/customers/c-h2");
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_GT(Parse<v1::EraseCustomerResponse>(erased.body).records_erased(), 0);
  EXPECT_GT(SuggestOk(Cart(v1::CHECKOUT, {"PHONE-A"}, "c-h2")).offers_size(),
            0);

  v1::SuggestRequest guest = Cart(v1::CHECKOUT, {"PHONE-A"});
  guest.set_session_id("s-h2");
  SuggestOk(guest);
  HttpAnswer session = Http("DELETE", "/v1/sessions/s-h2");
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_GT(Parse<v1::EraseCustomerResponse>(session.body).records_erased(), 0);
}

TEST_F(HttpRoutesTest, AdminStatusReloadAndReport) {
  HttpAnswer status = Http("GET", "/v1/admin/status");
  ASSERT_EQ(status.status, 200) << status.body;
  const v1::GetStatusResponse s = Parse<v1::GetStatusResponse>(status.body);
  EXPECT_EQ(s.snapshot_generation(), 1);
  EXPECT_EQ(s.product_count(), 20);

  HttpAnswer reload = Http("POST", "/v1/admin/reload");
  ASSERT_EQ(reload.status, 200) << reload.body;
  EXPECT_EQ(Parse<v1::ReloadResponse>(reload.body).snapshot_version(),
            s.snapshot_version());
  EXPECT_EQ(StatusOk().snapshot_generation(), 2);

  // The demo rules run no experiment: the report's answer, as JSON.
  HttpAnswer report =
      Http("GET", "/v1/admin/experiments/no-such/report?sequential=true");
  EXPECT_EQ(report.status, 404) << report.body;
  EXPECT_THAT(report.body, HasSubstr("\"code\":\"NOT_FOUND\""));
  EXPECT_THAT(report.body, HasSubstr("no-such"));
}

TEST_F(HttpRoutesTest, KeepsTheConnectionAlive) {
  HttpAnswer first = Http("GET", "/v1/admin/status");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.new_connections, 1);
  for (int i = 0; i < 3; ++i) {
    HttpAnswer next = Http("POST", "/v1/suggest",
                           R"({"channel": "CHECKOUT",
                               "cart": [{"sku": "PHONE-A", "quantity": 1}]})");
    ASSERT_EQ(next.status, 200) << next.body;
    EXPECT_EQ(next.new_connections, 0) << "call " << i;
  }
}

}  // namespace
}  // namespace offergraph::testing
