#include "observability/learning_metrics.h"

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "prometheus/family.h"

namespace offergraph {

CalibrationWindow::CalibrationWindow(absl::Duration window, int slices)
    : slice_(window / std::max(slices, 1)),
      slice_count_(std::max(slices, 1)),
      slices_(static_cast<size_t>(slice_count_)) {}

int64_t CalibrationWindow::SliceIndex(absl::Time t) const {
  absl::Duration remainder;
  return absl::IDivDuration(t - absl::UnixEpoch(), slice_, &remainder);
}

void CalibrationWindow::Add(double propensity, int presented, int accepted,
                            absl::Time now) {
  const int64_t index = SliceIndex(now);
  MutexLock lock(&mu_);
  Slice& slice = slices_[static_cast<size_t>(index) % slices_.size()];
  if (slice.index != index) {
    slice = Slice();
    slice.index = index;
  }
  CalibrationMetrics::Bin& bin = slice.bins[PropensityBin(propensity)];
  bin.count += presented;
  bin.accepted += accepted;
  bin.prediction_sum += presented * propensity;
}

double CalibrationWindow::ExpectedCalibrationError(absl::Time now) const {
  const int64_t newest = SliceIndex(now);
  const int64_t oldest = newest - slice_count_ + 1;
  std::array<CalibrationMetrics::Bin, kPropensityBins> total{};
  {
    MutexLock lock(&mu_);
    for (const Slice& s : slices_) {
      if (s.index < oldest || s.index > newest) continue;
      for (int b = 0; b < kPropensityBins; ++b) {
        total[b].count += s.bins[b].count;
        total[b].accepted += s.bins[b].accepted;
        total[b].prediction_sum += s.bins[b].prediction_sum;
      }
    }
  }
  int64_t n = 0;
  for (const auto& bin : total) n += bin.count;
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  double ece = 0;
  for (const auto& bin : total) {
    if (bin.count == 0) continue;
    const double c = static_cast<double>(bin.count);
    ece += (c / n) * std::fabs(bin.prediction_sum / c - bin.accepted / c);
  }
  return ece;
}

// The scrape-time gauges.
class LearningMetrics::Collectable : public prometheus::Collectable {
 public:
  Collectable() : window_(absl::Hours(1), 12) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    const absl::Time now = absl::Now();
    std::vector<prometheus::MetricFamily> out;
    prometheus::MetricFamily ece;
    ece.name = "offergraph_propensity_calibration_error";
    ece.help =
        "Expected calibration error of the propensities shown, over the "
        "outcomes of the last hour (10 bins; absent without outcomes).";
    ece.type = prometheus::MetricType::Gauge;
    if (const double e = window_.ExpectedCalibrationError(now);
        !std::isnan(e)) {
      prometheus::ClientMetric m;
      m.gauge.value = e;
      ece.metric.push_back(std::move(m));
    }
    out.push_back(std::move(ece));
    prometheus::MetricFamily age;
    age.name = "offergraph_learning_model_age_seconds";
    age.help = "Seconds since the serving propensity model was built.";
    age.type = prometheus::MetricType::Gauge;
    if (const double at = built_at_seconds_.load(std::memory_order_relaxed);
        at > 0) {
      prometheus::ClientMetric m;
      m.gauge.value = absl::ToDoubleSeconds(now - absl::UnixEpoch()) - at;
      age.metric.push_back(std::move(m));
    }
    out.push_back(std::move(age));
    return out;
  }

  CalibrationWindow window_;
  std::atomic<double> built_at_seconds_{0};
};

