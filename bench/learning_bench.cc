// What the learned propensity (issue 11) costs, side by side in one run,
// with real servers on loopback and real gRPC clients (demo data unless
// --data_dir is given):
//   1. Suggest, learning on vs off: one server of each, 5-line carts,
//      sequential calls, rounds alternating between them; the median of the
//      rounds' p50 and p99, and the ratio. The learning server is first
//      taught from 2,000 outcomes, so offers carry learned propensities.
//   2. RecordOutcome/s through the server on RocksDB, learning on vs off:
//      64 calls in flight (gRPC's async API), one PRESENTED per decision,
//      each acknowledged.
//   3. What a refresh costs over a busy hour of evidence (--offers offers
//      in the current bucket): the first read of the store, and a later
//      refresh (new outcomes folded in, the model rebuilt in full); then
//      Suggest p99 while the model refreshes every 100 ms (each refresh
//      rebuilds the whole model, as with new outcomes) vs the same server
//      refreshing once an hour, --rounds rounds alternating.
// Usage: learning_bench [--rounds=5] [--calls=2000] [--outcomes=20000]
//                       [--offers=100000] [--data_dir=DIR]
//                       [--only=all|suggest|outcomes|refresh|refresh_cost]
//                       [--refresh_priority=idle|lowest|low|normal]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "learn/learner.h"
#include "ledger/ledger_factory.h"
#include "server/server.h"
#include "spdlog/spdlog.h"
#include "testing/temp_dir.h"
#include "util/thread_priority.h"

namespace offergraph {
namespace {

using Clock = std::chrono::steady_clock;
using testing::TempDir;

const char* const kCart[] = {"LAPTOP-14", "PHONE-A", "WASH-STD", "MOUSE-WL",
                             "SUB-BASIC"};

struct Flags {
  int rounds = 5;
  int calls = 2000;
  int outcomes = 20000;
  int offers = 100000;
  std::string data_dir = OFFERGRAPH_DEMO_DIR;
  // Which parts to run: "all", or one of "suggest", "outcomes", "refresh".
  std::string only = "all";
  BackgroundPriority refresh_priority = BackgroundPriority::kIdle;
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "learning_bench: %s\n", what.c_str());
  std::exit(1);
}

// A copy of the data with `learning` appended to its rules.
void CopyData(const Flags& flags, const TempDir& dir,
              const std::string& learning) {
  dir.CopyFrom(flags.data_dir, "data");
  std::ofstream rules(dir.path() + "/data/rules.textproto", std::ios::app);
  rules << "\nlearning { " << learning << " }\n";
}

std::unique_ptr<OfferLedger> OpenLedger(const std::string& store,
                                        const std::string& dir) {
  LedgerConfig config;
  config.store = store;
  config.dir = dir;
  absl::StatusOr<std::unique_ptr<OfferLedger>> ledger =
      offergraph::OpenLedger(config);
  if (!ledger.ok()) Die(std::string(ledger.status().message()));
  return *std::move(ledger);
}

struct Node {
  std::unique_ptr<Server> server;
  std::unique_ptr<v1::OfferService::Stub> stub;
  std::unique_ptr<v1::AdminService::Stub> admin;
};

Node Start(const std::string& data_dir, std::unique_ptr<OfferLedger> ledger,
           BackgroundPriority refresh_priority = BackgroundPriority::kIdle) {
  ServerOptions options;
  options.model_refresh_priority = refresh_priority;
  options.grpc_address = "127.0.0.1:0";
  options.metrics_address = "";
  options.data.data_dir = data_dir;
  options.offer.ledger_fail_open = false;
  absl::StatusOr<std::unique_ptr<Server>> server =
      Server::Start(options, std::move(ledger));
  if (!server.ok()) Die(std::string(server.status().message()));
  Node n;
  auto channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->grpc_port()),
                          grpc::InsecureChannelCredentials());
  n.stub = v1::OfferService::NewStub(channel);
  n.admin = v1::AdminService::NewStub(channel);
  n.server = *std::move(server);
  return n;
}

