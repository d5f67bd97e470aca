// File: metrics.h
// -----------------------------------------------------------------------------
// Every Prometheus metric offergraph exports, built once at start-up with all
// label values known in advance (methods, status codes, kinds, channels,
// reasons, outcomes), so the request path only increments cached handles.
// Labels are bounded: never a customer, session, cart or sku id.
#ifndef OFFERGRAPH_OBSERVABILITY_METRICS_H_
#define OFFERGRAPH_OBSERVABILITY_METRICS_H_

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "offergraph/engine.h"
#include "offergraph/snapshot.h"
#include "offergraph/v1/offer_service.pb.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "observability/experiment_metrics.h"
#include "util/status_codes.h"

namespace offergraph {

// The RPC methods, as the `method` label.
enum class Method {
  kSuggest = 0,
  kRecordOutcome,
  kSetCustomerState,
  kReload,
  kGetStatus,
  kGetCustomerView,
  kEraseCustomer,
  kRecordOrder,
  kGetExperimentReport,  // keep last: kMethodCount counts from it
};
inline constexpr int kMethodCount =
    static_cast<int>(Method::kGetExperimentReport) + 1;
const char* MethodName(Method method);

// The edge a call came in on, as the `transport` label: gRPC, or HTTP/JSON
// (http/http_server.h). Both run the same handlers.
enum class Transport {
  kGrpc = 0,
  kHttp,  // keep last: kTransportCount counts from it
};
inline constexpr int kTransportCount = static_cast<int>(Transport::kHttp) + 1;
const char* TransportName(Transport transport);

// Owns a prometheus::Registry and the cached metric handles.
//
// Thread safety: all Record* methods are safe to call concurrently; the
// registry is safe to collect concurrently with them.
class Metrics {
 public:
  Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }
  // Computes offergraph_snapshot_age_seconds at scrape time; register it
  // with the Exposer beside registry().
  std::shared_ptr<prometheus::Collectable> age_collectable() const {
    return age_;
  }

  // The per experiment and arm counters (experiment_metrics.h).
  ExperimentMetrics& experiments() { return *experiments_; }

  // One finished call of `method` on `transport`: its status code and
  // server-side latency.
  void RecordRequest(Method method, Transport transport, int grpc_code,
                     absl::Duration latency);

  // One Suggest decision: offers by kind and channel, suppressions by reason,
  // unknown cart skus.
  void RecordDecision(v1::Channel channel, const Decision& decision,
                      int unknown_skus);

  // One new (non-duplicate) outcome. Accepted outcomes add `price` minor
  // units of `currency` to the revenue counter.
  void RecordOutcome(v1::Outcome outcome, v1::OfferKind kind,
                     v1::Channel channel, int64_t price,
                     const std::string& currency);

  // A snapshot was published (start-up or reload).
  void RecordSnapshot(const Snapshot& snapshot);
  // A reload finished; ok = whether it was published.
  void RecordReload(bool ok);
  // The contact-history store failed and the request went on per the
  // configured mode ("open" or "closed").
  void RecordLedgerError(bool fail_open);
  // The ledger is reachable (1) or failing (0).
  void SetLedgerHealthy(bool healthy);
  // The ledger's circuit breaker: 0 closed, 1 open (calls fail fast),
  // 2 half-open (one trial call).
  void SetLedgerCircuitState(int state);

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<prometheus::Collectable> age_;
  std::shared_ptr<std::atomic<double>> loaded_at_seconds_;
  std::unique_ptr<ExperimentMetrics> experiments_;

  // [method][transport][code] and [method][transport].
  std::array<std::array<std::array<prometheus::Counter*, kStatusCodeCount>,
                        kTransportCount>,
             kMethodCount>
      requests_{};
  std::array<std::array<prometheus::Histogram*, kTransportCount>, kMethodCount>
      latency_{};
  // [kind][channel]; UNSPECIFIED rows stay null.
  std::array<std::array<prometheus::Counter*, v1::Channel_ARRAYSIZE>,
             v1::OfferKind_ARRAYSIZE>
      offers_{};
  std::array<prometheus::Counter*, kSuppressionReasonCount> suppressions_{};
  prometheus::Counter* responses_with_offers_ = nullptr;
  prometheus::Counter* responses_empty_ = nullptr;
  prometheus::Counter* unknown_skus_ = nullptr;
  // [outcome][kind][channel]; UNSPECIFIED rows stay null.
  std::array<std::array<std::array<prometheus::Counter*, v1::Channel_ARRAYSIZE>,
                        v1::OfferKind_ARRAYSIZE>,
             v1::Outcome_ARRAYSIZE>
      outcomes_{};
  prometheus::Family<prometheus::Counter>* revenue_family_ = nullptr;
  prometheus::Gauge* products_ = nullptr;
  prometheus::Gauge* cross_sell_edges_ = nullptr;
  prometheus::Gauge* upsell_edges_ = nullptr;
  prometheus::Gauge* bundles_ = nullptr;
  prometheus::Gauge* quantity_breaks_ = nullptr;
  prometheus::Gauge* promotions_ = nullptr;
  prometheus::Gauge* generation_ = nullptr;
  prometheus::Gauge* loaded_at_ = nullptr;
  prometheus::Gauge* load_duration_ = nullptr;
  prometheus::Gauge* graph_bytes_ = nullptr;
  prometheus::Gauge* catalog_bytes_ = nullptr;
  prometheus::Counter* reloads_ok_ = nullptr;
  prometheus::Counter* reloads_failed_ = nullptr;
  prometheus::Counter* ledger_errors_open_ = nullptr;
  prometheus::Counter* ledger_errors_closed_ = nullptr;
  prometheus::Gauge* last_reload_success_ = nullptr;
  prometheus::Gauge* ledger_healthy_ = nullptr;
  prometheus::Gauge* ledger_circuit_state_ = nullptr;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_OBSERVABILITY_METRICS_H_
