// The ledger stores side by side in one run (memory, RocksDB, Redis on
// loopback):
//   * RecordOutcome throughput: 2 writer threads, one outcome per call, each
//     acknowledged by the store before the next;
//   * Suggest latency: a real server on loopback with that store, a real
//     gRPC client, sequential calls by a pool of customers (so histories are
//     read and decisions written), median and p99, and the median's ratio to
//     the in-memory store.
// Usage: ledger_bench [--outcomes=N] [--calls=N]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "ledger/ledger_factory.h"
#include "server/server.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace offergraph {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<OfferLedger> Open(const std::string& store,
                                  const std::string& dir, int redis_port) {
  LedgerConfig config;
  config.store = store;
  config.dir = dir;
  config.redis_address = absl::StrCat("127.0.0.1:", redis_port);
  absl::StatusOr<std::unique_ptr<OfferLedger>> ledger = OpenLedger(config);
  if (!ledger.ok()) {
    std::fprintf(stderr, "%s: %s\n", store.c_str(),
                 std::string(ledger.status().message()).c_str());
    std::exit(1);
  }
  return *std::move(ledger);
}

double OutcomesPerSecond(OfferLedger& ledger, int outcomes) {
  const absl::Time t0 = absl::Now();
  std::vector<std::string> ids(outcomes);
  for (int i = 0; i < outcomes; ++i) {
    ids[i] = absl::StrCat("bench-d", i);
    DecisionRecord d;
    d.decision_id = ids[i];
    d.customer_id = absl::StrCat("bench-c", i % 5000);
    d.contact_key = "c:" + d.customer_id;
    d.channel = v1::CHECKOUT;
    d.time = t0;
    d.offers.push_back({"WAX-ADDON", v1::CROSS_SELL, 600, "USD"});
    if (!ledger.RecordDecision(d).ok()) std::exit(1);
  }
  std::atomic<int> next{0}, errors{0};
  const auto start = Clock::now();
  std::vector<std::thread> writers;
  for (int t = 0; t < 2; ++t) {
    writers.emplace_back([&] {
      for (int i; (i = next.fetch_add(1)) < outcomes;) {
        OutcomeRecord o;
        o.decision_id = ids[i];
        o.sku = "WAX-ADDON";
        o.outcome = v1::PRESENTED;
        o.time = t0;
        if (!ledger.RecordOutcome(o).ok()) errors.fetch_add(1);
      }
    });
  }
  for (auto& w : writers) w.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (errors.load() > 0) std::fprintf(stderr, "%d outcome errors\n", errors.load());
  return outcomes / seconds;
}

struct Latency {
  double p50 = 0, p99 = 0;
};

Latency SuggestLatency(std::unique_ptr<OfferLedger> ledger, int calls) {
  ServerOptions options;
  options.grpc_address = "127.0.0.1:0";
  options.metrics_address = "";
  options.data.data_dir = OFFERGRAPH_DEMO_DIR;
  options.offer.ledger_fail_open = false;  // a failing store would show
  auto server = Server::Start(options, std::move(ledger));
  if (!server.ok()) std::exit(1);
  auto stub = v1::OfferService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", (*server)->grpc_port()),
      grpc::InsecureChannelCredentials()));
  std::vector<double> us;
  for (int i = -500; i < calls; ++i) {
    v1::SuggestRequest r;
    r.set_channel(v1::CHECKOUT);
    r.set_customer_id(absl::StrCat("lat-", (i + 500) % 1000));
    for (const char* sku : {"LAPTOP-14", "PHONE-A", "WASH-STD", "MOUSE-WL", "SUB-BASIC"}) {
      v1::CartLine* l = r.add_cart();
      l->set_sku(sku);
      l->set_quantity(1);
    }
    grpc::ClientContext context;
    v1::SuggestResponse response;
    const auto t0 = Clock::now();
    grpc::Status s = stub->Suggest(&context, r, &response);
    const auto t1 = Clock::now();
    if (!s.ok() || response.suppression() == v1::HISTORY_UNAVAILABLE) std::exit(1);
    if (i >= 0) us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[us.size() * 99 / 100]};
}

}  // namespace
}  // namespace offergraph

int main(int argc, char** argv) {
  int outcomes = 40000, calls = 5000;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--outcomes=", 11) == 0) outcomes = std::atoi(argv[i] + 11);
    if (std::strncmp(argv[i], "--calls=", 8) == 0) calls = std::atoi(argv[i] + 8);
  }
  using offergraph::testing::Subprocess;
  const int port = offergraph::testing::PickFreePort();
  Subprocess redis({"/usr/bin/redis-server", "--port", std::to_string(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no"});
  if (!redis.WaitForStdoutLine("Ready to accept connections", absl::Seconds(30))) {
    std::fprintf(stderr, "redis-server did not start\n");
    return 1;
  }
  offergraph::testing::TempDir dir;
  std::printf("store     RecordOutcome/s   Suggest p50 us   p99 us   p50 vs memory\n");
  double memory_p50 = 0;
  int n = 0;
  for (const char* store : {"memory", "rocksdb", "redis"}) {
    const std::string sub = dir.path() + "/" + store;
    double rate = offergraph::OutcomesPerSecond(
        *offergraph::Open(store, sub + "-throughput", port), outcomes);
    offergraph::Latency lat = offergraph::SuggestLatency(
        offergraph::Open(store, sub + "-latency", port), calls);
    if (n++ == 0) memory_p50 = lat.p50;
    std::printf("%-8s  %15.0f   %14.1f   %6.1f   %+12.1f%%\n", store, rate, lat.p50,
                lat.p99, 100.0 * (lat.p50 / memory_p50 - 1));
  }
  return 0;
}
