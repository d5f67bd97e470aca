// The ledger as operators run it: the real server binary on RocksDB killed
// with SIGKILL and restarted, two servers sharing one real redis-server, and
// Redis dying under them (fail open vs. fail closed, metrics and health).
#include <signal.h>

#include <atomic>
#include <fstream>
#include <optional>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
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

// One running offergraph-server and a client for it.
struct Node {
  std::unique_ptr<Subprocess> process;
  int grpc_port = 0;
  int metrics_port = 0;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::OfferService::Stub> stub;
};

Node Start(const std::string& data_dir, std::vector<std::string> extra) {
  std::vector<std::string> args = {
      kServer, "--data_dir=" + data_dir, "--grpc_address=127.0.0.1:0",
      "--metrics_address=127.0.0.1:0", "--http_address="};
  args.insert(args.end(), extra.begin(), extra.end());
  Node n;
  n.process = std::make_unique<Subprocess>(args);
  std::optional<ServerPorts> ports =
      WaitUntilReady(n.process.get(), absl::Seconds(60));
  EXPECT_TRUE(ports.has_value()) << n.process->stderr_text();
  if (!ports) return n;
  n.grpc_port = ports->grpc;
  n.metrics_port = ports->metrics;
  n.channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", n.grpc_port),
                                  grpc::InsecureChannelCredentials());
  n.stub = v1::OfferService::NewStub(n.channel);
  return n;
}

v1::SuggestResponse Suggest(Node& n, const std::string& customer) {
  v1::SuggestRequest r;
  r.set_channel(v1::CHECKOUT);
  r.set_customer_id(customer);
  r.set_explain(true);
  v1::CartLine* line = r.add_cart();
  line->set_sku("WASH-STD");
  line->set_quantity(1);
  v1::SuggestResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::Status s = n.stub->Suggest(&context, r, &response);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return response;
}

grpc::Status Decline(Node& n, const std::string& decision,
                     const std::string& sku, bool* duplicate = nullptr) {
  v1::RecordOutcomeRequest r;
  r.set_decision_id(decision);
  r.set_sku(sku);
  r.set_outcome(v1::DECLINED);
  v1::RecordOutcomeResponse response;
  grpc::ClientContext context;
  grpc::Status s = n.stub->RecordOutcome(&context, r, &response);
  if (duplicate) *duplicate = response.duplicate();
  return s;
}

v1::SuppressionReason Reason(const v1::SuggestResponse& r,
                             const std::string& sku) {
  for (const v1::Suppressed& s : r.suppressed()) {
    if (s.sku() == sku) return s.reason();
  }
  return v1::SUPPRESSION_REASON_UNSPECIFIED;
}

grpc::Status Report(Node& n, const std::string& decision,
                    const std::string& sku, v1::Outcome outcome) {
  v1::RecordOutcomeRequest r;
  r.set_decision_id(decision);
  r.set_sku(sku);
  r.set_outcome(outcome);
  v1::RecordOutcomeResponse response;
  grpc::ClientContext context;
  return n.stub->RecordOutcome(&context, r, &response);
}

v1::GetStatusResponse Status(Node& n) {
  auto admin = v1::AdminService::NewStub(n.channel);
  v1::GetStatusResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::Status s = admin->GetStatus(&context, v1::GetStatusRequest(), &response);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return response;
}

