// File: calibration_metrics.h
// -----------------------------------------------------------------------------
// How well predicted acceptance probabilities match what customers did: a
// reliability table over 10 fixed bins of the prediction (the chart ops draw
// from Prometheus), the expected calibration error (ECE), log-loss and the
// area under the ROC curve (AUC).
//
// Thread safety: not thread-safe; one accumulator per thread or a lock.
#ifndef OFFERGRAPH_LEARN_CALIBRATION_METRICS_H_
#define OFFERGRAPH_LEARN_CALIBRATION_METRICS_H_

#include <array>
#include <cstdint>
#include <vector>

namespace offergraph {

inline constexpr int kPropensityBins = 10;

// The bin of a probability: [0, 0.1) is 0, ..., [0.9, 1] is 9.
int PropensityBin(double p);

class CalibrationMetrics {
 public:
  // One shown offer with prediction `p` and whether it was accepted.
  void Add(double p, bool accepted);

  int64_t count() const { return count_; }
  int64_t accepted() const { return accepted_; }

  // Sum over bins of (bin count / total) * |mean prediction - acceptance
  // share|; 0 with no data.
  double ExpectedCalibrationError() const;
  // Mean of -log(p) over accepted and -log(1 - p) over the rest, with p
  // clamped to [1e-9, 1 - 1e-9]; 0 with no data.
  double LogLoss() const;
  // Probability that a random accepted offer got a higher prediction than a
  // random declined one (ties count half); 0.5 when either class is empty.
  // Computed from the kept predictions, sorted once.
  double Auc() const;

  struct Bin {
    int64_t count = 0;
    int64_t accepted = 0;
    double prediction_sum = 0;
  };
  const std::array<Bin, kPropensityBins>& bins() const { return bins_; }

 private:
  std::array<Bin, kPropensityBins> bins_{};
  int64_t count_ = 0;
  int64_t accepted_ = 0;
  double log_loss_sum_ = 0;
  // (prediction, accepted) for the AUC.
  std::vector<std::pair<double, bool>> predictions_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_CALIBRATION_METRICS_H_
