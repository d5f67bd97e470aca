// The real offergraph-server binary: start-up on ephemeral ports, refusal to
// start on bad data (file, line, column), SIGHUP reload, SIGTERM graceful
// shutdown, the metrics text through promtool, no customer ids in logs.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "data/rules_loader.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "offergraph/experiments.h"
#include "offergraph/v1/offer_service.grpc.pb.h"
#include "testing/http_get.h"
#include "testing/loopback_socket.h"
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
  std::vector<std::string> args = {kServer,
                                   "--data_dir=" + data_dir,
                                   "--ledger_dir=" + data_dir + "/ledger",
                                   "--grpc_address=127.0.0.1:0",
                                   "--metrics_address=127.0.0.1:0",
                                   "--http_address=127.0.0.1:0"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// A one-line checkout cart of a demo product.
v1::SuggestRequest PhoneCart() {
  v1::SuggestRequest request;
  request.set_channel(v1::CHECKOUT);
  v1::CartLine* line = request.add_cart();
  line->set_sku("PHONE-A");
  line->set_quantity(1);
  return request;
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

// A bad deals file fails the reload like a bad edges file: the old snapshot
// keeps serving, and the log names the file, line and column.
TEST_F(ServerBinaryTest, ABadBundlesFileOnReloadKeepsServing) {
  auto server = StartOk();
  data_.WriteFile("bundles.csv",
                  "bundle_id,name,members,discount_percent\n"
                  "KIT,Kit,PHONE-A|NO-SUCH-SKU,10\n");
  server->Signal(SIGHUP);
  std::optional<std::string> warn =
      server->WaitForStderrLine("reload failed", absl::Seconds(30));
  ASSERT_TRUE(warn.has_value()) << server->stderr_text();
  EXPECT_THAT(*warn, HasSubstr("bundles.csv:2:9: members: unknown sku "
                               "\"NO-SUCH-SKU\""));

  v1::SuggestRequest request;
  request.set_channel(v1::CHECKOUT);
  auto* line = request.add_cart();
  line->set_sku("PHONE-A");
  line->set_quantity(1);
  v1::SuggestResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(Stub()->Suggest(&context, request, &response).ok());
  EXPECT_GT(response.offers_size(), 0);

  // Fixed, the next reload goes through.
  data_.WriteFile("bundles.csv",
                  "bundle_id,name,members,discount_percent\n"
                  "KIT,Kit,PHONE-A|PHONE-CASE,10\n");
  server->Signal(SIGHUP);
  ASSERT_TRUE(
      server->WaitForStderrLine("generation 2 loaded", absl::Seconds(30)))
      << server->stderr_text();
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

// A TCP connection to 127.0.0.1:port that sent half an HTTP request and
// stopped (a slow or stuck client). Returns its descriptor.
int HalfOpenHttpRequest(int port) {
  const int fd = ConnectAndSend(port, "GET /metrics HTTP/1.1\r\n");
  EXPECT_GE(fd, 0);
  return fd;
}

// Regression: two clients that sent "GET /metrics HTTP/1.1\r\n" and stopped
// took both of the endpoint's threads, and scrapes timed out for ~30 s.
TEST_F(ServerBinaryTest, HalfOpenConnectionsDoNotStarveMetricsScrapes) {
  auto server = StartOk();
  std::vector<int> stuck;
  for (int i = 0; i < 6; ++i) {
    stuck.push_back(HalfOpenHttpRequest(ports_.metrics));
  }
  // HttpGet gives up after 10 s, a third of CivetWeb's default wait.
  absl::StatusOr<std::string> body =
      HttpGet(absl::StrCat("http://127.0.0.1:", ports_.metrics, "/metrics"));
  for (int fd : stuck) close(fd);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_THAT(*body, HasSubstr("offergraph_snapshot_products"));
}

// Sends `body` as the raw request bytes of `method` and returns the status.
grpc::Status RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel,
                          const std::string& method, const std::string& body) {
  grpc::GenericStub stub(channel);
  grpc::Slice slice(body);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  absl::Notification done;
  grpc::Status status;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) {
                   status = std::move(s);
                   done.Notify();
                 });
  done.WaitForNotification();
  return status;
}