// Waits, on GetStatus answers, until the node's model is built from at
// least `showings` showings; false after 60 s. Polls every 20 ms: the
// refresher runs at nice 19, and a busy poll would take its CPU.
bool WaitForShowings(Node& n, double showings) {
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (absl::Now() < deadline) {
    if (Status(n).learning().model_showings() >= showings - 1e-6) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  ADD_FAILURE() << Status(n).learning().DebugString();
  return false;
}

const v1::Offer* FindOffer(const v1::SuggestResponse& r,
                           const std::string& sku) {
  for (const v1::Offer& o : r.offers()) {
    if (o.sku() == sku) return &o;
  }
  return nullptr;
}

// Makes the data's rules rebuild the model every `seconds`.
void SetRefresh(const std::string& data_dir, double seconds) {
  std::ofstream rules(data_dir + "/rules.textproto", std::ios::app);
  rules << "\nlearning { refresh_interval_seconds: " << seconds << " }\n";
}

// Five customers accept the first offer of the same cart through `n`;
// returns its sku.
std::string AcceptFive(Node& n, const std::string& prefix) {
  std::string sku;
  for (int i = 0; i < 5; ++i) {
    v1::SuggestResponse r = Suggest(n, absl::StrCat(prefix, i));
    EXPECT_GT(r.offers_size(), 0);
    if (r.offers_size() == 0) return "";
    sku = r.offers(0).sku();
    EXPECT_TRUE(Report(n, r.decision_id(), sku, v1::PRESENTED).ok());
    EXPECT_TRUE(Report(n, r.decision_id(), sku, v1::ACCEPTED).ok());
  }
  return sku;
}

TEST(LedgerProcessTest, RocksDbKeepsAcknowledgedOutcomesAcrossSigkill) {
  TempDir dir;
  dir.CopyFrom(OFFERGRAPH_DEMO_DIR, "data");
  const std::vector<std::string> flags = {
      "--ledger_store=rocksdb", "--ledger_dir=" + dir.path() + "/ledger"};
  std::vector<std::string> declined;
  {
    Node a = Start(dir.path() + "/data", flags);
    // Ten customers each decline the add-on; every RecordOutcome is acked.
    for (int i = 0; i < 10; ++i) {
      v1::SuggestResponse r = Suggest(a, absl::StrCat("durable-", i));
      ASSERT_FALSE(r.decision_id().empty());
      ASSERT_TRUE(Decline(a, r.decision_id(), "WAX-ADDON").ok());
      declined.push_back(r.decision_id());
    }
    a.process->Signal(SIGKILL);
    ASSERT_TRUE(a.process->Wait(absl::Seconds(30)).has_value());
  }
  Node b = Start(dir.path() + "/data", flags);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Reason(Suggest(b, absl::StrCat("durable-", i)), "WAX-ADDON"),
              v1::RECENTLY_DECLINED)
        << i;
    bool duplicate = false;
    ASSERT_TRUE(Decline(b, declined[i], "WAX-ADDON", &duplicate).ok());
    EXPECT_TRUE(duplicate) << "the outcome survived the restart";
  }
  EXPECT_EQ(Reason(Suggest(b, "never-declined"), "WAX-ADDON"),
            v1::SUPPRESSION_REASON_UNSPECIFIED);
}

// What the model learned is in the ledger's RocksDB: a restart reads it
// back. The model refreshes once an hour here, so the five outcomes reach
// the store only through the flush at a graceful shutdown.
TEST(LedgerProcessTest, LearningSurvivesARestartOnRocksDb) {
  TempDir dir;
  dir.CopyFrom(OFFERGRAPH_DEMO_DIR, "data");
  SetRefresh(dir.path() + "/data", 3600);
  const std::vector<std::string> flags = {
      "--ledger_store=rocksdb", "--ledger_dir=" + dir.path() + "/ledger"};
  std::string sku;
  {
    Node a = Start(dir.path() + "/data", flags);
    EXPECT_EQ(Status(a).learning().evidence_store(), "rocksdb");
    sku = AcceptFive(a, "restart-");
    a.process->Signal(SIGTERM);
    std::optional<int> code = a.process->Wait(absl::Seconds(30));
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 0);
  }
  Node b = Start(dir.path() + "/data", flags);
  const v1::GetStatusResponse status = Status(b);
  EXPECT_NEAR(status.learning().model_showings(), 5, 0.01);
  EXPECT_TRUE(status.learning().evidence_store_up());
  EXPECT_GT(status.learning().evidence_read_at_unix_seconds(), 0);
  const v1::SuggestResponse offer_response = Suggest(b, "after-restart");
  const v1::Offer* offer = FindOffer(offer_response, sku);
  ASSERT_NE(offer, nullptr);
  EXPECT_NEAR(offer->evidence(), 5, 0.01);
  EXPECT_EQ(offer->propensity_source(), v1::LEARNED);
}

