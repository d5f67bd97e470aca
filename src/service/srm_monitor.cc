#include "service/srm_monitor.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "service/experiment_report.h"
#include "spdlog/spdlog.h"
#include "util/thread_priority.h"

namespace offergraph {

void ExportSampleRatio(const v1::GetExperimentReportResponse& report,
                       absl::Time now, ExperimentMetrics& metrics) {
  if (!report.sample_ratio().unavailable().empty()) return;
  metrics.SetSampleRatio(report.experiment(), report.sample_ratio().p_value(),
                         now);
}

SrmMonitor::SrmMonitor(const SnapshotStore* store, OfferLedger* ledger,
                       ExperimentMetrics* metrics, SrmMonitorOptions options)
    : store_(store),
      ledger_(ledger),
      metrics_(metrics),
      options_(std::move(options)) {}

SrmMonitor::~SrmMonitor() { Stop(); }

void SrmMonitor::Start() {
  if (options_.interval <= absl::ZeroDuration() || thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void SrmMonitor::RequestStop() {
  cancel_.store(true, std::memory_order_relaxed);
  MutexLock lock(&mu_);
  stopping_ = true;
  cv_.SignalAll();
}

void SrmMonitor::Stop() {
  RequestStop();
  if (thread_.joinable()) thread_.join();
}

int SrmMonitor::RunOnce() {
  MutexLock pass(&pass_mu_);
  int exported = 0;
  SnapshotPtr snapshot = store_->Current();
  if (snapshot != nullptr) {
    const ExperimentPlan& plan = snapshot->experiments;
    std::vector<std::string> names;
    for (const Experiment& e : plan.experiments()) names.push_back(e.name);
    if (plan.realised_holdout_share() > 0) {
      names.emplace_back(kHoldoutName);
    }
    ExperimentReportOptions options;
    options.cancel = &cancel_;
    for (const std::string& name : names) {
      if (cancel_.load(std::memory_order_relaxed)) break;
      absl::StatusOr<v1::GetExperimentReportResponse> report =
          BuildExperimentReport(plan, name, *ledger_, options);
      if (absl::IsCancelled(report.status())) break;
      if (!report.ok()) {
        // The next pass retries; the gauge's timestamp shows the age.
        spdlog::warn("sample-ratio check of experiment {}: {}", name,
                     report.status().ToString());
        continue;
      }
      if (report->sample_ratio().unavailable().empty()) ++exported;
      ExportSampleRatio(*report, absl::Now(), *metrics_);
    }
  }
  MutexLock lock(&mu_);
  ++passes_;
  cv_.SignalAll();
  return exported;
}

int64_t SrmMonitor::passes() const {
  MutexLock lock(&mu_);
  return passes_;
}

bool SrmMonitor::WaitForPasses(int64_t passes, absl::Time deadline) const {
  MutexLock lock(&mu_);
  while (passes_ < passes) {
    if (!cv_.WaitWithDeadline(&mu_, deadline)) return passes_ >= passes;
  }
  return true;
}

void SrmMonitor::Loop() {
  SetThreadPriority(BackgroundPriority::kLow);
  while (true) {
    const absl::Time start = absl::Now();
    RunOnce();
    MutexLock lock(&mu_);
    const absl::Time next = start + options_.interval;
    while (!stopping_) {
      if (!cv_.WaitWithDeadline(&mu_, next)) break;
    }
    if (stopping_) return;
  }
}

}  // namespace offergraph
