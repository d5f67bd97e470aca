// Reload (good and bad data), status, health, reflection and the metrics
// text, through real gRPC and HTTP clients.
#include <string>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "service/server_fixture.h"
#include "testing/http_get.h"

namespace offergraph::testing {
namespace {

using ::testing::HasSubstr;

class AdminTest : public ServerFixture {
 protected:
  void SetUp() override {
    with_metrics_ = true;
    ServerFixture::SetUp();
  }
  std::string Metrics() {
    absl::StatusOr<std::string> body = HttpGet(
        absl::StrCat("http://127.0.0.1:", server_->metrics_port(), "/metrics"));
    EXPECT_TRUE(body.ok()) << body.status();
    return body.ok() ? *body : "";
  }
};

TEST_F(AdminTest, StatusReportsTheServingSnapshot) {
  v1::GetStatusResponse s = StatusOk();
  EXPECT_EQ(s.snapshot_version().size(), 32u);
  EXPECT_EQ(s.snapshot_generation(), 1);
  EXPECT_EQ(s.product_count(), 20);
  EXPECT_GT(s.cross_sell_edge_count(), 10);
  EXPECT_GT(s.derived_upsell_edge_count(), 0);
  EXPECT_EQ(s.upsell_edge_count(), s.derived_upsell_edge_count() + 1);
  EXPECT_EQ(s.data_dir(), data_.path());
  EXPECT_EQ(s.reloads_ok(), 0);
  EXPECT_EQ(s.reloads_failed(), 0);
  EXPECT_EQ(s.ledger_store(), "memory");
}

TEST_F(AdminTest, GoodReloadSwapsInNewData) {
  const std::string before = StatusOk().snapshot_version();
  std::string edges = ReadFileOrDie(data_.path() + "/edges.csv");
  edges +=
      "WASH-STD,CHARGER-FAST,cross_sell,0.95,10,5.0,Charge while you wait.\n";
  data_.WriteFile("edges.csv", edges);

  v1::ReloadResponse reloaded;
  grpc::Status s = Reload(&reloaded);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_NE(reloaded.snapshot_version(), before);
  v1::GetStatusResponse status = StatusOk();
  EXPECT_EQ(status.snapshot_version(), reloaded.snapshot_version());
  EXPECT_EQ(status.snapshot_generation(), 2);
  EXPECT_EQ(status.reloads_ok(), 1);

  v1::SuggestResponse r = SuggestOk(Cart(v1::CHECKOUT, {"WASH-STD"}));
  EXPECT_EQ(r.snapshot_version(), reloaded.snapshot_version());
  ASSERT_GT(r.offers_size(), 0);
  EXPECT_EQ(r.offers(0).sku(), "CHARGER-FAST");
  // The new edge's sentence, then the demo's phone-accessories promotion's.
  EXPECT_EQ(r.offers(0).pitch(),
            "Charge while you wait. 15% off every phone accessory.");
}

TEST_F(AdminTest, BadReloadKeepsTheOldSnapshotServing) {
  const std::string before = StatusOk().snapshot_version();
  std::string catalog = ReadFileOrDie(data_.path() + "/catalog.csv");
  catalog += "WASH-STD,Duplicate wash,car wash,1.00,USD,true,0.5,,,\n";
  data_.WriteFile("catalog.csv", catalog);

  v1::ReloadResponse reloaded;
  grpc::Status s = Reload(&reloaded);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("catalog.csv:22:1"));
  EXPECT_THAT(s.error_message(), HasSubstr("WASH-STD"));

  v1::GetStatusResponse status = StatusOk();
  EXPECT_EQ(status.snapshot_version(), before);
  EXPECT_EQ(status.snapshot_generation(), 1);
  EXPECT_EQ(status.reloads_failed(), 1);
  EXPECT_THAT(status.last_reload_error(), HasSubstr("catalog.csv:22"));

  v1::SuggestResponse r = SuggestOk(Cart(v1::CHECKOUT, {"WASH-STD"}));
  EXPECT_EQ(r.snapshot_version(), before);
  EXPECT_NE(FindOffer(r, "WAX-ADDON"), nullptr);

