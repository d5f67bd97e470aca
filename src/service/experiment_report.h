// File: experiment_report.h
// -----------------------------------------------------------------------------
// An experiment's report (AdminService.GetExperimentReport, README
// "Measuring uplift"): per arm figures and each treatment arm's lift over the
// control arm, from the ledger's per-unit aggregates
// (ledger/experiment_aggregates.h) and the statistics of src/stats.
//
// Cost: one ScanExperiment, i.e. one aggregate read per (unit, arm) of the
// experiment, folded into constant-size sufficient statistics per arm
// (stats::Moments, RatioMoments, counts) as it streams; memory does not grow
// with the units and time is O(units in the experiment), independent of how
// many decisions were logged.
//
// Control arm: the experiment's first no_offers arm, else its first arm.
// Experiment "holdout" compares the holdout (control) with every unit outside
// it that got a decision ("rest"), expected shares being the holdout's
// realised share and its complement.
//
// Thread safety: a pure function of its arguments (the ledger is
// thread-safe); blocks on the ledger, so never call it on a gRPC callback
// thread.
#ifndef OFFERGRAPH_SERVICE_EXPERIMENT_REPORT_H_
#define OFFERGRAPH_SERVICE_EXPERIMENT_REPORT_H_

#include <atomic>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/offer_ledger.h"
#include "offergraph/experiments.h"
#include "offergraph/v1/offer_service.pb.h"

namespace offergraph {

struct ExperimentReportOptions {
  // Also compute always-valid intervals of revenue per unit.
  bool sequential = false;
  // When set and true, the scan stops at the next unit and the report is
  // CANCELLED (a server shutting down). Not owned.
  const std::atomic<bool>* cancel = nullptr;
};

// Builds the report of `experiment` from `ledger`. NOT_FOUND when `plan` has
// no such experiment (or no holdout, for "holdout"); the ledger's error when
// the scan fails. Comparisons that cannot be computed (an arm with fewer
// than 2 units, a control of 0) say why in their `unavailable` field.
absl::StatusOr<v1::GetExperimentReportResponse> BuildExperimentReport(
    const ExperimentPlan& plan, absl::string_view experiment,
    OfferLedger& ledger, const ExperimentReportOptions& options = {});

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_EXPERIMENT_REPORT_H_
