// The real offergraph-server binary: start-up on ephemeral ports, refusal to
// start on bad data (file, line, column), SIGHUP reload, SIGTERM graceful
// shutdown, the metrics text through promtool, no customer ids in logs.
#include <signal.h>
#include <sys/wait.h>

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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
const absl::Duration kStartTimeout = absl::Seconds(60);

std::vector<std::string> Args(const std::string& data_dir,
                              std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {
      kServer, "--data_dir=" + data_dir, "--ledger_dir=" + data_dir + "/ledger",
      "--grpc_address=127.0.0.1:0", "--metrics_address=127.0.0.1:0"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

class ServerBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override { data_.CopyFrom(OFFERGRAPH_DEMO_DIR); }

  // Starts the server and waits for its ready line.
  std::unique_ptr<Subprocess> StartOk(std::vector<std::string> extra = {}) {
    auto p = std::make_unique<Subprocess>(Args(data_.path(), std::move(extra)));
    std::optional<ServerPorts> ports = WaitUntilReady(p.get(), kStartTimeout);
    EXPECT_TRUE(ports.has_value()) << p->stderr_text();
    if (ports) ports_ = *ports;
    return p;
  }

  // Starts the server on data it must refuse; returns its stderr.
  std::string StartFails() {
    Subprocess p(Args(data_.path()));
    std::optional<int> status = p.Wait(kStartTimeout);
    EXPECT_TRUE(status.has_value()) << "server did not exit";
    if (status) {
      EXPECT_TRUE(WIFEXITED(*status));
      EXPECT_EQ(WEXITSTATUS(*status), 1);
    }
    EXPECT_THAT(p.stdout_text(), ::testing::Not(HasSubstr("ready")));
    return p.stderr_text();
  }

  std::unique_ptr<v1::OfferService::Stub> Stub() {
    return v1::OfferService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", ports_.grpc),
                            grpc::InsecureChannelCredentials()));
  }

  TempDir data_;
  ServerPorts ports_;
};

TEST_F(ServerBinaryTest, ServesTheDemoDataAndStopsGracefullyOnSigterm) {
  auto server = StartOk();
  ASSERT_GT(ports_.grpc, 0);
  ASSERT_GT(ports_.metrics, 0);
  v1::SuggestRequest request;
  request.set_channel(v1::CHECKOUT);
  request.set_customer_id("cust-SECRET-991");
  auto* line = request.add_cart();
  line->set_sku("PHONE-A");
  line->set_quantity(1);
  v1::SuggestResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(Stub()->Suggest(&context, request, &response).ok());
  EXPECT_GT(response.offers_size(), 0);

  server->Signal(SIGTERM);
  std::optional<int> status = server->Wait(absl::Seconds(30));
  ASSERT_TRUE(status.has_value());
  ASSERT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 0);
  const std::string& log = server->stderr_text();
  EXPECT_THAT(
      log, HasSubstr("offergraph-server starting: grpc_address=127.0.0.1:0"));
  EXPECT_THAT(log, HasSubstr("SIGTERM: shutting down gracefully"));
  EXPECT_THAT(log, HasSubstr("offergraph-server stopped"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("SECRET")));
}

TEST_F(ServerBinaryTest, SighupReloadsAndABadReloadKeepsServing) {
  auto server = StartOk();
  std::string edges = ReadFileOrDie(data_.path() + "/edges.csv");
  data_.WriteFile("edges.csv",
                  edges + "WASH-STD,PHONE-CASE,cross_sell,0.9,,,\n");
  server->Signal(SIGHUP);
  ASSERT_TRUE(
      server->WaitForStderrLine("generation 2 loaded", absl::Seconds(30)))
      << server->stderr_text();

  data_.WriteFile("edges.csv",
                  edges + "WASH-STD,NO-SUCH-SKU,cross_sell,0.9,,,\n");
  server->Signal(SIGHUP);
  std::optional<std::string> warn =
      server->WaitForStderrLine("reload failed", absl::Seconds(30));
  ASSERT_TRUE(warn.has_value()) << server->stderr_text();
  EXPECT_THAT(*warn, HasSubstr("edges.csv:23:"));
  EXPECT_THAT(*warn, HasSubstr("NO-SUCH-SKU"));

  // Still serving generation 2.
  v1::SuggestRequest request;
  request.set_channel(v1::CHECKOUT);
  auto* line = request.add_cart();
  line->set_sku("WASH-STD");
  line->set_quantity(1);
  v1::SuggestResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(Stub()->Suggest(&context, request, &response).ok());
  ASSERT_GT(response.offers_size(), 0);
  EXPECT_EQ(response.offers(0).sku(), "PHONE-CASE");
}