// Written at a refresh, the evidence survives even SIGKILL.
TEST(LedgerProcessTest, RefreshedEvidenceSurvivesSigkillOnRocksDb) {
  TempDir dir;
  dir.CopyFrom(OFFERGRAPH_DEMO_DIR, "data");
  SetRefresh(dir.path() + "/data", 0.1);
  const std::vector<std::string> flags = {
      "--ledger_store=rocksdb", "--ledger_dir=" + dir.path() + "/ledger"};
  {
    Node a = Start(dir.path() + "/data", flags);
    AcceptFive(a, "kill-");
    // A model built from all five was read back from the store.
    ASSERT_TRUE(WaitForShowings(a, 5));
    a.process->Signal(SIGKILL);
    ASSERT_TRUE(a.process->Wait(absl::Seconds(30)).has_value());
  }
  Node b = Start(dir.path() + "/data", flags);
  EXPECT_NEAR(Status(b).learning().model_showings(), 5, 0.01);
}

// SIGKILL while four clients write outcomes and a fifth calls Suggest: every
// outcome acknowledged before the kill is there after the restart (its
// decline rest is enforced and a repeat is a duplicate). Outcomes in flight
// at the kill may or may not have landed; none was acknowledged.
TEST(LedgerProcessTest, RocksDbKeepsEveryAckedOutcomeWhenKilledUnderLoad) {
  TempDir dir;
  dir.CopyFrom(OFFERGRAPH_DEMO_DIR, "data");
  const std::vector<std::string> flags = {
      "--ledger_store=rocksdb", "--ledger_dir=" + dir.path() + "/ledger"};
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 150;
  constexpr int kKillAfterAcks = 200;  // of 600: the kill lands mid-stream

  Node a = Start(dir.path() + "/data", flags);
  std::vector<std::vector<std::string>> decisions(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kPerWriter; ++i) {
      v1::SuggestResponse r = Suggest(a, absl::StrCat("kill-", w, "-", i));
      ASSERT_FALSE(r.decision_id().empty());
      decisions[w].push_back(r.decision_id());
    }
  }

  std::mutex mu;
  std::condition_variable acked_cv;
  int acked_total = 0;
  int writers_done = 0;  // a writer stops at its first failed call
  std::vector<std::vector<int>> acked(kWriters);  // indexes, per writer
  std::atomic<bool> killed{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      auto stub = v1::OfferService::NewStub(a.channel);
      absl::Cleanup done = [&] {
        std::lock_guard<std::mutex> lock(mu);
        ++writers_done;
        acked_cv.notify_all();
      };
      for (int i = 0; i < kPerWriter; ++i) {
        v1::RecordOutcomeRequest r;
        r.set_decision_id(decisions[w][i]);
        r.set_sku("WAX-ADDON");
        r.set_outcome(v1::DECLINED);
        v1::RecordOutcomeResponse response;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(10));
        if (!stub->RecordOutcome(&context, r, &response).ok()) return;
        std::lock_guard<std::mutex> lock(mu);
        acked[w].push_back(i);
        ++acked_total;
        acked_cv.notify_all();
      }
    });
  }
  threads.emplace_back([&] {  // read load beside the writes
    auto stub = v1::OfferService::NewStub(a.channel);
    for (int i = 0; !killed.load(); ++i) {
      v1::SuggestRequest r;
      r.set_channel(v1::CHECKOUT);
      r.set_customer_id(absl::StrCat("reader-", i));
      r.add_cart()->set_sku("LAPTOP-14");
      r.mutable_cart(0)->set_quantity(1);
      v1::SuggestResponse response;
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(10));
      if (!stub->Suggest(&context, r, &response).ok()) return;
    }
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    // Also wakes if every writer stopped early (the server failed): the
    // assertion below then fails instead of the test hanging.
    acked_cv.wait(lock, [&] {
      return acked_total >= kKillAfterAcks || writers_done == kWriters;
    });
  }
  a.process->Signal(SIGKILL);
  killed.store(true);
  for (std::thread& t : threads) t.join();
  ASSERT_TRUE(a.process->Wait(absl::Seconds(30)).has_value());
  ASSERT_GE(acked_total, kKillAfterAcks);

  Node b = Start(dir.path() + "/data", flags);
  int checked = 0;
  for (int w = 0; w < kWriters; ++w) {
    for (int i : acked[w]) {
      bool duplicate = false;
      ASSERT_TRUE(Decline(b, decisions[w][i], "WAX-ADDON", &duplicate).ok());
      EXPECT_TRUE(duplicate) << "acked outcome " << w << "/" << i << " lost";
      EXPECT_EQ(
          Reason(Suggest(b, absl::StrCat("kill-", w, "-", i)), "WAX-ADDON"),
          v1::RECENTLY_DECLINED)
          << w << "/" << i;
      ++checked;
    }
  }
  std::printf(
      "sigkill under load: %d outcomes acknowledged before the kill, "
      "%d checked after restart\n",
      acked_total, checked);
}

class RedisFleetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = PickFreePort();
    redis_ = std::make_unique<Subprocess>(std::vector<std::string>{
        "/usr/bin/redis-server", "--port", std::to_string(port_), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no"});
    ASSERT_TRUE(redis_->WaitForStdoutLine("Ready to accept connections",
                                          absl::Seconds(30)))
        << redis_->stdout_text();
    data_.CopyFrom(OFFERGRAPH_DEMO_DIR);
  }
  std::vector<std::string> Flags(bool fail_open) {
    return {"--ledger_store=redis",
            absl::StrCat("--redis_address=127.0.0.1:", port_),
            absl::StrCat("--ledger_fail_open=", fail_open ? "true" : "false"),
            "--redis_timeout_ms=200"};
  }
  std::string Metrics(const Node& n) {
    absl::StatusOr<std::string> body =
        HttpGet(absl::StrCat("http://127.0.0.1:", n.metrics_port, "/metrics"));
    EXPECT_TRUE(body.ok()) << body.status();
    return body.ok() ? *body : "";
  }
  grpc::health::v1::HealthCheckResponse::ServingStatus Health(
      const Node& n, const std::string& service) {
    auto health = grpc::health::v1::Health::NewStub(n.channel);
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(health->Check(&context, request, &response).ok());
    return response.status();
  }

  int port_ = 0;
  std::unique_ptr<Subprocess> redis_;
  TempDir data_;
};

TEST_F(RedisFleetTest, ADeclineThroughOneReplicaRestsOnTheOther) {
  Node a = Start(data_.path(), Flags(true));
  Node b = Start(data_.path(), Flags(true));
  v1::SuggestResponse r = Suggest(a, "fleet-1");
  ASSERT_FALSE(r.decision_id().empty());
  ASSERT_TRUE(Decline(a, r.decision_id(), "WAX-ADDON").ok());
  EXPECT_EQ(Reason(Suggest(b, "fleet-1"), "WAX-ADDON"), v1::RECENTLY_DECLINED);
  // And B can record outcomes for decisions A made.
  bool duplicate = false;
  ASSERT_TRUE(Decline(b, r.decision_id(), "WAX-ADDON", &duplicate).ok());
  EXPECT_TRUE(duplicate);
}

