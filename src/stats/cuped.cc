#include "stats/cuped.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "util/status_macros.h"

namespace offergraph::stats {
namespace {

// A pooled squared-deviation sum of X at or below this share of
// sum n * mean(X)^2 is rounding noise: X is constant.
constexpr double kConstantX = 1e-12;

ArmEstimate Plain(const Moments& arm) {
  return {arm.n(), arm.mean_y(), arm.variance_y()};
}

double VarianceOfDifference(const ArmEstimate& c, const ArmEstimate& t) {
  return c.unit_variance / static_cast<double>(c.n) +
         t.unit_variance / static_cast<double>(t.n);
}

}  // namespace

absl::StatusOr<CupedAdjustment> CupedAdjust(const Moments& control,
                                            const Moments& treatment) {
  if (control.n() < 2 || treatment.n() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("arms have ", control.n(), " and ", treatment.n(),
                     " units; at least 2 each needed"));
  }
  CupedAdjustment result;
  result.control = Plain(control);
  result.treatment = Plain(treatment);

  const double pooled_xx = control.central_xx() + treatment.central_xx();
  double level = 0;
  for (const Moments* arm : {&control, &treatment}) {
    level += static_cast<double>(arm->n()) * arm->mean_x() * arm->mean_x();
  }
  if (!(control.has_covariate() || treatment.has_covariate()) ||
      !(pooled_xx > kConstantX * level)) {
    return result;
  }

  const double theta =
      (control.central_xy() + treatment.central_xy()) / pooled_xx;
  Moments all = control;
  all.Merge(treatment);
  auto adjust = [&](const Moments& arm) {
    const double variance = arm.variance_y() -
                            2 * theta * arm.covariance_xy() +
                            theta * theta * arm.variance_x();
    return ArmEstimate{arm.n(),
                       arm.mean_y() - theta * (arm.mean_x() - all.mean_x()),
                       std::max(variance, 0.0)};
  };
  const double plain_variance =
      VarianceOfDifference(result.control, result.treatment);
  result.applied = true;
  result.theta = theta;
  result.control = adjust(control);
  result.treatment = adjust(treatment);
  if (plain_variance > 0) {
    result.variance_reduction =
        1 - VarianceOfDifference(result.control, result.treatment) /
                plain_variance;
  }
  return result;
}

absl::StatusOr<CupedComparison> CompareMeansCuped(
    const Moments& control, const Moments& treatment,
    const LiftOptions& options) {
  CupedComparison result;
  ASSIGN_OR_RETURN(result.adjustment, CupedAdjust(control, treatment));
  ASSIGN_OR_RETURN(result.comparison,
                   CompareArms(result.adjustment.control,
                               result.adjustment.treatment,
                               Reference::kWelchT, options));
  return result;
}

}  // namespace offergraph::stats
