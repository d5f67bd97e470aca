// Errors over HTTP/JSON: {"code": ..., "message": ...} with the HTTP status
// that matches the code; a malformed body names what is wrong and where;
// unknown routes 404, wrong methods 405.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_fixture.h"

namespace offergraph::testing {
namespace {

using ::testing::HasSubstr;

class HttpErrorsTest : public HttpFixture {
 protected:
  // Expects `answer` to be the JSON error `code` with HTTP `status` and a
  // message holding `message`.
  static void ExpectError(const HttpAnswer& answer, long status,
                          const std::string& code, const std::string& message) {
    EXPECT_EQ(answer.status, status) << answer.body;
    EXPECT_EQ(answer.headers.count("content-type") > 0
                  ? answer.headers.at("content-type")
                  : "",
              "application/json");
    const auto [got_code, got_message] = ErrorOf(answer);
    EXPECT_EQ(got_code, code) << answer.body;
    EXPECT_THAT(got_message, HasSubstr(message));
  }
};

TEST_F(HttpErrorsTest, TheHandlersValidationNamesTheField) {
  ExpectError(Http("POST", "/v1/suggest",
                   R"({"channel": "CHECKOUT",
                       "cart": [{"sku": "PHONE-A", "quantity": 0}]})"),
              400, "INVALID_ARGUMENT",
              "cart[0].quantity: must be in [1, 1000000], got 0");
  ExpectError(Http("PUT", "/v1/customers/c-e/state", "{}"), 400,
              "INVALID_ARGUMENT",
              "complaint_open, budget_sensitive: set at "
              "least one");
  ExpectError(Http("POST", "/v1/outcomes",
                   R"({"decision_id": "0123456789abcdef0123456789abcdef",
                       "sku": "PHONE-A", "outcome": "ACCEPTED"})"),
              404, "NOT_FOUND", "");
  // Counted like a gRPC call with the same error.
  EXPECT_THAT(Scrape(), HasSubstr("offergraph_requests_total{code=\""
                                  "INVALID_ARGUMENT\",method=\"Suggest\","
                                  "transport=\"http\"} 1"));
}

TEST_F(HttpErrorsTest, AMalformedBodyNamesWhatAndWhere) {
  ExpectError(Http("POST", "/v1/suggest",
                   R"({"channel": "CHECKOUT",
                       "cart": [{"sku": "A", "quantity": 1},
                                {"sku": "B", "quantity": "two"}]})"),
              400, "INVALID_ARGUMENT",
              "request body is not a valid offergraph.v1.SuggestRequest in "
              "JSON: cart[1].quantity: invalid value \"two\" for type "
              "TYPE_INT32");
  ExpectError(Http("POST", "/v1/suggest", R"({"channel": "EVERYWHERE"})"), 400,
              "INVALID_ARGUMENT", "channel: invalid value \"EVERYWHERE\"");
  ExpectError(Http("POST", "/v1/suggest", R"({"chanel": "CHECKOUT"})"), 400,
              "INVALID_ARGUMENT", "chanel: Cannot find field");
  ExpectError(Http("POST", "/v1/suggest", R"({"channel" "CHECKOUT"})"), 400,
              "INVALID_ARGUMENT",
              "Expected : between key:value pair near `{\"channel\" ` "
              "[here] `\"CHECKOUT\"}`");
  ExpectError(Http("POST", "/v1/suggest", "[1, 2]"), 400, "INVALID_ARGUMENT",
              "Root element must be a message");
  ExpectError(Http("POST", "/v1/suggest", "channel=CHECKOUT",
                   {"Content-Type: application/x-www-form-urlencoded"}),
              400, "INVALID_ARGUMENT",
              "Content-Type: must be application/json");
  ExpectError(Http("GET", "/v1/admin/experiments/x/report?sequential=maybe"),
              400, "INVALID_ARGUMENT",
              "query parameter sequential: \"maybe\" is not a valid bool");
  ExpectError(Http("GET", "/v1/customers/c-1?colour=red"), 400,
              "INVALID_ARGUMENT",
              "query parameter \"colour\": offergraph.v1."
              "GetCustomerViewRequest has no such scalar field");
  // The path's customer wins; a body naming another is refused, unechoed.
  HttpAnswer other = Http("PUT", "/v1/customers/c-1/state",
                          R"({"customer_id": "c-SECRET", "complaint_open":
                              true})");
  ExpectError(other, 400, "INVALID_ARGUMENT",
              "customer_id: the body says another than the path");
  EXPECT_THAT(other.body, ::testing::Not(HasSubstr("SECRET")));
}

TEST_F(HttpErrorsTest, UnknownRoutesAndWrongMethods) {
  HttpAnswer missing = Http("GET", "/v1/nothing-here");
  ExpectError(missing, 404, "NOT_FOUND",
              "no such route; GET /v1/openapi.json lists them");
  ExpectError(Http("POST", "/v1/suggest/extra"), 404, "NOT_FOUND", "");
  HttpAnswer wrong = Http("GET", "/v1/suggest");
  ExpectError(wrong, 405, "UNIMPLEMENTED", "method GET is not allowed here");
  EXPECT_EQ(wrong.headers["allow"], "POST, OPTIONS");
  HttpAnswer customer = Http("PATCH", "/v1/customers/c-1");
  EXPECT_EQ(customer.status, 405);
  EXPECT_EQ(customer.headers["allow"], "GET, DELETE, OPTIONS");
  HttpAnswer options = Http("OPTIONS", "/v1/customers/c-1");
  EXPECT_EQ(options.status, 204);
  EXPECT_EQ(options.headers["allow"], "GET, DELETE, OPTIONS");
}

TEST_F(HttpErrorsTest, DeadlinesAndOverload) {
  ExpectError(Http("POST", "/v1/suggest",
                   R"({"channel": "CHECKOUT",
                       "cart": [{"sku": "PHONE-A", "quantity": 1}]})",
                   {"X-Timeout-Ms: 0"}),
              504, "DEADLINE_EXCEEDED",
              "deadline passed before the decision started");
  ExpectError(Http("POST", "/v1/suggest", "{}", {"X-Timeout-Ms: soon"}), 400,
              "INVALID_ARGUMENT", "X-Timeout-Ms: must be a whole number");
}

TEST_F(HttpErrorsTest, ShuttingDownAnswers503AndClosesKeptAliveConnections) {
  ASSERT_EQ(Http("GET", "/v1/admin/status").status, 200);
  server_->Shutdown();
  // The kept-alive connection is still open; what comes on it is refused.
  HttpAnswer answer = Http("POST", "/v1/suggest",
                           R"({"channel": "CHECKOUT",
                               "cart": [{"sku": "PHONE-A", "quantity": 1}]})");
  EXPECT_EQ(answer.new_connections, 0);
  ExpectError(answer, 503, "UNAVAILABLE", "server shutting down");
  EXPECT_EQ(answer.headers["connection"], "close");
}

}  // namespace
}  // namespace offergraph::testing