TEST_F(ServerBinaryTest, MetricsPassPromtool) {
  auto server = StartOk();
  absl::StatusOr<std::string> body =
      HttpGet(absl::StrCat("http://127.0.0.1:", ports_.metrics, "/metrics"));
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_THAT(*body, HasSubstr("offergraph_snapshot_products 20"));
  data_.WriteFile("scrape.txt", *body);
  Subprocess promtool(
      {"/bin/sh", "-c",
       "promtool check metrics < " + data_.path() + "/scrape.txt"});
  std::optional<int> status = promtool.Wait(absl::Seconds(60));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << promtool.stdout_text() << promtool.stderr_text();
  EXPECT_EQ(promtool.stdout_text() + promtool.stderr_text(), "");
}

TEST_F(ServerBinaryTest, CheckDataValidatesWithoutServing) {
  {
    Subprocess p({kServer, "--check_data", "--data_dir=" + data_.path()});
    std::optional<int> status = p.Wait(kStartTimeout);
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
        << p.stderr_text();
    EXPECT_THAT(p.stdout_text(), HasSubstr("data ok: "));
    EXPECT_THAT(p.stdout_text(), HasSubstr("20 products"));
    EXPECT_THAT(p.stdout_text(), ::testing::Not(HasSubstr("ready")));
  }
  std::string catalog = ReadFileOrDie(data_.path() + "/catalog.csv");
  data_.WriteFile("catalog.csv",
                  catalog + "NEW-1,New,misc,-3.00,USD,true,,,,\n");
  Subprocess p({kServer, "--check_data", "--data_dir=" + data_.path()});
  std::optional<int> status = p.Wait(kStartTimeout);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 1);
  EXPECT_THAT(p.stderr_text(), HasSubstr("catalog.csv:22:16"));
  EXPECT_EQ(p.stdout_text(), "");
}

TEST_F(ServerBinaryTest, CliHealthCommandReportsServing) {
  auto server = StartOk();
  const std::string cli =
      std::string(OFFERGRAPH_BINARY_DIR) + "/src/cli/offergraph";
  const std::string target = absl::StrCat("--server=127.0.0.1:", ports_.grpc);
  for (const std::string service : {"", "offergraph.v1.OfferService"}) {
    Subprocess health({cli, "health", target, "--service=" + service});
    std::optional<int> status = health.Wait(absl::Seconds(30));
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
        << service << ": " << health.stderr_text();
    EXPECT_EQ(health.stdout_text(), "SERVING\n");
  }
  // A service the server does not have: an error, so a probe fails.
  Subprocess unknown({cli, "health", target, "--service=no.such.Service"});
  std::optional<int> status = unknown.Wait(absl::Seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0);
  EXPECT_THAT(unknown.stderr_text(), HasSubstr("Health.Check failed"));
}

// Issue 15 item 3: `offergraph state` sends only the flags given, so opening
// a complaint keeps the budget flag set earlier.
TEST_F(ServerBinaryTest, CliStateChangesOnlyTheFlagsGiven) {
  auto server = StartOk();
  const std::string cli =
      std::string(OFFERGRAPH_BINARY_DIR) + "/src/cli/offergraph";
  const std::string target = absl::StrCat("--server=127.0.0.1:", ports_.grpc);
  struct Step {
    std::vector<std::string> flags;
    int exit_code;
    std::string out;
  } steps[] = {
      {{"--budget_sensitive"},
       0,
       "customer state set: complaint_open=false budget_sensitive=true\n"},
      {{"--complaint_open=true"},
       0,
       "customer state set: complaint_open=true budget_sensitive=true\n"},
      {{"--complaint_open=false"},
       0,
       "customer state set: complaint_open=false budget_sensitive=true\n"},
      {{"--nobudget_sensitive"},
       0,
       "customer state set: complaint_open=false budget_sensitive=false\n"},
      {{}, 2, ""},  // nothing to change
  };
  for (const Step& step : steps) {
    std::vector<std::string> argv = {cli, "state", target, "--customer=cli-1"};
    argv.insert(argv.end(), step.flags.begin(), step.flags.end());
    Subprocess p(argv);
    std::optional<int> status = p.Wait(absl::Seconds(30));
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == step.exit_code)
        << p.stderr_text();
    EXPECT_EQ(p.stdout_text(), step.out);
    if (step.exit_code == 2) {
      EXPECT_THAT(p.stderr_text(), HasSubstr("only the flags given change"));
    }
  }
}