// Regression: a request body that did not decode got UNIMPLEMENTED with no
// message, was not counted, and wrote one unthrottled libprotobuf ERROR line
// to stderr per call.
TEST_F(ServerBinaryTest, UndecodableRequestsGetInvalidArgumentAndAreCounted) {
  auto server = StartOk();
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", ports_.grpc),
                                     grpc::InsecureChannelCredentials());
  v1::SuggestRequest request;
  request.set_channel(v1::CHECKOUT);
  request.add_cart()->set_sku("QQQQ");
  std::string bad_utf8 = request.SerializeAsString();
  bad_utf8.replace(bad_utf8.find("QQQQ"), 4, "\xff\xfe\xfd\xfc");
  const std::string suggest = "/offergraph.v1.OfferService/Suggest";
  constexpr int kCalls = 100;
  for (int i = 0; i < kCalls; ++i) {
    grpc::Status s = RawUnaryCall(channel, suggest, bad_utf8);
    ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << s.error_message();
    ASSERT_EQ(s.error_message(),
              "request body is not a valid offergraph.v1.SuggestRequest: "
              "string field offergraph.v1.CartLine.sku holds invalid UTF-8");
  }
  grpc::Status garbage = RawUnaryCall(channel, suggest, "\xff\xff\xff\xff");
  EXPECT_EQ(garbage.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(garbage.error_message(),
            "request body is not a valid offergraph.v1.SuggestRequest");
  grpc::Status outcome = RawUnaryCall(
      channel, "/offergraph.v1.OfferService/RecordOutcome", "\xff\xff\xff");
  EXPECT_EQ(outcome.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(outcome.error_message(),
            "request body is not a valid offergraph.v1.RecordOutcomeRequest");

  absl::StatusOr<std::string> body =
      HttpGet(absl::StrCat("http://127.0.0.1:", ports_.metrics, "/metrics"));
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_THAT(*body, HasSubstr(absl::StrCat(
                         "offergraph_requests_total{code=\"INVALID_ARGUMENT\","
                         "method=\"Suggest\",transport=\"grpc\"} ",
                         kCalls + 1, "\n")));
  EXPECT_THAT(*body,
              HasSubstr("offergraph_requests_total{code=\"INVALID_ARGUMENT\","
                        "method=\"RecordOutcome\",transport=\"grpc\"} 1\n"));

  // The log says it, throttled: not one line per call.
  server->Signal(SIGTERM);
  ASSERT_TRUE(server->Wait(absl::Seconds(30)).has_value());
  const std::string& log = server->stderr_text();
  EXPECT_THAT(log, ::testing::Not(HasSubstr("[libprotobuf ERROR")));
  EXPECT_THAT(log, HasSubstr("libprotobuf: String field "
                             "'offergraph.v1.CartLine.sku' contains invalid "
                             "UTF-8"));
  int lines = 0;
  for (absl::string_view line : absl::StrSplit(log, '\n')) {
    if (absl::StrContains(line, "invalid UTF-8")) ++lines;
  }
  EXPECT_LE(lines, 2) << log;
}

// Replaces `path` with a FIFO and opens its write end once the server opens
// it for reading (the event a test waits for): the server's read then
// blocks until the test writes and closes. Test-owned; not thread-safe.
class FifoInPlace {
 public:
  explicit FifoInPlace(const std::string& path) : path_(path) {
    EXPECT_EQ(unlink(path.c_str()), 0);
    EXPECT_EQ(mkfifo(path.c_str(), 0600), 0);
    writer_ = std::async(std::launch::async,
                         [path] { return open(path.c_str(), O_WRONLY); });
  }
  ~FifoInPlace() { Close(); }

  // Waits until the server has opened the FIFO; false after `timeout`.
  bool WaitUntilOpened(absl::Duration timeout) {
    if (writer_.wait_for(absl::ToChronoSeconds(timeout)) !=
        std::future_status::ready) {
      return false;
    }
    fd_ = writer_.get();
    return fd_ >= 0;
  }
  // Ends the server's read with `contents` and end of file.
  void WriteAndClose(const std::string& contents) {
    if (fd_ >= 0) {
      EXPECT_EQ(write(fd_, contents.data(), contents.size()),
                static_cast<ssize_t>(contents.size()));
    }
    Close();
  }

 private:
  void Close() {
    if (writer_.valid()) {
      // Never opened by the server: open the read end so the writer's open
      // returns, and the future can be collected.
      const int reader = open(path_.c_str(), O_RDONLY | O_NONBLOCK);
      fd_ = writer_.get();
      if (reader >= 0) close(reader);
    }
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

  const std::string path_;
  std::future<int> writer_;
  int fd_ = -1;
};

// Regression: a reload stuck on a file that never ends (a FIFO in place of
// rules.textproto) kept the process alive after SIGTERM.
TEST_F(ServerBinaryTest, ShutdownIsBoundedWhileAReloadIsStuckReading) {
  auto server = StartOk({"--shutdown_grace_seconds=1"});
  FifoInPlace fifo(data_.path() + "/rules.textproto");
  server->Signal(SIGHUP);
  ASSERT_TRUE(fifo.WaitUntilOpened(absl::Seconds(30))) << server->stderr_text();
  server->Signal(SIGTERM);
  // 1 s of grace and 2 s of teardown; the reload never ends.
  std::optional<int> status = server->Wait(absl::Seconds(20));
  ASSERT_TRUE(status.has_value()) << "still running after SIGTERM";
  EXPECT_THAT(server->stderr_text(),
              HasSubstr("shutdown did not finish within the grace period"));
}

// Regression: one idle client connection held SIGTERM for the whole grace
// period, and calls on it then got CANCELLED instead of UNAVAILABLE.
TEST_F(ServerBinaryTest,
       IdleConnectionsDoNotHoldShutdownAndLateCallsAreUnavailable) {
  const std::string rules = ReadFileOrDie(data_.path() + "/rules.textproto");
  auto server = StartOk({"--shutdown_grace_seconds=60"});
  auto idle = Stub();  // connected by a first call, then idle
  const v1::SuggestRequest request = PhoneCart();
  {
    v1::SuggestResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(idle->Suggest(&context, request, &response).ok());
  }
  // A Reload call that stays in flight until the test lets its read end.
  FifoInPlace fifo(data_.path() + "/rules.textproto");
  auto admin = v1::AdminService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", ports_.grpc),
                          grpc::InsecureChannelCredentials()));
  grpc::ClientContext reload_context;
  v1::ReloadRequest reload_request;
  v1::ReloadResponse reload_response;
  absl::Notification reloaded;
  grpc::Status reload_status;
  admin->async()->Reload(&reload_context, &reload_request, &reload_response,
                         [&](grpc::Status s) {
                           reload_status = std::move(s);
                           reloaded.Notify();
                         });
  ASSERT_TRUE(fifo.WaitUntilOpened(absl::Seconds(30))) << server->stderr_text();

  server->Signal(SIGTERM);
  ASSERT_TRUE(server->WaitForStderrLine("shutdown: refusing new calls",
                                        absl::Seconds(30)))
      << server->stderr_text();
  // The idle connection's next call: UNAVAILABLE, so clients retry
  // elsewhere.
  {
    v1::SuggestResponse response;
    grpc::ClientContext context;
    grpc::Status s = idle->Suggest(&context, request, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE)
        << s.error_message();
  }
  // The call in flight finishes, and the process exits long before the
  // 60 s grace although the idle connection is still open.
  fifo.WriteAndClose(rules);
  ASSERT_TRUE(reloaded.WaitForNotificationWithTimeout(absl::Seconds(30)));
  EXPECT_TRUE(reload_status.ok())
      << reload_status.error_message() << "\n"
      << server->stderr_text();
  std::optional<int> status = server->Wait(absl::Seconds(20));
  ASSERT_TRUE(status.has_value()) << "idle connection held the shutdown";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << server->stderr_text();
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

// Runs the CLI; returns its exit code (-1 when it did not exit) and output.
struct CliRun {
  int code = -1;
  std::string out;
  std::string err;
};
CliRun RunCli(std::vector<std::string> argv) {
  Subprocess p(argv);
  std::optional<int> status = p.Wait(absl::Seconds(30));
  CliRun r;
  if (status && WIFEXITED(*status)) r.code = WEXITSTATUS(*status);
  r.out = p.stdout_text();
  r.err = p.stderr_text();
  return r;
}

// Regression: the CLI never sent --admin_token (nor the variable), so every
// privileged command failed with UNAUTHENTICATED against a server with a
// token; view and erase had no command at all.
TEST_F(ServerBinaryTest, CliSendsTheAdminTokenAndViewsAndErasesACustomer) {
  data_.WriteFile("token", "s3cret-token\n");
  auto server = StartOk({"--admin_token_file=" + data_.path() + "/token"});
  const std::string cli =
      std::string(OFFERGRAPH_BINARY_DIR) + "/src/cli/offergraph";
  const std::string target = absl::StrCat("--server=127.0.0.1:", ports_.grpc);

  CliRun none = RunCli({cli, "status", target});
  EXPECT_EQ(none.code, 1);
  EXPECT_THAT(none.err, HasSubstr("needs metadata 'authorization: Bearer"));

  const std::vector<std::vector<std::string>> ways = {
      {cli, "--admin_token=s3cret-token"},
      {cli, "--admin_token_file=" + data_.path() + "/token"},
      {"/usr/bin/env", "OFFERGRAPH_ADMIN_TOKEN=s3cret-token", cli},
  };
  for (std::vector<std::string> argv : ways) {
    argv.push_back("status");
    argv.push_back(target);
    CliRun r = RunCli(argv);
    EXPECT_EQ(r.code, 0) << argv[1] << ": " << r.err;
    EXPECT_THAT(r.out, HasSubstr("snapshot ")) << argv[1];
    EXPECT_THAT(r.out, HasSubstr("evidence: rocksdb, up"));
  }
  CliRun wrong = RunCli({cli, "status", target, "--admin_token=nope"});
  EXPECT_EQ(wrong.code, 1);
  EXPECT_THAT(wrong.err, HasSubstr("the bearer token is not valid"));

  const std::string token = "--admin_token=s3cret-token";
  const std::string customer = "--customer=c-cli-1";
  ASSERT_EQ(
      RunCli({cli, "state", target, token, customer, "--complaint_open=true"})
          .code,
      0);
  CliRun view = RunCli({cli, "view", target, token, customer});
  EXPECT_EQ(view.code, 0) << view.err;
  EXPECT_THAT(view.out, HasSubstr("complaint_open=true"));
  CliRun erase = RunCli({cli, "erase", target, token, customer});
  EXPECT_EQ(erase.code, 0) << erase.err;
  EXPECT_THAT(erase.out, HasSubstr("erased "));
  EXPECT_THAT(erase.out, ::testing::Not(HasSubstr("erased 0 records")));
  view = RunCli({cli, "view", target, token, customer});
  EXPECT_EQ(view.code, 0) << view.err;
  EXPECT_THAT(view.out, HasSubstr("complaint_open=false"));
  // Privileged commands without the token stay refused.
  EXPECT_EQ(RunCli({cli, "view", target, customer}).code, 1);

  // Bad token files are the CLI's own error (exit 2), not the server's.
  data_.WriteFile("empty", "  \n");
  CliRun empty = RunCli(
      {cli, "status", target, "--admin_token_file=" + data_.path() + "/empty"});
  EXPECT_EQ(empty.code, 2);
  EXPECT_THAT(empty.err, HasSubstr("--admin_token_file: the file is empty"));
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
                        "lowest, low, normal"));
  Subprocess refresh({kServer, "--grpc_address=127.0.0.1:0",
                      "--metrics_address=", "--data_dir=" + data_.path(),
                      "--model_refresh_priority=urgent"});
  status = refresh.Wait(kStartTimeout);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 2);
  EXPECT_THAT(refresh.stderr_text(),
              HasSubstr("--model_refresh_priority: \"urgent\" is not one of "
                        "idle, lowest, low, normal"));
}

