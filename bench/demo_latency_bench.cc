// Suggest latency on the demo data, two ways in one run:
//   * the engine alone (Decide), with Google Benchmark;
//   * end to end: a real gRPC client calling a real server on loopback, one
//     call at a time, reporting p50 / p90 / p99 / p99.9.
// Usage: demo_latency_bench [--calls=N] [google benchmark flags]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "grpcpp/grpcpp.h"
#include "ledger/memory_ledger.h"
#include "offergraph/engine.h"
#include "offergraph/snapshot_loader.h"
#include "server/server.h"
#include "service/suggest_convert.h"

namespace offergraph {
namespace {

// Carts from the demo catalog: 1 and 3 lines, with and without a customer.
std::vector<v1::SuggestRequest> Carts() {
  std::vector<v1::SuggestRequest> carts;
  const std::vector<std::vector<const char*>> lines = {
      {"LAPTOP-14"},
      {"PHONE-A", "WASH-STD", "MOUSE-WL"},
      {"LAPTOP-14-PRO", "PHONE-A-PLUS", "SUB-BASIC"},
      {"WASH-STD"}};
  for (size_t i = 0; i < lines.size(); ++i) {
    v1::SuggestRequest r;
    r.set_channel(v1::CHECKOUT);
    if (i % 2) r.set_customer_id(absl::StrCat("bench-", i));
    for (const char* sku : lines[i]) {
      v1::CartLine* l = r.add_cart();
      l->set_sku(sku);
      l->set_quantity(1);
    }
    carts.push_back(r);
  }
  return carts;
}

SnapshotPtr Demo() {
  static SnapshotPtr s = *LoadSnapshot({OFFERGRAPH_DEMO_DIR, ""}, 1);
  return s;
}

void BM_Decide(benchmark::State& state) {
  SnapshotPtr s = Demo();
  std::vector<DecisionInput> inputs;
  for (const auto& r : Carts()) inputs.push_back(ConvertSuggestRequest(r, *s)->input);
  const ContactHistory empty;
  const absl::Time now = absl::Now();
  size_t i = 0;
  for (auto _ : state) {
    Decision d = Decide(*s, inputs[i++ % inputs.size()], empty, now);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_Decide);

double Percentile(std::vector<double>& v, double p) {
  size_t k = static_cast<size_t>(p * (v.size() - 1));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

void EndToEnd(int calls) {
  ServerOptions options;
  options.grpc_address = "127.0.0.1:0";
  options.metrics_address = "";
  options.data.data_dir = OFFERGRAPH_DEMO_DIR;
  auto server = Server::Start(options, NewMemoryLedger(LedgerOptions()));
  if (!server.ok()) {
    std::fprintf(stderr, "server: %s\n", std::string(server.status().message()).c_str());
    return;
  }
  auto stub = v1::OfferService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", (*server)->grpc_port()),
      grpc::InsecureChannelCredentials()));
  const auto carts = Carts();
  std::vector<double> us;
  us.reserve(calls);
  int errors = 0;
  for (int i = -1000; i < calls; ++i) {  // 1000 warm-up calls
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    v1::SuggestResponse response;
    const auto t0 = std::chrono::steady_clock::now();
    grpc::Status s = stub->Suggest(&context, carts[(i + 1000) % carts.size()], &response);
    const auto t1 = std::chrono::steady_clock::now();
    if (!s.ok()) ++errors;
    if (i >= 0) us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::printf(
      "end-to-end Suggest over loopback gRPC, %d sequential calls, demo data:\n"
      "  p50 %.1f us  p90 %.1f us  p99 %.1f us  p99.9 %.1f us  errors %d\n",
      calls, Percentile(us, 0.50), Percentile(us, 0.90), Percentile(us, 0.99),
      Percentile(us, 0.999), errors);
}

}  // namespace
}  // namespace offergraph

int main(int argc, char** argv) {
  int calls = 20000;
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--calls=", 8) == 0) {
      calls = std::atoi(argv[i] + 8);
    } else {
      rest.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  offergraph::EndToEnd(calls);
  return 0;
}