v1::SuggestResponse Suggest(Node& n, int customer) {
  v1::SuggestRequest r;
  r.set_channel(v1::CHECKOUT);
  r.set_customer_id(absl::StrCat("bench-", customer));
  for (const char* sku : kCart) {
    v1::CartLine* l = r.add_cart();
    l->set_sku(sku);
    l->set_quantity(1);
  }
  grpc::ClientContext context;
  v1::SuggestResponse response;
  grpc::Status s = n.stub->Suggest(&context, r, &response);
  if (!s.ok()) Die("Suggest: " + s.error_message());
  return response;
}

grpc::Status Report(Node& n, const std::string& decision,
                    const std::string& sku, v1::Outcome outcome) {
  v1::RecordOutcomeRequest r;
  r.set_decision_id(decision);
  r.set_sku(sku);
  r.set_outcome(outcome);
  grpc::ClientContext context;
  v1::RecordOutcomeResponse response;
  return n.stub->RecordOutcome(&context, r, &response);
}

double Showings(Node& n) {
  grpc::ClientContext context;
  v1::GetStatusResponse status;
  if (!n.admin->GetStatus(&context, v1::GetStatusRequest(), &status).ok()) {
    Die("GetStatus");
  }
  return status.learning().model_showings();
}

struct Latency {
  double p50 = 0;
  double p99 = 0;
};

