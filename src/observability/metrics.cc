#include "observability/metrics.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "prometheus/metric_family.h"

namespace offergraph {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

// Exports offergraph_snapshot_age_seconds computed when scraped.
class SnapshotAgeCollectable : public prometheus::Collectable {
 public:
  explicit SnapshotAgeCollectable(std::shared_ptr<std::atomic<double>> at)
      : loaded_at_seconds_(std::move(at)) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    prometheus::MetricFamily family;
    family.name = "offergraph_snapshot_age_seconds";
    family.help = "Seconds since the serving snapshot was loaded.";
    family.type = prometheus::MetricType::Gauge;
    double at = loaded_at_seconds_->load(std::memory_order_relaxed);
    if (at > 0) {
      prometheus::ClientMetric metric;
      metric.gauge.value =
          absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch()) - at;
      family.metric.push_back(std::move(metric));
    }
    return {std::move(family)};
  }

 private:
  std::shared_ptr<std::atomic<double>> loaded_at_seconds_;
};

}  // namespace

const char* MethodName(Method method) {
  switch (method) {
    case Method::kSuggest:
      return "Suggest";
    case Method::kRecordOutcome:
      return "RecordOutcome";
    case Method::kSetCustomerState:
      return "SetCustomerState";
    case Method::kReload:
      return "Reload";
    case Method::kGetStatus:
      return "GetStatus";
    case Method::kGetCustomerView:
      return "GetCustomerView";
    case Method::kEraseCustomer:
      return "EraseCustomer";
    case Method::kRecordOrder:
      return "RecordOrder";
    case Method::kGetExperimentReport:
      return "GetExperimentReport";
  }
  return "unknown";
}

