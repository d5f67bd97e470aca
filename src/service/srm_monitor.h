// File: srm_monitor.h
// -----------------------------------------------------------------------------
// Keeps the sample-ratio alert current (README "Measuring uplift"): every
// `interval` it builds the report of each experiment the serving snapshot
// configures (and of the holdout, when there is one) with the same code as
// GetExperimentReport (experiment_report.h), and exports its sample-ratio
// test:
//   offergraph_experiment_srm_p_value{experiment}
//   offergraph_experiment_srm_computed_timestamp_seconds{experiment}
// A pass costs one report per experiment: one aggregate read per unit
// (about a second per million units on RocksDB), on a thread of its own at
// low CPU priority, never on a gRPC thread.
//
// Thread safety: Start, Stop, RunOnce, passes and WaitForPasses may be
// called from any thread; passes run one at a time.
#ifndef OFFERGRAPH_SERVICE_SRM_MONITOR_H_
#define OFFERGRAPH_SERVICE_SRM_MONITOR_H_

#include <atomic>
#include <cstdint>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/time/time.h"
#include "ledger/offer_ledger.h"
#include "observability/experiment_metrics.h"
#include "offergraph/v1/offer_service.pb.h"
#include "snapshot/snapshot_store.h"
#include "util/mutex.h"

namespace offergraph {

// Exports the sample-ratio test of `report`, computed at `now`, unless the
// test was unavailable (too few units, one arm).
void ExportSampleRatio(const v1::GetExperimentReportResponse& report,
                       absl::Time now, ExperimentMetrics& metrics);

struct SrmMonitorOptions {
  // Time between the starts of two passes; <= 0 turns the monitor off
  // (Start does nothing).
  absl::Duration interval = absl::Seconds(60);
};

// Does not own the store, the ledger or the metrics; they must outlive it.
class SrmMonitor {
 public:
  SrmMonitor(const SnapshotStore* store, OfferLedger* ledger,
             ExperimentMetrics* metrics, SrmMonitorOptions options);
  ~SrmMonitor();
  SrmMonitor(const SrmMonitor&) = delete;
  SrmMonitor& operator=(const SrmMonitor&) = delete;

  // Starts the thread, which runs a pass at once and then every interval.
  void Start() ABSL_LOCKS_EXCLUDED(mu_);
  // Asks the thread to stop without waiting: a pass in progress stops at
  // the next unit it reads (the report in progress is dropped).
  // Idempotent.
  void RequestStop() ABSL_LOCKS_EXCLUDED(mu_);
  // RequestStop, then joins the thread (at most one aggregate read, or one
  // Redis HSCAN page, away). Idempotent.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_);
  // One pass on the calling thread; returns the experiments exported.
  int RunOnce() ABSL_LOCKS_EXCLUDED(mu_);
  // Passes completed so far.
  int64_t passes() const ABSL_LOCKS_EXCLUDED(mu_);
  // Waits until `passes` passes have completed or `deadline` passes;
  // returns whether they did.
  bool WaitForPasses(int64_t passes, absl::Time deadline) const
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Loop() ABSL_LOCKS_EXCLUDED(mu_);

  const SnapshotStore* const store_;
  OfferLedger* const ledger_;
  ExperimentMetrics* const metrics_;
  const SrmMonitorOptions options_;
  Mutex pass_mu_;  // one pass at a time
  mutable Mutex mu_;
  mutable CondVar cv_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // stopping_ for the report's scan, which checks it at every unit.
  std::atomic<bool> cancel_{false};
  int64_t passes_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_SRM_MONITOR_H_
