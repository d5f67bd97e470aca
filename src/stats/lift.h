// File: lift.h
// -----------------------------------------------------------------------------
// Treatment against control: the absolute difference of the arms' metric
// with a confidence interval, the relative lift (treatment / control - 1)
// with a delta-method interval, and a two-sided p-value, for three kinds of
// metric:
//   - means of a per-unit value (revenue per customer): Welch's t, with
//     Welch-Satterthwaite degrees of freedom;
//   - proportions (conversion): the two-proportion z-test, its statistic on
//     the pooled rate (the null's standard error), its interval on the
//     unpooled (Wald) standard error;
//   - ratios of sums whose unit of analysis is not the denominator (revenue
//     per decision, randomised by customer): the delta method, normal
//     reference.
// All of them reduce an arm to an ArmEstimate (metric, per-unit variance,
// units) and meet in CompareArms, which CUPED also feeds with its adjusted
// arms.
//
// Relative lift: r = t / c - 1, Var(r) ~ Var(t) / c^2 + t^2 Var(c) / c^4 for
// independent arms (first-order delta method); its interval uses the same
// critical value as the absolute one. It is absent when the control's metric
// is 0.
//
// Example:
//   ASSIGN_OR_RETURN(Comparison revenue, CompareMeans(control, treatment));
//   // revenue.absolute.lower .. revenue.absolute.upper, revenue.p_value
//
// Thread safety: pure functions.
#ifndef OFFERGRAPH_STATS_LIFT_H_
#define OFFERGRAPH_STATS_LIFT_H_

#include <cstdint>
#include <limits>
#include <optional>

#include "absl/status/statusor.h"
#include "stats/moments.h"

namespace offergraph::stats {

struct LiftOptions {
  // Two-sided confidence level of every interval, strictly between 0 and 1.
  double confidence = 0.95;
};

// One arm reduced to what a comparison needs: the metric's estimate and the
// variance of one unit's contribution to it, so that the estimate's variance
// is unit_variance / n.
struct ArmEstimate {
  int64_t n = 0;
  double estimate = 0;
  double unit_variance = 0;
};

// The distribution behind critical values and p-values.
enum class Reference {
  // Student's t with Welch-Satterthwaite degrees of freedom (needs n >= 2
  // in both arms).
  kWelchT,
  // The standard normal (large-sample, delta-method results).
  kNormal,
};

// A point estimate with its standard error and confidence interval.
struct Estimate {
  double point = 0;
  double standard_error = 0;
  double lower = 0;
  double upper = 0;
};

// The result of one comparison. When the standard error is 0 (both arms
// constant) the interval is the point, the statistic is 0 or +-infinity and
// the p-value 1 or 0.
struct Comparison {
  // Each arm's metric (mean, rate or ratio).
  double control = 0;
  double treatment = 0;
  // treatment - control.
  Estimate absolute;
  // treatment / control - 1; absent when control is 0.
  std::optional<Estimate> relative;
  // The test statistic of "no difference" (t or z).
  double statistic = 0;
  // Of the t reference; infinite for the normal.
  double degrees_of_freedom = std::numeric_limits<double>::infinity();
  // Two-sided.
  double p_value = 1;
};

// Compares two arms reduced to estimates. InvalidArgument for a confidence
// outside (0, 1), n < 1 (n < 2 with kWelchT), or a non-finite estimate or a
// negative or non-finite unit variance.
absl::StatusOr<Comparison> CompareArms(const ArmEstimate& control,
                                       const ArmEstimate& treatment,
                                       Reference reference,
                                       const LiftOptions& options = {});

// Difference of means of Y (Welch). InvalidArgument when an arm has fewer
// than 2 units.
absl::StatusOr<Comparison> CompareMeans(const Moments& control,
                                        const Moments& treatment,
                                        const LiftOptions& options = {});

// Successes out of trials in one arm (conversions out of units).
struct ProportionCounts {
  int64_t successes = 0;
  int64_t trials = 0;
};

// Difference of two proportions (z-test, pooled statistic, Wald interval).
// InvalidArgument unless 0 <= successes <= trials and trials >= 1.
absl::StatusOr<Comparison> CompareProportions(
    const ProportionCounts& control, const ProportionCounts& treatment,
    const LiftOptions& options = {});

// The ratio sum(numerator) / sum(denominator) of one arm, with the
// delta-method per-unit variance (Var(a) - 2 R Cov(a, b) + R^2 Var(b)) /
// mean(b)^2. InvalidArgument when n < 2 or mean(b) <= 0.
absl::StatusOr<ArmEstimate> RatioArm(const RatioMoments& arm);

// Difference of ratio metrics (delta method, normal reference).
absl::StatusOr<Comparison> CompareRatios(const RatioMoments& control,
                                         const RatioMoments& treatment,
                                         const LiftOptions& options = {});

}  // namespace offergraph::stats

#endif  // OFFERGRAPH_STATS_LIFT_H_