const char* TransportName(Transport transport) {
  switch (transport) {
    case Transport::kGrpc:
      return "grpc";
    case Transport::kHttp:
      return "http";
  }
  return "unknown";
}

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      loaded_at_seconds_(std::make_shared<std::atomic<double>>(0.0)) {
  age_ = std::make_shared<SnapshotAgeCollectable>(loaded_at_seconds_);
  experiments_ = std::make_unique<ExperimentMetrics>(*registry_);

  auto& requests = BuildCounter()
                       .Name("offergraph_requests_total")
                       .Help(
                           "RPCs handled, by method, transport (grpc, "
                           "http) and gRPC status code.")
                       .Register(*registry_);
  auto& latency = BuildHistogram()
                      .Name("offergraph_request_duration_seconds")
                      .Help(
                          "Server-side RPC latency in seconds, by method "
                          "and transport (grpc, http).")
                      .Register(*registry_);
  const prometheus::Histogram::BucketBoundaries buckets = {
      0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001,
      0.0025,  0.005,    0.01,    0.025,  0.1,     1.0};
  for (int m = 0; m < kMethodCount; ++m) {
    const std::string method = MethodName(static_cast<Method>(m));
    for (int t = 0; t < kTransportCount; ++t) {
      const std::string transport = TransportName(static_cast<Transport>(t));
      for (int c = 0; c < kStatusCodeCount; ++c) {
        requests_[m][t][c] = &requests.Add({{"method", method},
                                            {"transport", transport},
                                            {"code", StatusCodeName(c)}});
      }
      latency_[m][t] =
          &latency.Add({{"method", method}, {"transport", transport}}, buckets);
    }
  }

  auto& offers = BuildCounter()
                     .Name("offergraph_offers_total")
                     .Help("Offers returned by Suggest, by kind and channel.")
                     .Register(*registry_);
  auto& outcomes =
      BuildCounter()
          .Name("offergraph_outcomes_total")
          .Help(
              "Outcomes recorded (duplicates excluded), by outcome, offer "
              "kind and channel.")
          .Register(*registry_);
  for (int k = v1::CROSS_SELL; k < v1::OfferKind_ARRAYSIZE; ++k) {
    const std::string kind = Lower(v1::OfferKind_Name(k));
    for (int ch = v1::CHECKOUT; ch < v1::Channel_ARRAYSIZE; ++ch) {
      const std::string channel = Lower(v1::Channel_Name(ch));
      offers_[k][ch] = &offers.Add({{"kind", kind}, {"channel", channel}});
      for (int o = v1::PRESENTED; o < v1::Outcome_ARRAYSIZE; ++o) {
        outcomes_[o][k][ch] =
            &outcomes.Add({{"outcome", Lower(v1::Outcome_Name(o))},
                           {"kind", kind},
                           {"channel", channel}});
      }
    }
  }

  auto& suppressions =
      BuildCounter()
          .Name("offergraph_suppressions_total")
          .Help(
              "Candidate offers suppressed by the rule layer, by reason. A "
              "whole suppressed response with no candidates counts once.")
          .Register(*registry_);
  for (int r = 1; r < kSuppressionReasonCount; ++r) {
    suppressions_[r] =
        &suppressions.Add({{"reason", Lower(v1::SuppressionReason_Name(r))}});
  }

  auto& responses = BuildCounter()
                        .Name("offergraph_suggest_responses_total")
                        .Help(
                            "Successful Suggest responses, by whether they "
                            "carried at least one offer.")
                        .Register(*registry_);
  responses_with_offers_ = &responses.Add({{"result", "offers"}});
  responses_empty_ = &responses.Add({{"result", "empty"}});

  unknown_skus_ = &BuildCounter()
                       .Name("offergraph_unknown_cart_skus_total")
                       .Help(
                           "Cart lines whose sku is not in the catalog "
                           "(ignored).")
                       .Register(*registry_)
                       .Add({});

  revenue_family_ =
      &BuildCounter()
           .Name("offergraph_accepted_revenue_minor_units_total")
           .Help(
               "Price of accepted offers in currency minor units (cents), "
               "by ISO 4217 currency.")
           .Register(*registry_);

  auto& products = BuildGauge()
                       .Name("offergraph_snapshot_products")
                       .Help("Products in the serving snapshot.")
                       .Register(*registry_);
  products_ = &products.Add({});
  auto& edges = BuildGauge()
                    .Name("offergraph_snapshot_edges")
                    .Help("Edges in the serving snapshot, by kind.")
                    .Register(*registry_);
  cross_sell_edges_ = &edges.Add({{"kind", "cross_sell"}});
  upsell_edges_ = &edges.Add({{"kind", "upsell"}});
  auto& deals = BuildGauge()
                    .Name("offergraph_snapshot_deals")
                    .Help(
                        "Bundles, quantity-break rows and promotions in the "
                        "serving snapshot, by kind.")
                    .Register(*registry_);
  bundles_ = &deals.Add({{"kind", "bundle"}});
  quantity_breaks_ = &deals.Add({{"kind", "quantity_break"}});
  promotions_ = &deals.Add({{"kind", "promotion"}});
  generation_ = &BuildGauge()
                     .Name("offergraph_snapshot_generation")
                     .Help(
                         "Snapshots loaded by this process (1 after "
                         "start-up, +1 per successful reload).")
                     .Register(*registry_)
                     .Add({});
  loaded_at_ = &BuildGauge()
                    .Name("offergraph_snapshot_loaded_timestamp_seconds")
                    .Help("When the serving snapshot was loaded, Unix time.")
                    .Register(*registry_)
                    .Add({});
  load_duration_ = &BuildGauge()
                        .Name("offergraph_snapshot_load_duration_seconds")
                        .Help("How long loading the serving snapshot took.")
                        .Register(*registry_)
                        .Add({});
  graph_bytes_ = &BuildGauge()
                      .Name("offergraph_snapshot_graph_bytes")
                      .Help("Heap bytes held by the serving offer graph.")
                      .Register(*registry_)
                      .Add({});
  catalog_bytes_ =
      &BuildGauge()
           .Name("offergraph_snapshot_catalog_bytes")
           .Help(
               "Heap bytes held by the serving catalog (rows, strings, "
               "facts column, sku index).")
           .Register(*registry_)
           .Add({});
  auto& reloads = BuildCounter()
                      .Name("offergraph_reloads_total")
                      .Help(
                          "Snapshot reloads (Reload RPC or SIGHUP), by "
                          "result.")
                      .Register(*registry_);
  reloads_ok_ = &reloads.Add({{"result", "ok"}});
  reloads_failed_ = &reloads.Add({{"result", "error"}});
  last_reload_success_ =
      &BuildGauge()
           .Name("offergraph_last_reload_success")
           .Help(
               "1 if the last reload succeeded (or none failed yet), 0 if "
               "it failed and an older snapshot is serving.")
           .Register(*registry_)
           .Add({});
  last_reload_success_->Set(1);
  auto& ledger_errors =
      BuildCounter()
          .Name("offergraph_ledger_errors_total")
          .Help(
              "Contact-history store errors on Suggest, by the mode the "
              "request fell back to (open: served without history; "
              "closed: suppressed all offers).")
          .Register(*registry_);
  ledger_errors_open_ = &ledger_errors.Add({{"mode", "open"}});
  ledger_healthy_ = &BuildGauge()
                         .Name("offergraph_ledger_healthy")
                         .Help(
                             "1 while the contact-history store answers, 0 "
                             "after a failed call until one succeeds.")
                         .Register(*registry_)
                         .Add({});
  ledger_healthy_->Set(1);
  ledger_circuit_state_ =
      &BuildGauge()
           .Name("offergraph_ledger_circuit_state")
           .Help(
               "The contact-history store's circuit breaker: 0 closed, 1 "
               "open (ledger calls fail fast without waiting for the store), "
               "2 half-open (one trial call).")
           .Register(*registry_)
           .Add({});
  ledger_errors_closed_ = &ledger_errors.Add({{"mode", "closed"}});
}

