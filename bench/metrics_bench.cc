// The request path's metrics under contention: what one RecordRequest (a
// counter and the latency histogram) and one RecordDecision cost with 1 and
// 2 threads recording at once, next to a bare prometheus-cpp Histogram (which
// takes a std::mutex per Observe) for comparison.
// Usage: metrics_bench [google benchmark flags]
#include "benchmark/benchmark.h"
#include "observability/metrics.h"
#include "prometheus/histogram.h"

namespace offergraph {
namespace {

Metrics& SharedMetrics() {
  static Metrics* metrics = new Metrics();
  return *metrics;
}

void BM_PrometheusHistogramObserve(benchmark::State& state) {
  static prometheus::Histogram* histogram = new prometheus::Histogram(
      {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
       0.005, 0.01, 0.025, 0.1, 1.0});
  double v = 0.00003;
  for (auto _ : state) {
    histogram->Observe(v);
    v += 1e-9;
  }
}
BENCHMARK(BM_PrometheusHistogramObserve)->Threads(1)->Threads(2)->UseRealTime();

void BM_RecordRequest(benchmark::State& state) {
  Metrics& m = SharedMetrics();
  absl::Duration d = absl::Microseconds(30);
  for (auto _ : state) {
    m.RecordRequest(Method::kSuggest, Transport::kGrpc, 0, d);
    d += absl::Nanoseconds(1);
  }
}
BENCHMARK(BM_RecordRequest)->Threads(1)->Threads(2)->UseRealTime();

void BM_RecordDecision(benchmark::State& state) {
  Metrics& m = SharedMetrics();
  Decision decision;
  decision.offers.resize(3);
  decision.offers[0].kind = v1::CROSS_SELL;
  decision.offers[1].kind = v1::CROSS_SELL;
  decision.offers[2].kind = v1::UPSELL;
  decision.suppression_counts[v1::LOW_RELEVANCE] = 4;
  decision.suppression_counts[v1::OFFER_LIMIT] = 6;
  for (auto _ : state) m.RecordDecision(v1::CHECKOUT, decision, 0);
}
BENCHMARK(BM_RecordDecision)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace
}  // namespace offergraph

BENCHMARK_MAIN();
