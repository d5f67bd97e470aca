// File: sequential.h
// -----------------------------------------------------------------------------
// Always-valid confidence intervals for a difference of means: a confidence
// sequence that holds the true difference at every look with probability at
// least 1 - alpha, however often the report is refreshed and whenever the
// experiment is stopped. A fixed-horizon interval checked at every refresh
// does not: with tens of looks an A/A test "wins" far more often than alpha.
//
// Method: the normal-mixture sequential probability ratio test (mSPRT) of
// Johari, Pekelis and Walsh, "Always Valid Inference: Bringing Sequential
// Analysis to A/B Testing" (2017, "Peeking at A/B tests", KDD), inverted into
// the normal-mixture confidence sequence of Howard, Ramdas, McAuliffe and
// Sekhon, "Time-uniform, nonparametric, nonasymptotic confidence sequences"
// (Annals of Statistics, 2021). With D the estimated difference, V its
// variance (Var(control)/n_c + Var(treatment)/n_t, as in Welch's test) and
// tau^2 the variance of the normal mixing distribution over the true
// difference theta, the mixture likelihood ratio of theta is
//   L(theta) = sqrt(V / (V + tau^2)) * exp(tau^2 (D - theta)^2 /
//                                          (2 V (V + tau^2))),
// and the interval at a look is every theta with L(theta) < 1 / alpha:
//   |D - theta| < sqrt(V (V + tau^2) / tau^2 *
//                      (log((V + tau^2) / V) + 2 log(1 / alpha))).
// Since (V + tau^2) / tau^2 > 1 and log(...) + 2 log(1/alpha) > z^2 for any
// alpha <= 0.05 (2 log 20 = 5.99 > 1.96^2 = 3.84), the interval is always
// wider than the fixed-horizon normal one at the same level.
//
// The mixing parameter tau^2 (SequentialOptions::mixing_variance) decides
// when the sequence is tightest: MixingVarianceForHorizon picks it so the
// interval is narrowest when V reaches the variance planned for the end of
// the experiment (Howard et al.'s tuning of the mixture to a target time:
// tau^2 = x V* with x = 2 log(1/alpha) + log(1 + x), about 8.21 V* at alpha =
// 0.05). Any fixed tau^2 gives valid intervals; fix it before the experiment
// starts, never from the data being monitored.
//
// Validity is that of the normal approximation with a plug-in variance, as
// in Johari et al.: asymptotic in the number of units, not exact for a
// handful of units at the first looks.
//
// Example:
//   SequentialOptions options;  // alpha = 0.05
//   ASSIGN_OR_RETURN(options.mixing_variance, MixingVarianceForHorizon(
//       2 * pre_period_variance / planned_units_per_arm, options.alpha));
//   ASSIGN_OR_RETURN(SequentialInterval ci,
//                    AlwaysValidDifference(control, treatment, options));
//
// Thread safety: pure functions.
#ifndef OFFERGRAPH_STATS_SEQUENTIAL_H_
#define OFFERGRAPH_STATS_SEQUENTIAL_H_

#include "absl/status/statusor.h"
#include "stats/moments.h"

namespace offergraph::stats {

struct SequentialOptions {
  // The chance that the true difference is ever outside the interval, over
  // all looks; strictly between 0 and 1.
  double alpha = 0.05;
  // tau^2, the variance of the normal mixture over the true difference, in
  // the metric's units squared. Required: must be positive and finite (see
  // MixingVarianceForHorizon).
  double mixing_variance = 0;
};

struct SequentialInterval {
  // Treatment - control and its standard error sqrt(V).
  double difference = 0;
  double standard_error = 0;
  double lower = 0;
  double upper = 0;
  // min(1, 1 / L(0)) at this look: the interval excludes 0 exactly when this
  // is at most alpha. A monitor keeps the running minimum over its looks,
  // which stays always valid.
  double p_value = 1;
};

// The mixing variance tau^2 that makes the interval narrowest when the
// difference's variance equals `planned_variance` (for two arms of n units
// with unit variance s^2 each, 2 s^2 / n). InvalidArgument unless
// planned_variance is positive and finite and alpha in (0, 1).
absl::StatusOr<double> MixingVarianceForHorizon(double planned_variance,
                                                double alpha);

// The always-valid interval of a difference estimate with variance
// `variance`. A zero variance gives the point itself. InvalidArgument for
// bad options, a non-finite difference or a negative or non-finite
// variance.
absl::StatusOr<SequentialInterval> AlwaysValidInterval(
    double difference, double variance, const SequentialOptions& options);

// The always-valid interval of mean(treatment) - mean(control) of Y.
// InvalidArgument when an arm has fewer than 2 units.
absl::StatusOr<SequentialInterval> AlwaysValidDifference(
    const Moments& control, const Moments& treatment,
    const SequentialOptions& options);

}  // namespace offergraph::stats

#endif  // OFFERGRAPH_STATS_SEQUENTIAL_H_