void Metrics::RecordRequest(Method method, Transport transport, int grpc_code,
                            absl::Duration latency) {
  const int m = static_cast<int>(method);
  const int t = static_cast<int>(transport);
  if (grpc_code < 0 || grpc_code >= kStatusCodeCount) {
    grpc_code = static_cast<int>(absl::StatusCode::kUnknown);
  }
  requests_[m][t][grpc_code]->Increment();
  latency_[m][t]->Observe(absl::ToDoubleSeconds(latency));
}

void Metrics::RecordDecision(v1::Channel channel, const Decision& decision,
                             int unknown_skus) {
  const bool known_channel =
      channel > v1::CHANNEL_UNSPECIFIED && channel < v1::Channel_ARRAYSIZE;
  for (const RankedOffer& offer : decision.offers) {
    if (known_channel && offer.kind > v1::OFFER_KIND_UNSPECIFIED &&
        offer.kind < v1::OfferKind_ARRAYSIZE) {
      offers_[offer.kind][channel]->Increment();
    }
  }
  for (int r = 1; r < kSuppressionReasonCount; ++r) {
    if (decision.suppression_counts[r] > 0) {
      suppressions_[r]->Increment(decision.suppression_counts[r]);
    }
  }
  (decision.offers.empty() ? responses_empty_ : responses_with_offers_)
      ->Increment();
  if (unknown_skus > 0) unknown_skus_->Increment(unknown_skus);
}

void Metrics::RecordOutcome(v1::Outcome outcome, v1::OfferKind kind,
                            v1::Channel channel, int64_t price,
                            const std::string& currency) {
  if (outcome <= v1::OUTCOME_UNSPECIFIED || outcome >= v1::Outcome_ARRAYSIZE ||
      kind <= v1::OFFER_KIND_UNSPECIFIED || kind >= v1::OfferKind_ARRAYSIZE ||
      channel <= v1::CHANNEL_UNSPECIFIED || channel >= v1::Channel_ARRAYSIZE) {
    return;
  }
  outcomes_[outcome][kind][channel]->Increment();
  if (outcome == v1::ACCEPTED && price > 0 && !currency.empty()) {
    revenue_family_->Add({{"currency", currency}})
        .Increment(static_cast<double>(price));
  }
}

void Metrics::RecordSnapshot(const Snapshot& snapshot) {
  products_->Set(static_cast<double>(snapshot.catalog.size()));
  cross_sell_edges_->Set(
      static_cast<double>(snapshot.graph.edge_count(EdgeKind::kCrossSell)));
  upsell_edges_->Set(
      static_cast<double>(snapshot.graph.edge_count(EdgeKind::kUpsell)));
  bundles_->Set(static_cast<double>(snapshot.deals.bundles().size()));
  quantity_breaks_->Set(
      static_cast<double>(snapshot.deals.quantity_break_count()));
  promotions_->Set(static_cast<double>(snapshot.deals.promotions().size()));
  generation_->Set(static_cast<double>(snapshot.generation));
  double at = absl::ToDoubleSeconds(snapshot.loaded_at - absl::UnixEpoch());
  loaded_at_->Set(at);
  loaded_at_seconds_->store(at, std::memory_order_relaxed);
  load_duration_->Set(absl::ToDoubleSeconds(snapshot.load_duration));
  graph_bytes_->Set(static_cast<double>(snapshot.graph.MemoryBytes()));
  catalog_bytes_->Set(static_cast<double>(snapshot.catalog.MemoryBytes()));
  // Expected shares, so a dashboard can set observed shares beside them.
  for (const Experiment& e : snapshot.experiments.experiments()) {
    for (const ExperimentArm& arm : e.arms) {
      experiments_->SetExpectedShare(e.name, arm.name, arm.realised_share);
    }
  }
}

void Metrics::RecordReload(bool ok) {
  (ok ? reloads_ok_ : reloads_failed_)->Increment();
  last_reload_success_->Set(ok ? 1 : 0);
}

void Metrics::SetLedgerHealthy(bool healthy) {
  ledger_healthy_->Set(healthy ? 1 : 0);
}

void Metrics::SetLedgerCircuitState(int state) {
  ledger_circuit_state_->Set(state);
}

void Metrics::RecordLedgerError(bool fail_open) {
  (fail_open ? ledger_errors_open_ : ledger_errors_closed_)->Increment();
}

}  // namespace offergraph
