// File: server_fixture.h
// -----------------------------------------------------------------------------
// Starts a real offergraph Server in process on ephemeral loopback ports, on
// a private copy of the demo data, with an in-memory ledger and a clock the
// test controls, and hands out real gRPC stubs connected to it.
#ifndef OFFERGRAPH_TESTS_SERVICE_SERVER_FIXTURE_H_
#define OFFERGRAPH_TESTS_SERVICE_SERVER_FIXTURE_H_

#include <atomic>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/memory_ledger.h"
#include "offergraph/v1/offer_service.grpc.pb.h"
#include "server/server.h"
#include "testing/temp_dir.h"

namespace offergraph::testing {

class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    data_.CopyFrom(OFFERGRAPH_DEMO_DIR);
    StartServer();
  }

  void TearDown() override { StopServer(); }

  // Lets a test adjust the server's options before it starts.
  virtual void Configure(ServerOptions* options) {}

  // Credentials for the test's channel.
  virtual std::shared_ptr<grpc::ChannelCredentials> ClientCredentials() {
    return grpc::InsecureChannelCredentials();
  }

  void StartServer() {
    ServerOptions options;
    options.grpc_address = "127.0.0.1:0";
    // The metrics endpoint costs ~2 s at shutdown (civetweb): only tests
    // that scrape it turn it on.
    options.metrics_address = with_metrics_ ? "127.0.0.1:0" : "";
    options.http.address = with_http_ ? "127.0.0.1:0" : "";
    options.data.data_dir = data_.path();
    options.shutdown_grace = absl::Seconds(1);
    options.offer.ledger_fail_open = fail_open_;
    Configure(&options);
    auto clock = clock_nanos_;
    options.offer.clock = [clock] {
      return absl::FromUnixNanos(clock->load(std::memory_order_relaxed));
    };
    auto server = Server::Start(options, NewMemoryLedger(LedgerOptions()));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", server_->grpc_port()), ClientCredentials());
    offers_ = v1::OfferService::NewStub(channel_);
    admin_ = v1::AdminService::NewStub(channel_);
  }

  void StopServer() {
    offers_.reset();
    admin_.reset();
    channel_.reset();
    server_.reset();
  }

  void Advance(absl::Duration d) {
    clock_nanos_->fetch_add(absl::ToInt64Nanoseconds(d));
  }

  static v1::SuggestRequest Cart(v1::Channel channel,
                                 std::initializer_list<const char*> skus,
                                 const std::string& customer = "") {
    v1::SuggestRequest r;
    r.set_channel(channel);
    r.set_customer_id(customer);
    for (const char* sku : skus) {
      v1::CartLine* line = r.add_cart();
      line->set_sku(sku);
      line->set_quantity(1);
    }
    return r;
  }

  grpc::Status Suggest(const v1::SuggestRequest& request,
                       v1::SuggestResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    return offers_->Suggest(&context, request, response);
  }

  v1::SuggestResponse SuggestOk(const v1::SuggestRequest& request) {
    v1::SuggestResponse response;
    grpc::Status status = Suggest(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  grpc::Status Outcome(const std::string& decision, const std::string& sku,
                       v1::Outcome outcome,
                       v1::RecordOutcomeResponse* response = nullptr,
                       const std::string& customer = "") {
    v1::RecordOutcomeRequest r;
    r.set_decision_id(decision);
    r.set_sku(sku);
    r.set_outcome(outcome);
    r.set_customer_id(customer);
    v1::RecordOutcomeResponse unused;
    grpc::ClientContext context;
    return offers_->RecordOutcome(&context, r, response ? response : &unused);
  }

  grpc::Status SetState(const std::string& customer, bool complaint,
                        bool budget) {
    v1::SetCustomerStateRequest r;
    r.set_customer_id(customer);
    r.set_complaint_open(complaint);
    r.set_budget_sensitive(budget);
    v1::SetCustomerStateResponse response;
    grpc::ClientContext context;
    return offers_->SetCustomerState(&context, r, &response);
  }

  v1::GetStatusResponse StatusOk() {
    v1::GetStatusResponse response;
    grpc::ClientContext context;
    grpc::Status s =
        admin_->GetStatus(&context, v1::GetStatusRequest(), &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  grpc::Status Reload(v1::ReloadResponse* response) {
    grpc::ClientContext context;
    return admin_->Reload(&context, v1::ReloadRequest(), response);
  }

  static const v1::Offer* FindOffer(const v1::SuggestResponse& r,
                                    const std::string& sku) {
    for (const v1::Offer& o : r.offers()) {
      if (o.sku() == sku) return &o;
    }
    return nullptr;
  }

  static v1::SuppressionReason SuppressedReason(const v1::SuggestResponse& r,
                                                const std::string& sku) {
    for (const v1::Suppressed& s : r.suppressed()) {
      if (s.sku() == sku) return s.reason();
    }
    return v1::SUPPRESSION_REASON_UNSPECIFIED;
  }

  TempDir data_;
  bool fail_open_ = true;
  bool with_metrics_ = false;
  bool with_http_ = false;
  std::shared_ptr<std::atomic<int64_t>> clock_nanos_ =
      std::make_shared<std::atomic<int64_t>>(
          absl::ToUnixNanos(absl::FromUnixSeconds(1800000000)));
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::OfferService::Stub> offers_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
};

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_SERVICE_SERVER_FIXTURE_H_