// Exits with `code`, prints `message` on stderr and never its ready line.
void ExpectStartFails(const std::vector<std::string>& argv, int code,
                      const std::string& message) {
  Subprocess p(argv);
  std::optional<int> status = p.Wait(kStartTimeout);
  ASSERT_TRUE(status.has_value()) << "server did not exit";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == code)
      << p.stderr_text();
  EXPECT_THAT(p.stderr_text(), HasSubstr(message));
  EXPECT_THAT(p.stdout_text(), ::testing::Not(HasSubstr("ready")));
}

// Regression: gRPC binds with SO_REUSEPORT, so a second server on the port
// of a running one started and took half of the new connections.
TEST_F(ServerBinaryTest, ASecondServerOnABusyPortFailsToStart) {
  auto first = StartOk();
  const std::string grpc = absl::StrCat("127.0.0.1:", ports_.grpc);
  const std::string metrics = absl::StrCat("127.0.0.1:", ports_.metrics);
  // The second one keeps its history in memory, so that only the port (not
  // the first one's RocksDB lock) can stop it.
  ExpectStartFails(
      Args(data_.path(), {"--ledger_store=memory", "--grpc_address=" + grpc}),
      1, "cannot listen for gRPC on " + grpc);
  ExpectStartFails(Args(data_.path(), {"--ledger_store=memory",
                                       "--metrics_address=" + metrics}),
                   1, "cannot serve metrics on " + metrics);
  const std::string http = absl::StrCat("127.0.0.1:", ports_.http);
  ExpectStartFails(
      Args(data_.path(), {"--ledger_store=memory", "--http_address=" + http}),
      1, "cannot listen for HTTP on " + http);
  // The first one still answers.
  v1::SuggestResponse response;
  grpc::ClientContext context;
  EXPECT_TRUE(Stub()->Suggest(&context, PhoneCart(), &response).ok());
}

