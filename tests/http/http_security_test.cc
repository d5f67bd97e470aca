// HTTP/JSON has gRPC's security: the admin token as `Authorization: Bearer`
// (none 401, wrong 403, a refused call changes nothing), TLS and mTLS with
// the gRPC port's certificates, and CORS only for the allowed origins.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_fixture.h"
#include "testing/certificates.h"
#include "testing/temp_dir.h"

namespace offergraph::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kToken[] = "t0ken-for-http";
constexpr char kPhoneCart[] =
    R"({"customer_id": "c-s", "channel": "CHECKOUT",
        "cart": [{"sku": "PHONE-A", "quantity": 1}]})";

class HttpTokenTest : public HttpFixture {
 protected:
  void Configure(ServerOptions* options) override {
    options->admin_token = kToken;
  }
};

TEST_F(HttpTokenTest, PrivilegedRoutesNeedTheBearerToken) {
  HttpAnswer none = Http("GET", "/v1/admin/status");
  EXPECT_EQ(none.status, 401) << none.body;
  EXPECT_THAT(none.body, HasSubstr("\"code\":\"UNAUTHENTICATED\""));
  HttpAnswer wrong =
      Http("GET", "/v1/admin/status", "", {"Authorization: Bearer nope"});
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  EXPECT_THAT(wrong.body, HasSubstr("the bearer token is not valid"));
  EXPECT_EQ(Http("GET", "/v1/admin/status", "",
                 {absl::StrCat("Authorization: Bearer ", kToken)})
                .status,
            200);

  // A refused state change changes nothing.
  EXPECT_EQ(Http("PUT", "/v1/customers/c-s/state", R"({"complaint_open":
                 true})")
                .status,
            401);
  EXPECT_EQ(Http("POST", "/v1/admin/reload").status, 401);
  EXPECT_EQ(Http("DELETE", "/v1/customers/c-s").status, 401);
  EXPECT_EQ(Http("GET", "/v1/customers/c-s").status, 401);
  EXPECT_EQ(Http("GET", "/v1/admin/experiments/x/report").status, 401);
  HttpAnswer offers = Http("POST", "/v1/suggest", kPhoneCart);
  ASSERT_EQ(offers.status, 200) << offers.body;
  EXPECT_THAT(offers.body, ::testing::Not(HasSubstr("COMPLAINT_OPEN")));
  HttpAnswer status = Http("GET", "/v1/admin/status", "",
                           {absl::StrCat("Authorization: Bearer ", kToken)});
  // No reload happened.
  EXPECT_THAT(status.body, HasSubstr("\"snapshot_generation\":\"1\""));

  // The checkout path needs no token; previewing an arm does.
  HttpAnswer preview = Http("POST", "/v1/suggest",
                            R"({"channel": "CHECKOUT", "experiment": "x",
                                "arm": "y",
                                "cart": [{"sku": "PHONE-A", "quantity": 1}]})");
  EXPECT_EQ(preview.status, 401) << preview.body;
  EXPECT_THAT(preview.body, HasSubstr("Suggest preview"));
}

class HttpCorsTest : public HttpFixture {
 protected:
  void Configure(ServerOptions* options) override {
    options->http_cors_origins = {"https://desk.example.com"};
  }
};

