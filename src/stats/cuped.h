// File: cuped.h
// -----------------------------------------------------------------------------
// CUPED variance reduction (Deng, Xu, Kohavi and Walker, "Improving the
// Sensitivity of Online Controlled Experiments by Utilizing Pre-Experiment
// Data", WSDM 2013): each unit's metric Y is replaced by
//   Y - theta (X - mean(X)),
// X being the same unit's value before the experiment (last month's revenue),
// which the treatment cannot have changed. Randomisation makes E[X] equal in
// both arms, so the difference of adjusted means estimates the same effect,
// with its variance shrunk by the factor 1 - corr(Y, X)^2 at the best theta.
//
// theta = pooled Cov(Y, X) / pooled Var(X), pooled within the arms (the sums
// of each arm's cross and squared deviations), so a treatment effect on Y
// does not leak into theta through the arms' different means. mean(X) is
// the mean over both arms. The adjusted arms go through the same CompareArms
// as the unadjusted ones (Welch), theta treated as known, as in Deng et al.
//
// Fallback: with no covariate in either arm, or a pooled Var(X) of 0 (or
// rounding noise), the adjustment is not applied and the result is the
// plain comparison of Y.
//
// Example:
//   ASSIGN_OR_RETURN(CupedComparison revenue, CompareMeansCuped(c, t));
//   // revenue.comparison.absolute, revenue.adjustment.variance_reduction
//
// Thread safety: pure functions.
#ifndef OFFERGRAPH_STATS_CUPED_H_
#define OFFERGRAPH_STATS_CUPED_H_

#include "absl/status/statusor.h"
#include "stats/lift.h"
#include "stats/moments.h"

namespace offergraph::stats {

struct CupedAdjustment {
  // False on fallback (no usable covariate): theta is 0 and the arms are the
  // plain means and variances of Y.
  bool applied = false;
  double theta = 0;
  // Each arm's adjusted mean and per-unit variance of the adjusted Y.
  ArmEstimate control;
  ArmEstimate treatment;
  // 1 - Var(adjusted difference) / Var(plain difference); 0 on fallback or
  // when the plain difference has no variance.
  double variance_reduction = 0;
};

// The adjusted arms. InvalidArgument when an arm has fewer than 2 units.
absl::StatusOr<CupedAdjustment> CupedAdjust(const Moments& control,
                                            const Moments& treatment);

struct CupedComparison {
  CupedAdjustment adjustment;
  // CompareArms of the adjusted arms (Welch).
  Comparison comparison;
};

// The lift of Y, CUPED-adjusted by X where X is usable.
absl::StatusOr<CupedComparison> CompareMeansCuped(
    const Moments& control, const Moments& treatment,
    const LiftOptions& options = {});

}  // namespace offergraph::stats

#endif  // OFFERGRAPH_STATS_CUPED_H_