Latency Measure(Node& n, int calls, int first_customer) {
  std::vector<double> us;
  us.reserve(calls);
  for (int i = 0; i < calls; ++i) {
    const auto t0 = Clock::now();
    Suggest(n, first_customer + i % 5000);
    us.push_back(
        std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[us.size() * 99 / 100]};
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// 1. Suggest, learning on vs off.
void SuggestOnOff(const Flags& flags) {
  TempDir on_dir, off_dir;
  CopyData(flags, on_dir, "enabled: true refresh_interval_seconds: 0.2");
  CopyData(flags, off_dir, "enabled: false");
  Node on = Start(on_dir.path() + "/data", OpenLedger("memory", ""));
  Node off = Start(off_dir.path() + "/data", OpenLedger("memory", ""));
  // Teach the learning server: 2,000 decisions, a third accepted.
  for (int i = 0; i < 2000; ++i) {
    v1::SuggestResponse r = Suggest(on, 100000 + i);
    for (int k = 0; k < r.offers_size(); ++k) {
      Report(on, r.decision_id(), r.offers(k).sku(),
             (i + k) % 3 == 0 ? v1::ACCEPTED : v1::DECLINED);
    }
  }
  // Until a model holds them (the half-life takes a hair off each).
  while (Showings(on) < 1990) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Measure(on, 500, 0);  // warm-up
  Measure(off, 500, 0);
  std::vector<double> on50, on99, off50, off99, ratios;
  for (int round = 0; round < flags.rounds; ++round) {
    Latency a = Measure(off, flags.calls, round * flags.calls);
    Latency b = Measure(on, flags.calls, round * flags.calls);
    off50.push_back(a.p50);
    off99.push_back(a.p99);
    on50.push_back(b.p50);
    on99.push_back(b.p99);
    ratios.push_back(b.p50 / a.p50);
  }
  std::printf(
      "Suggest end to end, 5-line carts, %d rounds x %d sequential calls\n"
      "  learning off: p50 %.1f us  p99 %.1f us\n"
      "  learning on:  p50 %.1f us  p99 %.1f us  (model from %.0f showings)\n"
      "  on / off p50: median of per-round ratios %.3f\n",
      flags.rounds, flags.calls, Median(off50), Median(off99), Median(on50),
      Median(on99), Showings(on), Median(ratios));
}

// 2. RecordOutcome/s on RocksDB, learning on vs off.
double OutcomeRate(Node& n, int outcomes) {
  struct Offered {
    std::string decision, sku;
  };
  std::vector<Offered> offered;
  for (int i = 0; offered.size() < static_cast<size_t>(outcomes); ++i) {
    v1::SuggestResponse r = Suggest(n, 200000 + i);
    if (r.offers_size() > 0) offered.push_back({r.decision_id(), r.offers(0).sku()});
  }
  // A completion queue with kInFlight calls outstanding: each completion
  // sends the next.
  constexpr int kInFlight = 64;
  struct Call {
    grpc::ClientContext context;
    v1::RecordOutcomeResponse response;
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<v1::RecordOutcomeResponse>>
        reader;
  };
  grpc::CompletionQueue cq;
  int next = 0, done = 0, errors_seen = 0;
  auto send = [&] {
    const int i = next++;
    v1::RecordOutcomeRequest request;
    request.set_decision_id(offered[i].decision);
    request.set_sku(offered[i].sku);
    request.set_outcome(v1::PRESENTED);
    auto* call = new Call;
    call->reader = n.stub->AsyncRecordOutcome(&call->context, request, &cq);
    call->reader->Finish(&call->response, &call->status, call);
  };
  const auto start = Clock::now();
  for (int k = 0; k < kInFlight && next < outcomes; ++k) send();
  void* tag = nullptr;
  bool ok = false;
  while (done < outcomes && cq.Next(&tag, &ok)) {
    std::unique_ptr<Call> call(static_cast<Call*>(tag));
    if (!ok || !call->status.ok()) ++errors_seen;
    ++done;
    if (next < outcomes) send();
  }
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  const double s =
      std::chrono::duration<double>(Clock::now() - start).count();
  if (errors_seen > 0) Die(absl::StrCat(errors_seen, " outcome errors"));
  return outcomes / s;
}

void OutcomesOnOff(const Flags& flags) {
  std::vector<double> on, off;
  for (int round = 0; round < 3; ++round) {
    for (bool learning : {false, true}) {
      TempDir dir;
      CopyData(flags, dir, learning ? "enabled: true" : "enabled: false");
      Node n = Start(dir.path() + "/data",
                     OpenLedger("rocksdb", dir.path() + "/ledger"));
      (learning ? on : off).push_back(OutcomeRate(n, flags.outcomes));
    }
  }
  std::printf(
      "RecordOutcome through the server on RocksDB, 64 in flight, %d "
      "outcomes, 3 rounds\n"
      "  learning off: %.0f/s\n  learning on:  %.0f/s\n",
      flags.outcomes, Median(off), Median(on));
}

// 3. Suggest p99 while refreshing over a busy hour of evidence.
void Seed(const std::string& ledger_dir, int offers) {
  std::unique_ptr<OfferLedger> ledger = OpenLedger("rocksdb", ledger_dir);
  std::vector<EvidenceCounter> counters;
  for (int i = 0; i < offers; ++i) {
    const std::string cell = absl::StrCat("o:1:1:SYN-", i);
    counters.push_back({"p:" + cell, 20 + i % 50});
    counters.push_back({"a:" + cell, i % 7});
    counters.push_back({"e:" + cell, 1'000'000});
  }
  const absl::Status s = ledger->evidence_store()->Add(
      EvidenceBucketOf(absl::Now()), counters);
  if (!s.ok()) Die(std::string(s.message()));
}

// The refresh's own cost on this thread, a Learner::Build over the current
// hour's --offers offers: the first reads the store (as at start-up and
// once a day), the later ones each fold in 100 new outcomes (RocksDB is
// single-process: they are not read back) and rebuild the model.
struct RefreshCost {
  double first_ms = 0;
  double later_ms = 0;  // median of 9
};

RefreshCost RefreshMillis(const std::string& ledger_dir) {
  std::unique_ptr<OfferLedger> ledger = OpenLedger("rocksdb", ledger_dir);
  Learner learner(absl::Now(), ledger->evidence_store());
  std::vector<double> ms;
  for (int i = 0; i < 10; ++i) {
    for (int j = 0; j < 100 && i > 0; ++j) {
      OutcomeEvidence outcome;
      outcome.channel = v1::CHECKOUT;
      outcome.kind = v1::CROSS_SELL;
      outcome.sku = absl::StrCat("SYN-", (i * 100 + j) * 7 % 100000);
      outcome.outcome = j % 5 == 0 ? v1::ACCEPTED : v1::PRESENTED;
      learner.Observe(outcome, absl::Now());
    }
    const auto t0 = Clock::now();
    PropensityModelPtr model = learner.Build(LearningParams(), absl::Now());
    ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  RefreshCost cost;
  cost.first_ms = ms[0];
  cost.later_ms = Median(std::vector<double>(ms.begin() + 1, ms.end()));
  return cost;
}

void RefreshStall(const Flags& flags) {
  {
    TempDir dir;
    Seed(dir.path() + "/ledger", flags.offers);
    const RefreshCost cost = RefreshMillis(dir.path() + "/ledger");
    std::printf("a refresh over %d offers of evidence, on this thread:\n"
                "  first (reads the store): %.1f ms\n"
                "  later (100 new outcomes each, median of 9): %.1f ms\n",
                flags.offers, cost.first_ms, cost.later_ms);
  }
  if (flags.only == "refresh_cost") return;
  std::vector<double> busy50, busy99, idle50, idle99;
  for (int round = 0; round < flags.rounds; ++round) {
    for (bool refreshing : {false, true}) {
      TempDir dir;
      CopyData(flags, dir,
               refreshing ? "refresh_interval_seconds: 0.1"
                          : "refresh_interval_seconds: 3600");
      Seed(dir.path() + "/ledger", flags.offers);
      Node n = Start(dir.path() + "/data",
                     OpenLedger("rocksdb", dir.path() + "/ledger"),
                     flags.refresh_priority);
      Measure(n, 300, 0);
      Latency l = Measure(n, flags.calls, 0);
      (refreshing ? busy50 : idle50).push_back(l.p50);
      (refreshing ? busy99 : idle99).push_back(l.p99);
    }
  }
  std::printf(
      "Suggest while the model refreshes every 100 ms over %d offers of "
      "evidence in the current hour (RocksDB), %d rounds x %d calls\n"
      "  refreshing once an hour: p50 %.1f us  p99 %.1f us\n"
      "  refreshing every 100 ms: p50 %.1f us  p99 %.1f us\n"
      "  p99 ratio: %.2f\n",
      flags.offers, flags.rounds, flags.calls, Median(idle50), Median(idle99),
      Median(busy50), Median(busy99), Median(busy99) / Median(idle99));
}

}  // namespace
}  // namespace offergraph

int main(int argc, char** argv) {
  offergraph::Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      const size_t n = std::strlen(name);
      return a.compare(0, n, name) == 0 ? argv[i] + n : nullptr;
    };
    if (const char* v = value("--rounds=")) flags.rounds = std::atoi(v);
    else if (const char* v = value("--calls=")) flags.calls = std::atoi(v);
    else if (const char* v = value("--outcomes=")) flags.outcomes = std::atoi(v);
    else if (const char* v = value("--offers=")) flags.offers = std::atoi(v);
    else if (const char* v = value("--data_dir=")) flags.data_dir = v;
    else if (const char* v = value("--only=")) flags.only = v;
    else if (const char* v = value("--refresh_priority=")) {
      if (!ParseBackgroundPriority(v, &flags.refresh_priority)) {
        std::fprintf(stderr, "learning_bench: --refresh_priority=%s\n", v);
        return 2;
      }
    } else {
      std::fprintf(stderr,
                   "usage: learning_bench [--rounds=5] [--calls=2000] "
                   "[--outcomes=20000] [--offers=100000] [--data_dir=DIR]\n"
                   "                      [--only=all|suggest|outcomes|refresh|refresh_cost]\n"
                   "                      [--refresh_priority=idle|lowest|low|normal]\n");
      return a == "--help" ? 0 : 2;
    }
  }
  if (flags.rounds < 1 || flags.calls < 100 || flags.outcomes < 100 ||
      flags.offers < 0) {
    std::fprintf(stderr, "learning_bench: numbers out of range\n");
    return 2;
  }
  spdlog::set_level(spdlog::level::warn);  // the servers' start-up lines
  const std::string& only = flags.only;
  if (only == "all" || only == "suggest") offergraph::SuggestOnOff(flags);
  if (only == "all" || only == "outcomes") offergraph::OutcomesOnOff(flags);
  if (only == "all" || only == "refresh" || only == "refresh_cost") {
    offergraph::RefreshStall(flags);
  }
  return 0;
}
