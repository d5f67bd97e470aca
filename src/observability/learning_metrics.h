// File: learning_metrics.h
// -----------------------------------------------------------------------------
// What operators see of the learned propensity (issue 11): showings and
// acceptances by the propensity bin they were shown with (10 fixed bins, a
// reliability chart ops can draw), the expected calibration error over the
// last hour (computed when scraped), the model's age, size and evidence, and
// model builds. Labels are bounded: bin, outcome, result.
//
//   offergraph_propensity_outcomes_total{bin, outcome}   counter
//   offergraph_propensity_calibration_error              gauge (last hour)
//   offergraph_learning_model_age_seconds                gauge (at scrape)
//   offergraph_learning_model_offers                     gauge
//   offergraph_learning_model_showings                   gauge
//   offergraph_learning_model_builds_total{result}       counter
//   offergraph_learning_model_build_seconds              histogram
//   offergraph_learning_evidence_store_up                gauge (1/0)
//   offergraph_learning_evidence_store_failures_total{op} counter
//   offergraph_learning_evidence_corrupt_counters        gauge
//   offergraph_learning_evidence_unflushed               gauge
//
// Thread safety: every method is safe to call concurrently.
#ifndef OFFERGRAPH_OBSERVABILITY_LEARNING_METRICS_H_
#define OFFERGRAPH_OBSERVABILITY_LEARNING_METRICS_H_

#include <array>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/time/time.h"
#include "learn/calibration_metrics.h"
#include "learn/propensity_model.h"
#include "learn/shared_evidence.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "util/mutex.h"

namespace offergraph {

// The sliding calibration window: per time slice, per propensity bin,
// showings, acceptances and the sum of the propensities shown.
class CalibrationWindow {
 public:
  CalibrationWindow(absl::Duration window, int slices);

  // A showing (presented = 1) and/or an acceptance (accepted = 1) of an
  // offer shown with `propensity`, at `now`.
  void Add(double propensity, int presented, int accepted, absl::Time now)
      ABSL_LOCKS_EXCLUDED(mu_);
  // ECE over the slices within the window of `now`; NaN with no showing.
  double ExpectedCalibrationError(absl::Time now) const
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  struct Slice {
    int64_t index = -1;  // floor(time / slice width)
    std::array<CalibrationMetrics::Bin, kPropensityBins> bins{};
  };
  int64_t SliceIndex(absl::Time t) const;

  const absl::Duration slice_;
  const int64_t slice_count_;
  mutable Mutex mu_;
  std::vector<Slice> slices_ ABSL_GUARDED_BY(mu_);
};

class LearningMetrics {
 public:
  explicit LearningMetrics(prometheus::Registry* registry);

  // Scrape-time gauges (calibration error, model age); register beside the
  // registry.
  std::shared_ptr<prometheus::Collectable> collectable() const {
    return exported_;
  }

  // An outcome of an offer shown with `propensity` (learning on). `shown`:
  // this outcome counted the showing (the first outcome of that offer).
  void RecordOutcome(double propensity, bool shown, bool accepted);
  // A model was built (ok), in `took`, or failed to build.
  void RecordModel(const PropensityModel* model, bool ok,
                   absl::Duration took = absl::ZeroDuration());
  // The evidence store's state after a build (shared_evidence.h).
  void RecordEvidenceStore(const SharedEvidenceHealth& health);

 private:
  class Collectable;
  std::array<prometheus::Counter*, kPropensityBins> presented_{};
  std::array<prometheus::Counter*, kPropensityBins> accepted_{};
  prometheus::Gauge* offers_ = nullptr;
  prometheus::Gauge* showings_ = nullptr;
  prometheus::Counter* builds_ok_ = nullptr;
  prometheus::Counter* builds_failed_ = nullptr;
  prometheus::Histogram* build_seconds_ = nullptr;
  prometheus::Gauge* store_up_ = nullptr;
  prometheus::Counter* write_failures_ = nullptr;
  prometheus::Counter* read_failures_ = nullptr;
  prometheus::Gauge* corrupt_ = nullptr;
  prometheus::Gauge* unflushed_ = nullptr;
  std::shared_ptr<Collectable> collectable_;
  std::shared_ptr<prometheus::Collectable> exported_;  // = collectable_
};

}  // namespace offergraph

#endif  // OFFERGRAPH_OBSERVABILITY_LEARNING_METRICS_H_