// Every replica learns from every replica's outcomes: five acceptances
// reported to A show in B's model and in B's offers.
TEST_F(RedisFleetTest, ReplicasLearnFromEachOthersOutcomes) {
  SetRefresh(data_.path(), 0.1);
  Node a = Start(data_.path(), Flags(true));
  Node b = Start(data_.path(), Flags(true));
  const std::string sku = AcceptFive(a, "fleet-learn-");
  ASSERT_FALSE(sku.empty());
  ASSERT_TRUE(WaitForShowings(b, 5));
  const v1::SuggestResponse offer_response = Suggest(b, "fleet-learn-new");
  const v1::Offer* offer = FindOffer(offer_response, sku);
  ASSERT_NE(offer, nullptr);
  EXPECT_NEAR(offer->evidence(), 5, 0.01);
  EXPECT_EQ(offer->propensity_source(), v1::LEARNED);
  const v1::LearningStatus learning = Status(b).learning();
  EXPECT_EQ(learning.evidence_store(), "redis");
  EXPECT_TRUE(learning.evidence_store_up());
  // B taught nothing itself.
  EXPECT_EQ(learning.outcomes_observed(), 0);
}

// A damaged counter in Redis is skipped (its offer leans on the prior),
// counted in status and metrics, and logged; a Redis gone keeps the model
// serving what it read last, and says so.
TEST_F(RedisFleetTest, BadOrMissingEvidenceFallsBackAndSaysSo) {
  SetRefresh(data_.path(), 0.1);
  const int64_t hour = absl::ToUnixSeconds(absl::Now()) / 3600 - 1;
  Subprocess cli({"/usr/bin/redis-cli", "-p", std::to_string(port_), "HSET",
                  absl::StrCat("og:v:", hour), "p:o:1:1:WAX-ADDON", "garbage",
                  "p:c:1", "12"});
  ASSERT_EQ(cli.Wait(absl::Seconds(30)), std::optional<int>(0));
  Node a = Start(data_.path(), Flags(true));
  ASSERT_TRUE(a.process->WaitForStderrLine("unreadable counters",
                                           absl::Seconds(30)));
  v1::LearningStatus learning = Status(a).learning();
  EXPECT_EQ(learning.evidence_corrupt_counters(), 1);
  EXPECT_THAT(learning.evidence_corrupt_example(), HasSubstr("garbage"));
  EXPECT_THAT(Metrics(a),
              HasSubstr("offergraph_learning_evidence_corrupt_counters 1"));
  const v1::SuggestResponse wax_response = Suggest(a, "bad-evidence");
  const v1::Offer* wax = FindOffer(wax_response, "WAX-ADDON");
  ASSERT_NE(wax, nullptr);
  EXPECT_EQ(wax->propensity_source(), v1::PRIOR);
  EXPECT_EQ(wax->evidence(), 0);

  redis_->Signal(SIGKILL);
  ASSERT_TRUE(redis_->Wait(absl::Seconds(30)).has_value());
  ASSERT_TRUE(a.process->WaitForStderrLine(
      "learning evidence store redis failed", absl::Seconds(30)));
  learning = Status(a).learning();
  EXPECT_FALSE(learning.evidence_store_up());
  EXPECT_THAT(learning.evidence_error(), HasSubstr("evidence"));
  EXPECT_THAT(Metrics(a),
              HasSubstr("offergraph_learning_evidence_store_up 0"));
  EXPECT_GT(Suggest(a, "redis-gone").offers_size(), 0);
}

