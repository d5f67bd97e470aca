#include "stats/lift.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "stats/distributions.h"
#include "util/status_macros.h"

namespace offergraph::stats {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

absl::Status CheckArm(const char* name, const ArmEstimate& arm,
                      int64_t min_n) {
  if (arm.n < min_n) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, " arm has ", arm.n, " units; at least ", min_n, " needed"));
  }
  if (!std::isfinite(arm.estimate) || !std::isfinite(arm.unit_variance) ||
      arm.unit_variance < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " arm: estimate ", arm.estimate,
                     " and unit variance ", arm.unit_variance,
                     " must be finite, the variance non-negative"));
  }
  return absl::OkStatus();
}

// Welch-Satterthwaite degrees of freedom of the difference, from the
// variances of the two estimates; infinite when both are 0.
double WelchDf(double var_c, int64_t n_c, double var_t, int64_t n_t) {
  const double denominator = var_c * var_c / static_cast<double>(n_c - 1) +
                             var_t * var_t / static_cast<double>(n_t - 1);
  if (!(denominator > 0)) return kInfinity;
  const double total = var_c + var_t;
  return total * total / denominator;
}

// The statistic difference / se and its two-sided p-value; a zero standard
// error gives 0 and p = 1 for no difference, +-infinity and p = 0 otherwise.
void SetTest(double difference, double se, Comparison& result) {
  if (se > 0) {
    result.statistic = difference / se;
    result.p_value =
        StudentTTwoSidedP(result.statistic, result.degrees_of_freedom);
    return;
  }
  if (difference == 0) {
    result.statistic = 0;
    result.p_value = 1;
  } else {
    result.statistic = difference > 0 ? kInfinity : -kInfinity;
    result.p_value = 0;
  }
}

Estimate MakeEstimate(double point, double se, double critical) {
  return Estimate{point, se, point - critical * se, point + critical * se};
}

}  // namespace

absl::StatusOr<Comparison> CompareArms(const ArmEstimate& control,
                                       const ArmEstimate& treatment,
                                       Reference reference,
                                       const LiftOptions& options) {
  if (!(options.confidence > 0 && options.confidence < 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "confidence ", options.confidence, " is not strictly in (0, 1)"));
  }
  const int64_t min_n = reference == Reference::kWelchT ? 2 : 1;
  RETURN_IF_ERROR(CheckArm("control", control, min_n));
  RETURN_IF_ERROR(CheckArm("treatment", treatment, min_n));

  const double var_c =
      control.unit_variance / static_cast<double>(control.n);
  const double var_t =
      treatment.unit_variance / static_cast<double>(treatment.n);
  Comparison result;
  result.control = control.estimate;
  result.treatment = treatment.estimate;
  result.degrees_of_freedom =
      reference == Reference::kWelchT
          ? WelchDf(var_c, control.n, var_t, treatment.n)
          : kInfinity;
  const double critical = StudentTQuantile(
      result.degrees_of_freedom, 1 - (1 - options.confidence) / 2);

  const double difference = treatment.estimate - control.estimate;
  const double se = std::sqrt(var_c + var_t);
  result.absolute = MakeEstimate(difference, se, critical);
  SetTest(difference, se, result);

  if (control.estimate != 0) {
    const double c = control.estimate;
    const double t = treatment.estimate;
    const double relative_se =
        std::sqrt(var_t / (c * c) + t * t * var_c / (c * c * c * c));
    result.relative = MakeEstimate(t / c - 1, relative_se, critical);
  }
  return result;
}

absl::StatusOr<Comparison> CompareMeans(const Moments& control,
                                        const Moments& treatment,
                                        const LiftOptions& options) {
  return CompareArms({control.n(), control.mean_y(), control.variance_y()},
                     {treatment.n(), treatment.mean_y(),
                      treatment.variance_y()},
                     Reference::kWelchT, options);
}

absl::StatusOr<Comparison> CompareProportions(
    const ProportionCounts& control, const ProportionCounts& treatment,
    const LiftOptions& options) {
  for (const ProportionCounts* arm : {&control, &treatment}) {
    if (arm->trials < 1 || arm->successes < 0 ||
        arm->successes > arm->trials) {
      return absl::InvalidArgumentError(
          absl::StrCat(arm == &control ? "control" : "treatment", ": ",
                       arm->successes, " successes out of ", arm->trials,
                       " trials"));
    }
  }
  auto arm = [](const ProportionCounts& counts) {
    const double p = static_cast<double>(counts.successes) /
                     static_cast<double>(counts.trials);
    return ArmEstimate{counts.trials, p, p * (1 - p)};
  };
  ASSIGN_OR_RETURN(Comparison result,
                   CompareArms(arm(control), arm(treatment),
                               Reference::kNormal, options));
  // The test of "same rate" uses the standard error under that null: the
  // pooled rate.
  const double n_c = static_cast<double>(control.trials);
  const double n_t = static_cast<double>(treatment.trials);
  const double pooled =
      static_cast<double>(control.successes + treatment.successes) /
      (n_c + n_t);
  SetTest(result.absolute.point,
          std::sqrt(pooled * (1 - pooled) * (1 / n_c + 1 / n_t)), result);
  return result;
}

absl::StatusOr<ArmEstimate> RatioArm(const RatioMoments& arm) {
  if (arm.n() < 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ratio arm has ", arm.n(), " units; at least 2 needed"));
  }
  const double mean_b = arm.mean_denominator();
  if (!(mean_b > 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ratio arm's mean denominator ", mean_b, " is not positive"));
  }
  const double ratio = arm.mean_numerator() / mean_b;
  // Variance of the linearised unit value (a - R b) / mean(b).
  const double linearised = arm.variance_numerator() -
                            2 * ratio * arm.covariance() +
                            ratio * ratio * arm.variance_denominator();
  return ArmEstimate{arm.n(), ratio,
                     std::max(linearised, 0.0) / (mean_b * mean_b)};
}

absl::StatusOr<Comparison> CompareRatios(const RatioMoments& control,
                                         const RatioMoments& treatment,
                                         const LiftOptions& options) {
  ASSIGN_OR_RETURN(ArmEstimate c, RatioArm(control));
  ASSIGN_OR_RETURN(ArmEstimate t, RatioArm(treatment));
  return CompareArms(c, t, Reference::kNormal, options);
}

}  // namespace offergraph::stats