// Regression: --ledger_retention_days=0 expired every decision at once and
// --grpc_address=127.0.0.1:99999 listened on another port.
TEST_F(ServerBinaryTest, RefusesOutOfRangeNumbersAndBadAddressesBeforeOpening) {
  const std::string ledger = data_.path() + "/never-created";
  struct Case {
    std::string flag;
    std::string message;
  } cases[] = {
      {"--ledger_retention_days=0",
       "--ledger_retention_days: must be in [1, 36500], got 0"},
      {"--ledger_retention_days=-7",
       "--ledger_retention_days: must be in [1, 36500], got -7"},
      {"--redis_timeout_ms=0",
       "--redis_timeout_ms: must be in [1, 600000], got 0"},
      {"--max_inflight_rpcs=-1",
       "--max_inflight_rpcs: must be in [0, 10000000], got -1"},
      {"--grpc_memory_quota_mb=-5",
       "--grpc_memory_quota_mb: must be in [0, 1048576], got -5"},
      {"--shutdown_grace_seconds=-1",
       "--shutdown_grace_seconds: must be in [0, 3600], got -1"},
      {"--shutdown_grace_seconds=nan",
       "--shutdown_grace_seconds: must be in [0, 3600], got nan"},
      {"--grpc_address=127.0.0.1:99999",
       "--grpc_address: the port must be a number in [0, 65535], got "
       "\"127.0.0.1:99999\""},
      {"--grpc_address=127.0.0.1", "--grpc_address: expected host:port"},
      {"--metrics_address=:9464",
       "--metrics_address: expected host:port, the host is empty"},
      {"--http_address=127.0.0.1:70000",
       "--http_address: the port must be a number in [0, 65535], got "
       "\"127.0.0.1:70000\""},
      {"--http_max_body_bytes=0",
       "--http_max_body_bytes: must be in [1, 1073741824], got 0"},
      {"--http_timeout_seconds=0",
       "--http_timeout_seconds: must be in [0.001, 3600], got 0"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.flag);
    ExpectStartFails(Args(data_.path(), {"--ledger_dir=" + ledger, c.flag}), 2,
                     c.message);
    EXPECT_NE(access(ledger.c_str(), F_OK), 0) << "the ledger was opened";
  }
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

constexpr char kPromo[] = R"(
experiments {
  name: "promo"
  arms { name: "control" share: 0.5 no_offers: true }
  arms { name: "treatment" share: 0.5 }
}
)";