TEST_F(RedisFleetTest, RedisDownFailsOpenOrClosedAsConfigured) {
  Node open = Start(data_.path(), Flags(true));
  Node closed = Start(data_.path(), Flags(false));
  ASSERT_GT(Suggest(open, "down-1").offers_size(), 0);
  EXPECT_EQ(Health(open, "offergraph.Ledger"),
            grpc::health::v1::HealthCheckResponse::SERVING);

  redis_->Signal(SIGKILL);
  ASSERT_TRUE(redis_->Wait(absl::Seconds(30)).has_value());

  // Fail open: offers keep coming, without history.
  v1::SuggestResponse r = Suggest(open, "down-1");
  EXPECT_GT(r.offers_size(), 0);
  EXPECT_THAT(Metrics(open), HasSubstr("offergraph_ledger_healthy 0"));
  EXPECT_THAT(Metrics(open),
              HasSubstr("offergraph_ledger_errors_total{mode=\"open\"}"));
  EXPECT_EQ(Health(open, "offergraph.Ledger"),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Health(open, ""), grpc::health::v1::HealthCheckResponse::SERVING);
  ASSERT_TRUE(open.process->WaitForStderrLine(
      "is failing; serving with fail-open", absl::Seconds(10)));
  // Outcomes cannot be stored: the caller is told, not silently dropped.
  if (!r.decision_id().empty()) {
    grpc::Status s = Decline(open, r.decision_id(), r.offers(0).sku());
    EXPECT_FALSE(s.ok());
  }

  // Fail closed: no offers, and the reason says why.
  v1::SuggestResponse c = Suggest(closed, "down-2");
  EXPECT_EQ(c.offers_size(), 0);
  EXPECT_EQ(c.suppression(), v1::HISTORY_UNAVAILABLE);
  EXPECT_THAT(Metrics(closed),
              HasSubstr("offergraph_ledger_errors_total{mode=\"closed\"}"));
}

// Regression (issue 15, item 17): ledger calls ran on gRPC's callback
// threads, so a Redis that stops answering (SIGSTOP: connections open, no
// replies) tied up the threads that answer health checks, and every call
// waited the full timeout. Now the calls run on the ledger's own threads, a
// circuit breaker opens after --ledger_circuit_failures failures, and from
// then on calls fail fast (here: fail open, offers without history).
TEST_F(RedisFleetTest, HungRedisOpensTheCircuitAndHealthStaysPrompt) {
  constexpr int kRedisTimeoutMs = 2000;
  std::vector<std::string> flags = Flags(true);
  flags.push_back(absl::StrCat("--redis_timeout_ms=", kRedisTimeoutMs));
  flags.push_back("--ledger_threads=2");
  flags.push_back("--ledger_circuit_failures=3");
  flags.push_back("--ledger_circuit_cooldown_ms=600000");  // stays open
  Node n = Start(data_.path(), flags);
  ASSERT_NE(n.stub, nullptr);
  ASSERT_GT(Suggest(n, "hung-0").offers_size(), 0);

  redis_->Signal(SIGSTOP);
  absl::Cleanup resume = [this] { redis_->Signal(SIGCONT); };

  // More concurrent Suggests than ledger threads, each with a generous
  // deadline: all return offers (fail open) within it.
  constexpr int kCalls = 12;
  std::atomic<int> with_offers{0};
  std::vector<std::thread> calls;
  for (int i = 0; i < kCalls; ++i) {
    calls.emplace_back([&, i] {
      // Suggest's deadline is 10 s: each call is bounded by the Redis
      // timeout, and the breaker opens after the first few.
      if (Suggest(n, absl::StrCat("hung-", i)).offers_size() > 0) {
        with_offers.fetch_add(1);
      }
    });
  }
  // Meanwhile health checks answer at once (the ledger threads are the ones
  // waiting on Redis), well within a 2 s deadline.
  {
    auto health = grpc::health::v1::Health::NewStub(n.channel);
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(2));
    grpc::Status s = health->Check(&context, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(response.status(),
              grpc::health::v1::HealthCheckResponse::SERVING);
  }
  for (std::thread& t : calls) t.join();
  EXPECT_EQ(with_offers.load(), kCalls);
  ASSERT_TRUE(n.process->WaitForStderrLine("circuit open", absl::Seconds(30)))
      << n.process->stderr_text();

  // Open: a call does not wait for the hung store's timeout.
  const absl::Time start = absl::Now();
  EXPECT_GT(Suggest(n, "hung-fast").offers_size(), 0);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(kRedisTimeoutMs / 2));
  const std::string metrics = Metrics(n);
  EXPECT_THAT(metrics, HasSubstr("offergraph_ledger_circuit_state 1"));
  EXPECT_THAT(metrics, HasSubstr("offergraph_ledger_healthy 0"));
  EXPECT_EQ(Health(n, "offergraph.Ledger"),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
}

}  // namespace
}  // namespace offergraph::testing
