// The real Prometheus (Debian's binary) scrapes the real offergraph-server
// with deploy/prometheus/alerts.yml loaded, and the test checks through
// Prometheus' HTTP API that the target is up, that every metric the alerts
// and the Grafana dashboard use is there, that the scraped values are the
// server's, and that every rule evaluates without error.
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "offergraph/v1/offer_service.grpc.pb.h"
#include "testing/http_get.h"
#include "testing/ready_line.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace offergraph::testing {
namespace {

using ::testing::HasSubstr;

const std::string kServer =
    std::string(OFFERGRAPH_BINARY_DIR) + "/src/server/offergraph-server";
const std::string kDeploy = OFFERGRAPH_DEPLOY_DIR;

// Every offergraph_* metric name a file mentions (recording rules, which are
// named offergraph:..., are not metrics the server exports).
std::set<std::string> MetricNames(const std::string& text) {
  std::set<std::string> names;
  static const std::regex kName("offergraph_[a-z_]+");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kName);
       it != std::sregex_iterator(); ++it) {
    names.insert(it->str());
  }
  return names;
}

// Asks Prometheus' API until `done` accepts the body or the deadline passes
// (Prometheus scrapes and evaluates on its own schedule, 1 s here). Returns
// the last body.
template <typename Done>
std::string PollApi(const std::string& url, Done done,
                    absl::Duration timeout = absl::Seconds(60)) {
  const absl::Time deadline = absl::Now() + timeout;
  std::string last;
  while (absl::Now() < deadline) {
    absl::StatusOr<std::string> body = HttpGet(url);
    if (body.ok()) {
      last = *body;
      if (done(last)) return last;
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  return last;
}

class PrometheusScrapeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_.CopyFrom(OFFERGRAPH_DEMO_DIR);
    {
      // An experiment whose arms both show offers, so the experiment series
      // the alerts and the dashboard use exist.
      std::ofstream rules(data_.path() + "/rules.textproto", std::ios::app);
      rules << "experiments { name: 'scrape' arms { name: 'a' share: 0.5 } "
               "arms { name: 'b' share: 0.5 } }\n";
    }
    server_ = std::make_unique<Subprocess>(std::vector<std::string>{
        kServer, "--data_dir=" + data_.path(), "--ledger_store=memory",
        "--grpc_address=127.0.0.1:0", "--metrics_address=127.0.0.1:0",
        "--http_address="});
    std::optional<ServerPorts> ports =
        WaitUntilReady(server_.get(), absl::Seconds(60));
    ASSERT_TRUE(ports.has_value()) << server_->stderr_text();
    grpc_port_ = ports->grpc;
    metrics_port_ = ports->metrics;
    ASSERT_GT(metrics_port_, 0);
  }

  // One accepted offer, so the revenue and outcome series carry values.
  void AcceptOneOffer() {
    auto stub = v1::OfferService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", grpc_port_),
                            grpc::InsecureChannelCredentials()));
    v1::SuggestRequest request;
    request.set_channel(v1::CHECKOUT);
    request.set_customer_id("cust-prom-1");
    auto* line = request.add_cart();
    line->set_sku("LAPTOP-14");
    line->set_quantity(1);
    v1::SuggestResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(stub->Suggest(&context, request, &response).ok());
    ASSERT_GT(response.offers_size(), 0);
    for (v1::Outcome outcome : {v1::PRESENTED, v1::ACCEPTED}) {
      v1::RecordOutcomeRequest r;
      r.set_decision_id(response.decision_id());
      r.set_sku(response.offers(0).sku());
      r.set_outcome(outcome);
      v1::RecordOutcomeResponse out;
      grpc::ClientContext c;
      ASSERT_TRUE(stub->RecordOutcome(&c, r, &out).ok());
    }
    // An order and a report: the order and SRM series.
    v1::RecordOrderRequest order;
    order.set_order_id("order-prom-1");
    order.set_customer_id("cust-prom-1");
    order.mutable_total()->set_units(5000);
    order.mutable_total()->set_currency("USD");
    v1::RecordOrderResponse recorded;
    grpc::ClientContext order_context;
    ASSERT_TRUE(stub->RecordOrder(&order_context, order, &recorded).ok());
    ASSERT_EQ(recorded.experiment(), "scrape");
    auto admin = v1::AdminService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", grpc_port_),
                            grpc::InsecureChannelCredentials()));
    v1::GetExperimentReportRequest report_request;
    report_request.set_experiment("scrape");
    v1::GetExperimentReportResponse report;
    grpc::ClientContext report_context;
    grpc::Status s =
        admin->GetExperimentReport(&report_context, report_request, &report);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // Starts Prometheus scraping the server every second with the real alert
  // rules, and waits until it serves its API.
  void StartPrometheus() {
    prometheus_port_ = PickFreePort();
    data_.WriteFile("prometheus.yml",
                    absl::StrCat("global:\n"
                                 "  scrape_interval: 1s\n"
                                 "  evaluation_interval: 1s\n"
                                 "rule_files:\n"
                                 "  - ",
                                 kDeploy,
                                 "/prometheus/alerts.yml\n"
                                 "scrape_configs:\n"
                                 "  - job_name: offergraph\n"
                                 "    static_configs:\n"
                                 "      - targets: [\"127.0.0.1:",
                                 metrics_port_, "\"]\n"));
    prometheus_ = std::make_unique<Subprocess>(std::vector<std::string>{
        OFFERGRAPH_PROMETHEUS,
        "--config.file=" + data_.path() + "/prometheus.yml",
        "--storage.tsdb.path=" + data_.path() + "/tsdb",
        absl::StrCat("--web.listen-address=127.0.0.1:", prometheus_port_)});
    ASSERT_TRUE(prometheus_->WaitForStderrLine(
        "Server is ready to receive web requests", absl::Seconds(60)))
        << prometheus_->stderr_text();
  }

  std::string Api(const std::string& path) const {
    return absl::StrCat("http://127.0.0.1:", prometheus_port_, path);
  }

  TempDir data_;
  std::unique_ptr<Subprocess> server_;
  std::unique_ptr<Subprocess> prometheus_;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
  int prometheus_port_ = 0;
};