LearningMetrics::LearningMetrics(prometheus::Registry* registry)
    : collectable_(std::make_shared<Collectable>()),
      exported_(collectable_) {
  auto& outcomes = prometheus::BuildCounter()
                       .Name("offergraph_propensity_outcomes_total")
                       .Help("Offers shown (outcome=presented) and accepted, "
                             "by the bin of the propensity they were shown "
                             "with: bin 0.3 holds [0.3, 0.4).")
                       .Register(*registry);
  for (int b = 0; b < kPropensityBins; ++b) {
    const std::string bin = absl::StrFormat("%.1f", b / 10.0);
    presented_[b] = &outcomes.Add({{"bin", bin}, {"outcome", "presented"}});
    accepted_[b] = &outcomes.Add({{"bin", bin}, {"outcome", "accepted"}});
  }
  offers_ = &prometheus::BuildGauge()
                 .Name("offergraph_learning_model_offers")
                 .Help("Offers (sku, kind, channel) with evidence in the "
                       "serving propensity model.")
                 .Register(*registry)
                 .Add({});
  showings_ = &prometheus::BuildGauge()
                   .Name("offergraph_learning_model_showings")
                   .Help("Showings behind the serving propensity model, "
                         "decayed by the learning half-life.")
                   .Register(*registry)
                   .Add({});
  auto& builds = prometheus::BuildCounter()
                     .Name("offergraph_learning_model_builds_total")
                     .Help("Propensity model builds by result.")
                     .Register(*registry);
  builds_ok_ = &builds.Add({{"result", "ok"}});
  builds_failed_ = &builds.Add({{"result", "error"}});
  build_seconds_ =
      &prometheus::BuildHistogram()
           .Name("offergraph_learning_model_build_seconds")
           .Help("Time a propensity model refresh took: writing and reading "
                 "the evidence, and building the model.")
           .Register(*registry)
           .Add({}, prometheus::Histogram::BucketBoundaries{
                        0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10});
  store_up_ = &prometheus::BuildGauge()
                   .Name("offergraph_learning_evidence_store_up")
                   .Help("1 when the last write and read of the learning "
                         "evidence store (RocksDB, Redis) succeeded, else 0 "
                         "(the model keeps the evidence read last).")
                   .Register(*registry)
                   .Add({});
  auto& failures = prometheus::BuildCounter()
                       .Name("offergraph_learning_evidence_store_failures_total")
                       .Help("Failed writes and reads of the learning "
                             "evidence store.")
                       .Register(*registry);
  write_failures_ = &failures.Add({{"op", "write"}});
  read_failures_ = &failures.Add({{"op", "read"}});
  corrupt_ = &prometheus::BuildGauge()
                  .Name("offergraph_learning_evidence_corrupt_counters")
                  .Help("Evidence counters in the store that could not be "
                        "read and were skipped (corruption).")
                  .Register(*registry)
                  .Add({});
  unflushed_ = &prometheus::BuildGauge()
                    .Name("offergraph_learning_evidence_unflushed")
                    .Help("Outcomes observed here and not yet written to "
                          "the evidence store.")
                    .Register(*registry)
                    .Add({});
}

void LearningMetrics::RecordEvidenceStore(const SharedEvidenceHealth& health) {
  store_up_->Set(health.ok ? 1 : 0);
  // The health carries totals; the counters follow them.
  const auto follow = [](prometheus::Counter* c, int64_t total) {
    const double delta = static_cast<double>(total) - c->Value();
    if (delta > 0) c->Increment(delta);
  };
  follow(write_failures_, health.write_failures);
  follow(read_failures_, health.read_failures);
  corrupt_->Set(static_cast<double>(health.corrupt_counters));
  unflushed_->Set(static_cast<double>(health.unflushed));
}

void LearningMetrics::RecordOutcome(double propensity, bool shown,
                                    bool accepted) {
  const int bin = PropensityBin(propensity);
  if (shown) presented_[bin]->Increment();
  if (accepted) accepted_[bin]->Increment();
  collectable_->window_.Add(propensity, shown ? 1 : 0, accepted ? 1 : 0,
                            absl::Now());
}

void LearningMetrics::RecordModel(const PropensityModel* model, bool ok,
                                  absl::Duration took) {
  if (!ok || model == nullptr) {
    builds_failed_->Increment();
    return;
  }
  builds_ok_->Increment();
  build_seconds_->Observe(absl::ToDoubleSeconds(took));
  offers_->Set(static_cast<double>(model->offer_count()));
  showings_->Set(model->total_presented());
  collectable_->built_at_seconds_.store(
      absl::ToDoubleSeconds(model->built_at() - absl::UnixEpoch()),
      std::memory_order_relaxed);
}

}  // namespace offergraph
