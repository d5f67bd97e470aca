#include "stats/sequential.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "util/status_macros.h"

namespace offergraph::stats {
namespace {

absl::Status CheckAlpha(double alpha) {
  if (alpha > 0 && alpha < 1) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("alpha ", alpha, " is not strictly in (0, 1)"));
}

}  // namespace

absl::StatusOr<double> MixingVarianceForHorizon(double planned_variance,
                                                double alpha) {
  RETURN_IF_ERROR(CheckAlpha(alpha));
  if (!(planned_variance > 0) || !std::isfinite(planned_variance)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "planned variance ", planned_variance, " is not positive and finite"));
  }
  // Minimising the squared half-width over tau^2 at V = planned_variance
  // gives tau^2 = x V with x = 2 log(1/alpha) + log(1 + x); the map is a
  // contraction (slope 1 / (1 + x) < 1), so iterating converges.
  const double two_log = 2 * std::log(1 / alpha);
  double x = two_log;
  for (int i = 0; i < 100; ++i) {
    const double next = two_log + std::log1p(x);
    if (std::fabs(next - x) <= 1e-12 * next) {
      x = next;
      break;
    }
    x = next;
  }
  return x * planned_variance;
}

absl::StatusOr<SequentialInterval> AlwaysValidInterval(
    double difference, double variance, const SequentialOptions& options) {
  RETURN_IF_ERROR(CheckAlpha(options.alpha));
  const double tau2 = options.mixing_variance;
  if (!(tau2 > 0) || !std::isfinite(tau2)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "mixing variance ", tau2, " is not positive and finite"));
  }
  if (!std::isfinite(difference) || !std::isfinite(variance) ||
      variance < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("difference ", difference, " and variance ", variance,
                     " must be finite, the variance non-negative"));
  }
  SequentialInterval result;
  result.difference = difference;
  result.standard_error = std::sqrt(variance);
  if (variance == 0) {
    result.lower = result.upper = difference;
    result.p_value = difference == 0 ? 1 : 0;
    return result;
  }
  const double v = variance;
  const double log_ratio = std::log1p(tau2 / v);  // log((V + tau^2) / V)
  const double half_width = std::sqrt(
      v * (v + tau2) / tau2 * (log_ratio + 2 * std::log(1 / options.alpha)));
  result.lower = difference - half_width;
  result.upper = difference + half_width;
  // log L(0), the mixture likelihood ratio against "no difference".
  const double log_lr = -0.5 * log_ratio + tau2 * difference * difference /
                                               (2 * v * (v + tau2));
  result.p_value = std::exp(-std::max(log_lr, 0.0));
  return result;
}

absl::StatusOr<SequentialInterval> AlwaysValidDifference(
    const Moments& control, const Moments& treatment,
    const SequentialOptions& options) {
  if (control.n() < 2 || treatment.n() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("arms have ", control.n(), " and ", treatment.n(),
                     " units; at least 2 each needed"));
  }
  const double variance =
      control.variance_y() / static_cast<double>(control.n()) +
      treatment.variance_y() / static_cast<double>(treatment.n());
  return AlwaysValidInterval(treatment.mean_y() - control.mean_y(), variance,
                             options);
}

}  // namespace offergraph::stats