TEST_F(HttpCorsTest, PreflightAndAnswersForAllowedOriginsOnly) {
  HttpAnswer preflight =
      Http("OPTIONS", "/v1/suggest", "",
           {"Origin: https://desk.example.com",
            "Access-Control-Request-Method: POST",
            "Access-Control-Request-Headers: content-type, authorization"});
  EXPECT_EQ(preflight.status, 204) << preflight.body;
  EXPECT_EQ(preflight.headers["access-control-allow-origin"],
            "https://desk.example.com");
  EXPECT_EQ(preflight.headers["access-control-allow-methods"], "POST, OPTIONS");
  EXPECT_THAT(preflight.headers["access-control-allow-headers"],
              HasSubstr("authorization"));
  EXPECT_THAT(preflight.headers["access-control-allow-headers"],
              HasSubstr("content-type"));
  EXPECT_EQ(preflight.headers["vary"], "Origin");

  HttpAnswer refused = Http("OPTIONS", "/v1/suggest", "",
                            {"Origin: https://evil.example.com",
                             "Access-Control-Request-Method: POST"});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.headers.count("access-control-allow-origin"), 0u);
  EXPECT_THAT(refused.body, HasSubstr("--http_cors_origins"));

  HttpAnswer allowed = Http("POST", "/v1/suggest", kPhoneCart,
                            {"Origin: https://desk.example.com"});
  EXPECT_EQ(allowed.status, 200);
  EXPECT_EQ(allowed.headers["access-control-allow-origin"],
            "https://desk.example.com");
  // Errors carry the header too, so the page can read them.
  HttpAnswer error =
      Http("POST", "/v1/suggest", "{", {"Origin: https://desk.example.com"});
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.headers["access-control-allow-origin"],
            "https://desk.example.com");
  // Another origin's page is refused outright, whatever the verb: no
  // simple cross-site POST reaches the handlers (CSRF on loopback).
  HttpAnswer other = Http("POST", "/v1/admin/reload", "",
                          {"Origin: https://evil.example.com"});
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(other.headers.count("access-control-allow-origin"), 0u);
  EXPECT_EQ(StatusOk().snapshot_generation(), 1);
  // This server's own pages may call (same origin).
  HttpAnswer own =
      Http("POST", "/v1/suggest", kPhoneCart,
           {absl::StrCat("Origin: http://127.0.0.1:", server_->http_port())});
  EXPECT_EQ(own.status, 200) << own.body;
}

TEST_F(HttpTokenTest, NoCorsHeadersWithoutAllowedOrigins) {
  HttpAnswer preflight = Http("OPTIONS", "/v1/suggest", "",
                              {"Origin: https://desk.example.com",
                               "Access-Control-Request-Method: POST"});
  EXPECT_EQ(preflight.status, 403);
  EXPECT_EQ(preflight.headers.count("access-control-allow-origin"), 0u);
}

class HttpTlsTest : public HttpFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(MakeTestCertificates(certs_.path())) << "openssl failed";
    scheme_ = "https";
    HttpFixture::SetUp();
  }
  void Configure(ServerOptions* options) override {
    options->tls_cert_file = certs_.path() + "/server.pem";
    options->tls_key_file = certs_.path() + "/server.key";
    if (mtls_) options->tls_client_ca_file = certs_.path() + "/ca.pem";
  }
  std::shared_ptr<grpc::ChannelCredentials> ClientCredentials() override {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFileOrDie(certs_.path() + "/ca.pem");
    return grpc::SslCredentials(ssl);
  }
  HttpClientOptions Trusting(bool with_client_certificate) const {
    HttpClientOptions o;
    o.ca_file = certs_.path() + "/ca.pem";
    if (with_client_certificate) {
      o.cert_file = certs_.path() + "/client.pem";
      o.key_file = certs_.path() + "/client.key";
    }
    return o;
  }

  TempDir certs_;
  bool mtls_ = false;
};

TEST_F(HttpTlsTest, ServesOverTlsAndRefusesPlaintext) {
  HttpClient tls(Trusting(false));
  absl::StatusOr<HttpAnswer> answer =
      tls.Call("POST", Url("/v1/suggest"), kPhoneCart);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->status, 200) << answer->body;
  HttpClient plain;
  absl::StatusOr<HttpAnswer> refused = plain.Call(
      "POST",
      absl::StrCat("http://127.0.0.1:", server_->http_port(), "/v1/suggest"),
      kPhoneCart);
  EXPECT_TRUE(!refused.ok() || refused->status == 0) << refused->body;
}

class HttpMtlsTest : public HttpTlsTest {
 protected:
  void SetUp() override {
    mtls_ = true;
    HttpTlsTest::SetUp();
  }
  std::shared_ptr<grpc::ChannelCredentials> ClientCredentials() override {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFileOrDie(certs_.path() + "/ca.pem");
    ssl.pem_private_key = ReadFileOrDie(certs_.path() + "/client.key");
    ssl.pem_cert_chain = ReadFileOrDie(certs_.path() + "/client.pem");
    return grpc::SslCredentials(ssl);
  }
};

TEST_F(HttpMtlsTest, NeedsAClientCertificate) {
  HttpClient with(Trusting(true));
  absl::StatusOr<HttpAnswer> answer =
      with.Call("POST", Url("/v1/suggest"), kPhoneCart);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->status, 200);
  HttpClient without(Trusting(false));
  EXPECT_FALSE(without.Call("POST", Url("/v1/suggest"), kPhoneCart).ok());
}

}  // namespace
}  // namespace offergraph::testing