TEST_F(PrometheusScrapeTest, ScrapesTheServerAndEvaluatesTheAlertRules) {
  ASSERT_NO_FATAL_FAILURE(AcceptOneOffer());
  ASSERT_NO_FATAL_FAILURE(StartPrometheus());

  // The target is up.
  const std::string targets =
      PollApi(Api("/api/v1/targets"), [](const std::string& body) {
        return body.find("\"health\":\"up\"") != std::string::npos;
      });
  EXPECT_THAT(targets, HasSubstr("\"health\":\"up\""));
  EXPECT_THAT(targets, HasSubstr(absl::StrCat("127.0.0.1:", metrics_port_)));

  // Every metric the alerts and the dashboard use is a series Prometheus has.
  std::set<std::string> wanted =
      MetricNames(ReadFileOrDie(kDeploy + "/prometheus/alerts.yml"));
  for (const std::string& name : MetricNames(
           ReadFileOrDie(kDeploy + "/grafana/offergraph-dashboard.json"))) {
    wanted.insert(name);
  }
  ASSERT_GE(wanted.size(), 10u);
  // A histogram's series are NAME_bucket, NAME_sum and NAME_count.
  auto has = [](const std::string& body, const std::string& n) {
    return body.find("\"" + n + "\"") != std::string::npos ||
           body.find("\"" + n + "_bucket\"") != std::string::npos;
  };
  const std::string names = PollApi(Api("/api/v1/label/__name__/values"),
                                    [&](const std::string& body) {
                                      for (const std::string& n : wanted) {
                                        if (!has(body, n)) return false;
                                      }
                                      return true;
                                    });
  for (const std::string& n : wanted) {
    EXPECT_TRUE(has(names, n)) << n << " is not in " << names;
  }

  // The values are the server's: the demo catalog has 20 products, and the
  // accepted offer is counted.
  EXPECT_THAT(PollApi(Api("/api/v1/query?query=offergraph_snapshot_products"),
                      [](const std::string& body) {
                        return body.find("\"20\"") != std::string::npos;
                      }),
              HasSubstr("\"20\""));
  EXPECT_THAT(PollApi(Api("/api/v1/query?query=sum(offergraph_outcomes_total%7B"
                          "outcome%3D%22accepted%22%7D)"),
                      [](const std::string& body) {
                        return body.find("\"1\"") != std::string::npos;
                      }),
              HasSubstr("\"1\""));

  // Every rule of alerts.yml is loaded and has evaluated without error; a
  // healthy server fires none of the alerts.
  const std::string rules =
      PollApi(Api("/api/v1/rules"), [](const std::string& body) {
        return body.find("\"offergraph.alerts\"") != std::string::npos &&
               body.find("\"health\":\"unknown\"") == std::string::npos;
      });
  EXPECT_THAT(rules, HasSubstr("\"offergraph.alerts\""));
  EXPECT_THAT(rules, HasSubstr("\"offergraph.recording\""));
  EXPECT_THAT(rules, HasSubstr("\"name\":\"OffergraphLedgerDegraded\""));
  EXPECT_THAT(rules, ::testing::Not(HasSubstr("\"health\":\"unknown\"")));
  EXPECT_THAT(rules, ::testing::Not(HasSubstr("\"health\":\"err\"")));
  EXPECT_THAT(rules, ::testing::Not(HasSubstr("\"state\":\"firing\"")));
  EXPECT_THAT(rules, ::testing::Not(HasSubstr("\"state\":\"pending\"")));
}

}  // namespace
}  // namespace offergraph::testing