  const std::string metrics = Metrics();
  EXPECT_THAT(metrics,
              HasSubstr("offergraph_reloads_total{result=\"error\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("offergraph_last_reload_success 0"));
}

TEST_F(AdminTest, HealthIsServing) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  for (const char* service :
       {"", "offergraph.v1.OfferService", "offergraph.v1.AdminService"}) {
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    grpc::Status s = health->Check(&context, request, &response);
    ASSERT_TRUE(s.ok()) << service << ": " << s.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING)
        << service;
  }
}

TEST_F(AdminTest, ReflectionListsOurServices) {
  auto reflection =
      grpc::reflection::v1alpha::ServerReflection::NewStub(channel_);
  grpc::ClientContext context;
  auto stream = reflection->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  ASSERT_TRUE(stream->Write(request));
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::vector<std::string> names;
  for (const auto& s : response.list_services_response().service()) {
    names.push_back(s.name());
  }
  EXPECT_THAT(names, ::testing::IsSupersetOf({"offergraph.v1.OfferService",
                                              "offergraph.v1.AdminService",
                                              "grpc.health.v1.Health"}));
  // And the schema of a message can be fetched by symbol.
  request.set_file_containing_symbol("offergraph.v1.SuggestRequest");
  ASSERT_TRUE(stream->Write(request));
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_GT(response.file_descriptor_response().file_descriptor_proto_size(),
            0);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(AdminTest, MetricsCountRequestsOffersSuppressionsAndOutcomes) {
  v1::SuggestRequest complaint =
      Cart(v1::CHECKOUT, {"WASH-STD"}, "cust-SECRET-4711");
  complaint.mutable_signals()->set_complaint_open(true);
  SuggestOk(complaint);
  v1::SuggestResponse r =
      SuggestOk(Cart(v1::CHECKOUT, {"WASH-STD"}, "cust-SECRET-4711"));
  ASSERT_GT(r.offers_size(), 0);
  ASSERT_TRUE(Outcome(r.decision_id(), r.offers(0).sku(), v1::ACCEPTED).ok());
  v1::SuggestResponse bad;
  Suggest(Cart(v1::CHANNEL_UNSPECIFIED, {"WASH-STD"}), &bad);
  SuggestOk(Cart(v1::CHECKOUT, {"NOT-A-SKU"}));

  const std::string m = Metrics();
  EXPECT_THAT(m, HasSubstr("offergraph_requests_total{code=\"OK\",method="
                           "\"Suggest\",transport=\"grpc\"} 3"));
  EXPECT_THAT(m,
              HasSubstr("offergraph_requests_total{code=\"INVALID_"
                        "ARGUMENT\",method=\"Suggest\",transport=\"grpc\"} 1"));
  EXPECT_THAT(m, HasSubstr("offergraph_request_duration_seconds_count{method="
                           "\"Suggest\",transport=\"grpc\"} 4"));
  EXPECT_THAT(
      m,
      HasSubstr("offergraph_suppressions_total{reason=\"complaint_open\"} 2"));
  EXPECT_THAT(
      m, HasSubstr("offergraph_outcomes_total{channel=\"checkout\",kind=\""));
  EXPECT_THAT(m, HasSubstr("offergraph_unknown_cart_skus_total 1"));
  EXPECT_THAT(m, HasSubstr("offergraph_snapshot_products 20"));
  EXPECT_THAT(m, HasSubstr("offergraph_snapshot_generation 1"));
  EXPECT_THAT(m, HasSubstr("offergraph_snapshot_age_seconds"));
  // The demo catalog's heap bytes: at least its 20 rows, and set.
  EXPECT_THAT(m, ::testing::ContainsRegex(
                     "offergraph_snapshot_catalog_bytes [0-9]{4,}\n"));
  EXPECT_THAT(m, ::testing::ContainsRegex(
                     "offergraph_snapshot_graph_bytes [0-9]{3,}\n"));
  EXPECT_THAT(
      m,
      HasSubstr(
          "offergraph_accepted_revenue_minor_units_total{currency=\"USD\"}"));
  // Never a customer id in a label or anywhere else.
  EXPECT_THAT(m, ::testing::Not(HasSubstr("SECRET")));
}

}  // namespace
}  // namespace offergraph::testing
