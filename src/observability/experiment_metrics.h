// File: experiment_metrics.h
// -----------------------------------------------------------------------------
// Per experiment and arm counters (README "Measuring uplift", "Metrics"):
//   offergraph_experiment_decisions_total{experiment,arm}
//   offergraph_experiment_ghost_decisions_total{experiment,arm}
//   offergraph_experiment_orders_total{experiment,arm}
//   offergraph_experiment_order_revenue_total{experiment,arm,currency}
//       (base units: dollars, not cents)
//   offergraph_experiment_arm_expected_share{experiment,arm}
//   offergraph_experiment_srm_p_value{experiment}
//   offergraph_experiment_srm_computed_timestamp_seconds{experiment}
//       (set by each report: GetExperimentReport and the server's
//       background check, service/srm_monitor.h; Unix seconds)
//
// Label values come from rules.textproto (validated names, at most 16
// experiments x 8 arms) plus "holdout"; never a customer or session id.
// Series are created on first use and kept; past kMaxSeries (experiment, arm)
// pairs over the process's life (reloads renaming arms), further ones count
// under experiment="other", arm="other", and currencies past kMaxCurrencies
// under currency="other", and experiments of the sample-ratio gauges past
// kMaxSrmExperiments under experiment="other".
//
// Thread safety: every method is safe to call concurrently (one mutex around
// the look-up of a pair's cached handles).
#ifndef OFFERGRAPH_OBSERVABILITY_EXPERIMENT_METRICS_H_
#define OFFERGRAPH_OBSERVABILITY_EXPERIMENT_METRICS_H_

#include <cstdint>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "util/mutex.h"

namespace offergraph {

class ExperimentMetrics {
 public:
  // (16 experiments x 8 arms) + the holdout's two sides, twice over for
  // reloads that rename.
  static constexpr size_t kMaxSeries = 2 * (16 * 8 + 2);
  static constexpr size_t kMaxCurrencies = 8;
  // 16 experiments and the holdout, twice over for reloads that rename.
  static constexpr size_t kMaxSrmExperiments = 2 * (16 + 1);

  // Registers the families in `registry`, which must outlive this.
  explicit ExperimentMetrics(prometheus::Registry& registry);
  ExperimentMetrics(const ExperimentMetrics&) = delete;
  ExperimentMetrics& operator=(const ExperimentMetrics&) = delete;

  // One decision of a unit in (experiment, arm); ghost: not shown.
  void RecordDecision(absl::string_view experiment, absl::string_view arm,
                      bool ghost) ABSL_LOCKS_EXCLUDED(mu_);
  // One new order of `total` minor units of `currency`.
  void RecordOrder(absl::string_view experiment, absl::string_view arm,
                   int64_t total, absl::string_view currency)
      ABSL_LOCKS_EXCLUDED(mu_);
  // The arm's expected share of units (ExperimentArm::realised_share).
  void SetExpectedShare(absl::string_view experiment, absl::string_view arm,
                        double share) ABSL_LOCKS_EXCLUDED(mu_);
  // The sample-ratio test's p-value of the experiment's last report, and
  // when that report was computed.
  void SetSampleRatio(absl::string_view experiment, double p_value,
                      absl::Time computed) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  struct Series {
    std::string experiment;  // the label values (maybe "other")
    std::string arm;
    prometheus::Counter* decisions = nullptr;
    prometheus::Counter* ghost_decisions = nullptr;
    prometheus::Counter* orders = nullptr;
    prometheus::Gauge* expected_share = nullptr;
  };
  // Valid until the next SeriesFor (the map may grow): read it under mu_.
  const Series& SeriesFor(absl::string_view experiment, absl::string_view arm)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  prometheus::Family<prometheus::Counter>& decisions_;
  prometheus::Family<prometheus::Counter>& ghost_decisions_;
  prometheus::Family<prometheus::Counter>& orders_;
  prometheus::Family<prometheus::Counter>& revenue_;
  prometheus::Family<prometheus::Gauge>& expected_share_;
  prometheus::Family<prometheus::Gauge>& srm_p_value_;
  prometheus::Family<prometheus::Gauge>& srm_computed_;
  Mutex mu_;
  absl::flat_hash_map<std::pair<std::string, std::string>, Series> series_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> currencies_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> srm_experiments_ ABSL_GUARDED_BY(mu_);
};

}  // namespace offergraph

#endif  // OFFERGRAPH_OBSERVABILITY_EXPERIMENT_METRICS_H_
