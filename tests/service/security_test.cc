// Privileged RPCs need the admin token (or a loopback peer when none is
// set); refused calls change nothing. TLS and mTLS with certificates the test
// generates with openssl.
#include <sys/wait.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/authorizer.h"
#include "service/inflight_limiter.h"
#include "service/server_fixture.h"
#include "testing/certificates.h"
#include "testing/subprocess.h"

namespace offergraph::testing {
namespace {

using ::testing::HasSubstr;

TEST(AuthorizerTest, WithoutTokenOnlyLoopbackPeers) {
  Authorizer open("");
  EXPECT_TRUE(open.CheckValues("", "ipv4:127.0.0.1:5000", "Reload").ok());
  EXPECT_TRUE(open.CheckValues("", "ipv6:[::1]:5000", "Reload").ok());
  EXPECT_TRUE(open.CheckValues("", "unix:/tmp/s", "Reload").ok());
  grpc::Status s = open.CheckValues("", "ipv4:10.1.2.3:5000", "Reload");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("Reload"));
  EXPECT_EQ(open.CheckValues("", "ipv4:128.0.0.1:1", "X").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST(AuthorizerTest, WithTokenEveryPeerNeedsIt) {
  Authorizer guarded("s3cret");
  EXPECT_EQ(guarded.CheckValues("", "ipv4:127.0.0.1:1", "Reload").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(guarded.CheckValues("Basic s3cret", "ipv4:127.0.0.1:1", "Reload")
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(guarded.CheckValues("Bearer wrong", "ipv4:127.0.0.1:1", "Reload")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(guarded.CheckValues("Bearer s3cre", "ipv4:10.0.0.1:1", "Reload")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(
      guarded.CheckValues("Bearer s3cret", "ipv4:10.0.0.1:1", "Reload").ok());
}

TEST(InflightLimiterTest, RefusesBeyondTheBoundAndRecovers) {
  InflightLimiter limiter(2);
  limiter.Arrive();
  EXPECT_TRUE(limiter.Admits());
  limiter.Arrive();
  EXPECT_TRUE(limiter.Admits());
  limiter.Arrive();
  EXPECT_FALSE(limiter.Admits());
  EXPECT_EQ(limiter.in_flight(), 3);  // a refused call is in flight too
  for (int i = 0; i < 3; ++i) limiter.Depart();
  EXPECT_EQ(limiter.in_flight(), 0);
  limiter.Arrive();
  EXPECT_TRUE(limiter.Admits());
  InflightLimiter unlimited(0);
  for (int i = 0; i < 1000; ++i) unlimited.Arrive();
  EXPECT_TRUE(unlimited.Admits());
}

// Regression: the in-flight count dropped only when gRPC destroyed the
// call's interceptor, which can come after the client has its answer and
// has sent the next call; a client sending one call at a time was then
// refused at the bound. A call now stops counting when its status is sent.
class BoundOfOneTest : public ServerFixture {
 protected:
  void Configure(ServerOptions* options) override {
    options->max_inflight_rpcs = 1;
  }
};

TEST_F(BoundOfOneTest, OneCallAtATimeIsNeverRefused) {
  const v1::SuggestRequest request = Cart(v1::CHECKOUT, {"LAPTOP-14"});
  for (int i = 0; i < 500; ++i) {
    grpc::ClientContext context;
    v1::SuggestResponse response;
    grpc::Status status = offers_->Suggest(&context, request, &response);
    ASSERT_TRUE(status.ok()) << "call " << i << ": " << status.error_code()
                             << " " << status.error_message();
  }
}

class TokenTest : public ServerFixture {
 protected:
  void Configure(ServerOptions* options) override {
    options->admin_token = "t0ken-for-tests";
  }
  static void WithToken(grpc::ClientContext* context,
                        const std::string& token) {
    context->AddMetadata("authorization", "Bearer " + token);
  }
};

TEST_F(TokenTest, AnExperimentPreviewNeedsTheTokenAPlainSuggestDoesNot) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"LAPTOP-14"}, "c-1");
  v1::SuggestResponse response;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(offers_->Suggest(&context, request, &response).ok());
  }
  request.set_experiment("holdout");
  request.set_arm("holdout");
  {
    grpc::ClientContext context;
    EXPECT_EQ(offers_->Suggest(&context, request, &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  grpc::ClientContext context;
  WithToken(&context, "t0ken-for-tests");
  ASSERT_TRUE(offers_->Suggest(&context, request, &response).ok());
  EXPECT_EQ(response.suppression(), v1::HOLDOUT);
}

TEST_F(TokenTest, AdminNeedsTheToken) {
  v1::GetStatusResponse status;
  {
    grpc::ClientContext context;
    EXPECT_EQ(admin_->GetStatus(&context, v1::GetStatusRequest(), &status)
                  .error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  {
    grpc::ClientContext context;
    WithToken(&context, "nope");
    EXPECT_EQ(admin_->GetStatus(&context, v1::GetStatusRequest(), &status)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  {
    grpc::ClientContext context;
    v1::ReloadResponse reloaded;
    EXPECT_EQ(
        admin_->Reload(&context, v1::ReloadRequest(), &reloaded).error_code(),
        grpc::StatusCode::UNAUTHENTICATED);
  }
  grpc::ClientContext context;
  WithToken(&context, "t0ken-for-tests");
  ASSERT_TRUE(
      admin_->GetStatus(&context, v1::GetStatusRequest(), &status).ok());
  EXPECT_EQ(status.snapshot_generation(),
            1);  // the refused reload changed nothing
  EXPECT_EQ(status.reloads_ok(), 0);
}

TEST_F(TokenTest, CustomerStateNeedsTheTokenButSuggestDoesNot) {
  v1::SetCustomerStateRequest request;
  request.set_customer_id("cust-t");
  request.set_complaint_open(true);
  v1::SetCustomerStateResponse response;
  {
    grpc::ClientContext context;
    EXPECT_EQ(
        offers_->SetCustomerState(&context, request, &response).error_code(),
        grpc::StatusCode::UNAUTHENTICATED);
  }
  // Refused: no complaint was recorded.
  EXPECT_GT(SuggestOk(Cart(v1::CHECKOUT, {"PHONE-A"}, "cust-t")).offers_size(),
            0);
  grpc::ClientContext context;
  WithToken(&context, "t0ken-for-tests");
  ASSERT_TRUE(offers_->SetCustomerState(&context, request, &response).ok());
  EXPECT_EQ(SuggestOk(Cart(v1::CHECKOUT, {"PHONE-A"}, "cust-t")).suppression(),
            v1::COMPLAINT_OPEN);
}

// Makes a CA, a server certificate for 127.0.0.1 and a client certificate.
class Certificates {
 public:
  explicit Certificates(const TempDir& dir)
      : dir_(dir.path()), ok_(MakeTestCertificates(dir_)) {}
  bool ok() const { return ok_; }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

 private:
  std::string dir_;
  bool ok_ = false;
};

class TlsTest : public ServerFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(certs_.ok()) << "openssl failed";
    ServerFixture::SetUp();
  }
  void Configure(ServerOptions* options) override {
    options->tls_cert_file = certs_.path("server.pem");
    options->tls_key_file = certs_.path("server.key");
    if (mtls_) options->tls_client_ca_file = certs_.path("ca.pem");
  }
  std::shared_ptr<grpc::ChannelCredentials> ClientCredentials() override {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFileOrDie(certs_.path("ca.pem"));
    if (mtls_) {
      ssl.pem_private_key = ReadFileOrDie(certs_.path("client.key"));
      ssl.pem_cert_chain = ReadFileOrDie(certs_.path("client.pem"));
    }
    return grpc::SslCredentials(ssl);
  }
  grpc::Status SuggestOver(std::shared_ptr<grpc::ChannelCredentials> creds) {
    auto channel = grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", server_->grpc_port()), creds);
    auto stub = v1::OfferService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    v1::SuggestResponse response;
    return stub->Suggest(&context, Cart(v1::CHECKOUT, {"PHONE-A"}), &response);
  }

  TempDir cert_dir_;
  Certificates certs_{cert_dir_};
  bool mtls_ = false;
};

TEST_F(TlsTest, ServesOverTlsAndRefusesPlaintext) {
  EXPECT_GT(SuggestOk(Cart(v1::CHECKOUT, {"PHONE-A"})).offers_size(), 0);
  EXPECT_FALSE(SuggestOver(grpc::InsecureChannelCredentials()).ok());
}

class MtlsTest : public TlsTest {
 protected:
  void SetUp() override {
    mtls_ = true;
    TlsTest::SetUp();
  }
};

TEST_F(MtlsTest, RequiresAClientCertificate) {
  EXPECT_GT(SuggestOk(Cart(v1::CHECKOUT, {"PHONE-A"})).offers_size(), 0);
  grpc::SslCredentialsOptions no_cert;
  no_cert.pem_root_certs = ReadFileOrDie(certs_.path("ca.pem"));
  EXPECT_FALSE(SuggestOver(grpc::SslCredentials(no_cert)).ok());
}

}  // namespace
}  // namespace offergraph::testing
