#include "learn/calibration_metrics.h"

#include <algorithm>
#include <cmath>

namespace offergraph {

int PropensityBin(double p) {
  if (!(p > 0)) return 0;  // also NaN
  const int bin = static_cast<int>(p * kPropensityBins);
  return std::min(bin, kPropensityBins - 1);
}

void CalibrationMetrics::Add(double p, bool accepted) {
  Bin& bin = bins_[PropensityBin(p)];
  ++bin.count;
  bin.accepted += accepted;
  bin.prediction_sum += p;
  ++count_;
  accepted_ += accepted;
  const double q = std::clamp(p, 1e-9, 1 - 1e-9);
  log_loss_sum_ -= accepted ? std::log(q) : std::log(1 - q);
  predictions_.emplace_back(p, accepted);
}

double CalibrationMetrics::ExpectedCalibrationError() const {
  if (count_ == 0) return 0;
  double ece = 0;
  for (const Bin& bin : bins_) {
    if (bin.count == 0) continue;
    const double n = static_cast<double>(bin.count);
    ece += (n / count_) *
           std::fabs(bin.prediction_sum / n - bin.accepted / n);
  }
  return ece;
}

double CalibrationMetrics::LogLoss() const {
  return count_ == 0 ? 0 : log_loss_sum_ / count_;
}

double CalibrationMetrics::Auc() const {
  const int64_t positives = accepted_;
  const int64_t negatives = count_ - accepted_;
  if (positives == 0 || negatives == 0) return 0.5;
  std::vector<std::pair<double, bool>> sorted = predictions_;
  std::sort(sorted.begin(), sorted.end());
  // Mann-Whitney U: sum of the ranks of the positives, ties given their
  // average rank.
  double positive_rank_sum = 0;
  size_t i = 0;
  while (i < sorted.size()) {
    size_t j = i;
    int64_t tied_positives = 0;
    while (j < sorted.size() && sorted[j].first == sorted[i].first) {
      tied_positives += sorted[j].second;
      ++j;
    }
    const double average_rank = (static_cast<double>(i + 1) + j) / 2;
    positive_rank_sum += average_rank * tied_positives;
    i = j;
  }
  const double u = positive_rank_sum -
                   static_cast<double>(positives) * (positives + 1) / 2;
  return u / (static_cast<double>(positives) * negatives);
}

}  // namespace offergraph
