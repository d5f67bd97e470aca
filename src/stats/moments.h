// File: moments.h
// -----------------------------------------------------------------------------
// Sufficient statistics of one experiment arm, kept in constant memory so a
// report over millions of units never holds the units themselves.
//
// `Moments` summarises a per-unit metric Y (say revenue per customer) and an
// optional pre-period covariate X of the same unit (for CUPED): the count,
// the means and the sums of squared deviations and cross deviations
// (Welford's update; Chan, Golub and LeVeque's pairwise formula for Merge).
// Central sums stay accurate where the textbook sum y^2 - n mean^2 cancels
// catastrophically (large means, small spreads).
//
// `RatioMoments` summarises a ratio metric whose unit of analysis is not its
// denominator, e.g. revenue per decision with randomisation by customer: per
// unit it keeps the numerator (revenue) and the denominator (decisions), so
// the delta method can account for units with many decisions.
//
// Example:
//   Moments control;
//   for (const Unit& u : control_units) control.Add(u.revenue, u.pre_revenue);
//   Moments shard_b = ...;
//   control.Merge(shard_b);  // same as one pass over both shards
//
// Thread safety: value types; not safe to mutate from several threads.
// Accumulate one per thread (or shard) and Merge.
#ifndef OFFERGRAPH_STATS_MOMENTS_H_
#define OFFERGRAPH_STATS_MOMENTS_H_

#include <cstdint>

#include "absl/status/statusor.h"

namespace offergraph::stats {

// Raw (uncentred) sums, as a database aggregation (SUM(y), SUM(y*y), ...)
// would produce them. Used only to build a Moments with FromSums.
struct RawSums {
  int64_t n = 0;
  double sum_y = 0;
  double sum_y2 = 0;
  // Zero when there is no covariate.
  double sum_x = 0;
  double sum_x2 = 0;
  double sum_xy = 0;
};

// Count, means and central second moments of (Y, X) over the units of one
// arm. Without a covariate X is taken as 0, which leaves its variance 0 and
// makes CUPED fall back to the unadjusted comparison.
class Moments {
 public:
  Moments() = default;

  // Builds the accumulator from raw sums. Returns InvalidArgument when n is
  // negative, a sum is not finite, or a variance implied by the sums is
  // clearly negative (tiny negative values from rounding are clamped to 0).
  // Raw sums lose precision when the mean is large against the spread;
  // prefer Add and Merge where the units are at hand.
  static absl::StatusOr<Moments> FromSums(const RawSums& sums);

  // Adds one unit without a covariate (X = 0).
  void Add(double y) { AddUnit(y, 0); }
  // Adds one unit with its pre-period covariate x.
  void Add(double y, double x) {
    AddUnit(y, x);
    has_covariate_ = true;
  }
  // Adds every unit of `other`, as if they had been added here.
  void Merge(const Moments& other);

  int64_t n() const { return n_; }
  // True once any unit came with a covariate (Add(y, x), FromSums with
  // non-zero x sums, or a Merge with such an accumulator).
  bool has_covariate() const { return has_covariate_; }

  double mean_y() const { return mean_y_; }
  double mean_x() const { return mean_x_; }
  double sum_y() const { return mean_y_ * static_cast<double>(n_); }
  // Sums of squared (cross) deviations from the means.
  double central_yy() const { return m2_y_; }
  double central_xx() const { return m2_x_; }
  double central_xy() const { return c_xy_; }
  // Sample variances and covariance (divisor n - 1); 0 when n < 2.
  double variance_y() const { return SampleMoment(m2_y_); }
  double variance_x() const { return SampleMoment(m2_x_); }
  double covariance_xy() const { return SampleMoment(c_xy_); }

 private:
  void AddUnit(double y, double x);
  double SampleMoment(double central) const {
    return n_ < 2 ? 0 : central / static_cast<double>(n_ - 1);
  }

  int64_t n_ = 0;
  bool has_covariate_ = false;
  double mean_y_ = 0;
  double mean_x_ = 0;
  double m2_y_ = 0;
  double m2_x_ = 0;
  double c_xy_ = 0;
};

// Per-unit numerator and denominator of a ratio metric (for example revenue
// and decisions per customer). The metric is sum(numerator) /
// sum(denominator) over an arm's units.
class RatioMoments {
 public:
  // Adds one unit. A unit with denominator 0 (a customer with no decision)
  // still counts as a unit.
  void Add(double numerator, double denominator) {
    moments_.Add(numerator, denominator);
  }
  void Merge(const RatioMoments& other) { moments_.Merge(other.moments_); }

  int64_t n() const { return moments_.n(); }
  double mean_numerator() const { return moments_.mean_y(); }
  double mean_denominator() const { return moments_.mean_x(); }
  double variance_numerator() const { return moments_.variance_y(); }
  double variance_denominator() const { return moments_.variance_x(); }
  double covariance() const { return moments_.covariance_xy(); }

 private:
  // Numerator as Y, denominator as X.
  Moments moments_;
};

}  // namespace offergraph::stats

#endif  // OFFERGRAPH_STATS_MOMENTS_H_
