#include "observability/experiment_metrics.h"

#include <cmath>
#include <map>

#include "util/money.h"

namespace offergraph {
namespace {

// `value`, or "other" once `seen` holds `cap` other values.
std::string CappedLabel(absl::string_view value, size_t cap,
                        absl::flat_hash_set<std::string>* seen) {
  std::string label(value);
  if (seen->contains(label)) return label;
  if (seen->size() >= cap) return "other";
  seen->insert(label);
  return label;
}

}  // namespace

ExperimentMetrics::ExperimentMetrics(prometheus::Registry& registry)
    : decisions_(prometheus::BuildCounter()
                     .Name("offergraph_experiment_decisions_total")
                     .Help("Decisions made for units in an experiment arm "
                           "(ghost decisions included), by experiment and "
                           "arm.")
                     .Register(registry)),
      ghost_decisions_(
          prometheus::BuildCounter()
              .Name("offergraph_experiment_ghost_decisions_total")
              .Help("Decisions made but not shown (holdout, no_offers arms), "
                    "by experiment and arm.")
              .Register(registry)),
      orders_(prometheus::BuildCounter()
                  .Name("offergraph_experiment_orders_total")
                  .Help("Orders recorded (duplicates excluded), by the "
                        "experiment and arm they count for.")
                  .Register(registry)),
      revenue_(prometheus::BuildCounter()
                   .Name("offergraph_experiment_order_revenue_total")
                   .Help("Order totals in currency base units (dollars, not "
                         "cents), by experiment, arm and currency.")
                   .Register(registry)),
      expected_share_(
          prometheus::BuildGauge()
              .Name("offergraph_experiment_arm_expected_share")
              .Help("The arm's realised share of its experiment's buckets: "
                    "the share of units the sample-ratio test expects.")
              .Register(registry)),
      srm_p_value_(prometheus::BuildGauge()
                       .Name("offergraph_experiment_srm_p_value")
                       .Help("Sample-ratio-mismatch p-value of the "
                             "experiment's last report (GetExperimentReport "
                             "or the server's background check every "
                             "--experiment_srm_interval); below 0.001 the "
                             "arms are broken.")
                       .Register(registry)),
      srm_computed_(
          prometheus::BuildGauge()
              .Name("offergraph_experiment_srm_computed_timestamp_seconds")
              .Help("When offergraph_experiment_srm_p_value was last "
                    "computed, Unix time in seconds.")
              .Register(registry)) {}

const ExperimentMetrics::Series& ExperimentMetrics::SeriesFor(
    absl::string_view experiment, absl::string_view arm) {
  std::pair<std::string, std::string> key(experiment, arm);
  auto it = series_.find(key);
  if (it != series_.end()) return it->second;
  if (series_.size() >= kMaxSeries) key = {"other", "other"};
  auto [slot, inserted] = series_.try_emplace(key);
  if (inserted) {
    slot->second.experiment = key.first;
    slot->second.arm = key.second;
    const std::map<std::string, std::string> labels = {
        {"experiment", key.first}, {"arm", key.second}};
    slot->second.decisions = &decisions_.Add(labels);
    slot->second.ghost_decisions = &ghost_decisions_.Add(labels);
    slot->second.orders = &orders_.Add(labels);
    slot->second.expected_share = &expected_share_.Add(labels);
  }
  return slot->second;
}

void ExperimentMetrics::RecordDecision(absl::string_view experiment,
                                       absl::string_view arm, bool ghost) {
  // On the Suggest path: only the two counters are read under the lock.
  prometheus::Counter* decisions = nullptr;
  prometheus::Counter* ghosts = nullptr;
  {
    MutexLock lock(&mu_);
    const Series& s = SeriesFor(experiment, arm);
    decisions = s.decisions;
    ghosts = s.ghost_decisions;
  }
  decisions->Increment();
  if (ghost) ghosts->Increment();
}

void ExperimentMetrics::RecordOrder(absl::string_view experiment,
                                    absl::string_view arm, int64_t total,
                                    absl::string_view currency) {
  prometheus::Counter* orders = nullptr;
  prometheus::Counter* revenue = nullptr;
  {
    MutexLock lock(&mu_);
    const Series& s = SeriesFor(experiment, arm);
    orders = s.orders;
    revenue = &revenue_.Add(
        {{"experiment", s.experiment},
         {"arm", s.arm},
         {"currency", CappedLabel(currency, kMaxCurrencies, &currencies_)}});
  }
  orders->Increment();
  if (total > 0) {
    revenue->Increment(static_cast<double>(total) /
                       std::pow(10.0, CurrencyExponent(currency)));
  }
}

void ExperimentMetrics::SetExpectedShare(absl::string_view experiment,
                                         absl::string_view arm, double share) {
  MutexLock lock(&mu_);
  SeriesFor(experiment, arm).expected_share->Set(share);
}

void ExperimentMetrics::SetSampleRatio(absl::string_view experiment,
                                       double p_value, absl::Time computed) {
  MutexLock lock(&mu_);
  const std::string label =
      CappedLabel(experiment, kMaxSrmExperiments, &srm_experiments_);
  srm_p_value_.Add({{"experiment", label}}).Set(p_value);
  srm_computed_.Add({{"experiment", label}})
      .Set(absl::ToDoubleSeconds(computed - absl::UnixEpoch()));
}

}  // namespace offergraph