TEST_F(ServerBinaryTest,
       CliRefusesHalfATlsClientCertificateAndUnreadableFiles) {
  const std::string cli =
      std::string(OFFERGRAPH_BINARY_DIR) + "/src/cli/offergraph";
  struct Case {
    std::vector<std::string> flags;
    std::string message;
  } cases[] = {
      {{"--tls_cert_file=" + data_.path() + "/catalog.csv"},
       "--tls_cert_file and --tls_key_file go together"},
      {{"--tls_ca_file=" + data_.path() + "/no-such.pem"},
       "--tls_ca_file: cannot read \"" + data_.path() + "/no-such.pem\""},
  };
  for (const Case& c : cases) {
    std::vector<std::string> argv = {cli, "health", "--server=127.0.0.1:1"};
    argv.insert(argv.end(), c.flags.begin(), c.flags.end());
    Subprocess p(argv);
    std::optional<int> status = p.Wait(absl::Seconds(30));
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 2)
        << p.stderr_text();
    EXPECT_THAT(p.stderr_text(), HasSubstr(c.message));
  }
}

TEST_F(ServerBinaryTest, RefusesToStartWithoutDataDir) {
  Subprocess p({kServer, "--grpc_address=127.0.0.1:0", "--metrics_address="});
  std::optional<int> status = p.Wait(kStartTimeout);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 2);
  EXPECT_THAT(p.stderr_text(), HasSubstr("--data_dir is required"));
}

TEST_F(ServerBinaryTest, RefusesAnUnknownReloadPriority) {
  Subprocess p({kServer, "--grpc_address=127.0.0.1:0", "--metrics_address=",
                "--data_dir=" + data_.path(), "--reload_priority=high"});
  std::optional<int> status = p.Wait(kStartTimeout);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 2);
  EXPECT_THAT(p.stderr_text(),
              HasSubstr("--reload_priority: \"high\" is not one of idle, "
                        "low, normal"));
}

TEST_F(ServerBinaryTest, RefusesDuplicateSku) {
  std::string catalog = ReadFileOrDie(data_.path() + "/catalog.csv");
  data_.WriteFile("catalog.csv",
                  catalog + "PHONE-A,Again,phones,1.00,USD,true,,,,\n");
  EXPECT_THAT(StartFails(), HasSubstr("catalog.csv:22:1"));
}

TEST_F(ServerBinaryTest, RefusesBadPriceWithColumn) {
  std::string catalog = ReadFileOrDie(data_.path() + "/catalog.csv");
  data_.WriteFile("catalog.csv",
                  catalog + "NEW-1,New,misc,-3.00,USD,true,,,,\n");
  const std::string err = StartFails();
  EXPECT_THAT(err, HasSubstr("catalog.csv:22:16"));
  EXPECT_THAT(err, HasSubstr("price"));
}

TEST_F(ServerBinaryTest, RefusesEdgeToUnknownSku) {
  std::string edges = ReadFileOrDie(data_.path() + "/edges.csv");
  data_.WriteFile("edges.csv", edges + "PHONE-A,GHOST,cross_sell,0.5,,,\n");
  const std::string err = StartFails();
  EXPECT_THAT(err, HasSubstr("edges.csv:23:9"));
  EXPECT_THAT(err, HasSubstr("GHOST"));
}

TEST_F(ServerBinaryTest, RefusesUpgradeCycle) {
  std::string edges = ReadFileOrDie(data_.path() + "/edges.csv");
  data_.WriteFile("edges.csv",
                  edges + "LAPTOP-14-PRO,LAPTOP-14,upsell,0.5,,,\n");
  const std::string err = StartFails();
  EXPECT_THAT(err, HasSubstr("edges.csv:23:"));
  EXPECT_THAT(err, HasSubstr("cycle"));
}

TEST_F(ServerBinaryTest, RefusesBadRules) {
  data_.WriteFile("rules.textproto", "relevance {\n  min_weight: 1.5\n}\n");
  EXPECT_THAT(StartFails(), HasSubstr("relevance.min_weight"));
  data_.WriteFile("rules.textproto", "relevance {\n  min_wieght: 0.1\n}\n");
  EXPECT_THAT(StartFails(), HasSubstr("rules.textproto:2:"));
}

}  // namespace
}  // namespace offergraph::testing