// `offergraph experiment report NAME [--sequential]` prints each arm and the
// lift of the treatment over the control, and names an unknown experiment.
TEST_F(ServerBinaryTest, CliExperimentReportPrintsArmsLiftAndSampleRatio) {
  {
    std::ofstream rules(data_.path() + "/rules.textproto", std::ios::app);
    rules << kPromo;
  }
  // Units are picked for each arm with the assignment the server uses.
  const ExperimentPlan plan =
      ParseRulesConfig(kPromo, "rules.textproto")->experiments;
  auto server = StartOk();
  auto stub = Stub();
  // README "Measuring uplift": 100 control units of which 10 order 50.00,
  // 100 treatment units of which 20 do.
  int units[2] = {0, 0};
  int orders = 0;
  for (int i = 0; units[0] < 100 || units[1] < 100; ++i) {
    v1::SuggestRequest request = PhoneCart();
    request.set_customer_id(absl::StrCat("cli-u-", i));
    const int arm =
        plan.Assign(request.customer_id(), "").arm_name() == "treatment";
    if (units[arm] == 100) continue;
    v1::SuggestResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(stub->Suggest(&context, request, &response).ok());
    ASSERT_EQ(response.experiment(), "promo");
    ASSERT_EQ(response.arm(), arm == 1 ? "treatment" : "control");
    const int n = units[arm]++;
    if (n < (arm == 1 ? 20 : 10)) {
      v1::RecordOrderRequest order;
      order.set_order_id(absl::StrCat("cli-o-", i));
      order.set_customer_id(request.customer_id());
      order.mutable_total()->set_units(5000);
      order.mutable_total()->set_currency("USD");
      v1::RecordOrderResponse recorded;
      grpc::ClientContext order_context;
      grpc::Status s = stub->RecordOrder(&order_context, order, &recorded);
      ASSERT_TRUE(s.ok()) << s.error_message();
      EXPECT_EQ(recorded.arm(), response.arm());
      ++orders;
    }
  }
  const std::string cli =
      std::string(OFFERGRAPH_BINARY_DIR) + "/src/cli/offergraph";
  const std::string target = absl::StrCat("--server=127.0.0.1:", ports_.grpc);
  Subprocess report({cli, "experiment", "report", "promo", "--sequential",
                     target});
  std::optional<int> status = report.Wait(absl::Seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << report.stderr_text();
  const std::string& out = report.stdout_text();
  EXPECT_THAT(out, HasSubstr("experiment promo: control arm control (the "
                             "no_offers arm)"));
  EXPECT_THAT(out, HasSubstr("arm            share    units  decisions"));
  EXPECT_THAT(out, HasSubstr("treatment vs control:"));
  EXPECT_THAT(out, HasSubstr("  conversion "));
  EXPECT_THAT(out, HasSubstr("  revenue per unit "));
  EXPECT_THAT(out, HasSubstr("always valid, p="));
  EXPECT_THAT(out, HasSubstr("sample ratio: chi2="));
  EXPECT_EQ(orders, 30);
  // The example of README "Measuring uplift", line for line.
  EXPECT_THAT(out, HasSubstr(
      "control        0.501      100        100      10     10.00%        "
      "500.00    5000.00    0.00%\n"
      "treatment      0.499      100        100      20     20.00%       "
      "1000.00    5000.00    0.00%\n"));
  EXPECT_THAT(out, HasSubstr("  conversion         +10.00pp [+0.20, +19.80]  "
                             "relative +100.00% [-41.34, +241.34]  "
                             "p=0.04767\n"));
  EXPECT_THAT(out, HasSubstr("  revenue per unit   +500.00 [+4.27, +995.73]"));
  EXPECT_THAT(out, HasSubstr("  AOV                +0.00 [+0.00, +0.00]  "
                             "relative +0.00% [+0.00, +0.00]  p=1\n"));
  EXPECT_THAT(out, HasSubstr("sample ratio: chi2=0.001 p=0.9707 ok\n"));

  Subprocess unknown({cli, "experiment", "report", "nosuch", target});
  status = unknown.Wait(absl::Seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0);
  EXPECT_THAT(unknown.stderr_text(), HasSubstr("gRPC code 5"));  // NOT_FOUND
  EXPECT_THAT(unknown.stderr_text(), HasSubstr("\"nosuch\""));
}

}  // namespace
}  // namespace offergraph::testing
