// File: distributions.h
// -----------------------------------------------------------------------------
// The few quantiles and tail probabilities the experiment statistics need
// (normal, Student t, chi-square), from Boost.Math with a policy that reports
// errors through errno instead of throwing. Callers validate their inputs;
// out-of-domain arguments give NaN rather than an exception.
//
// Thread safety: pure functions.
#ifndef OFFERGRAPH_STATS_DISTRIBUTIONS_H_
#define OFFERGRAPH_STATS_DISTRIBUTIONS_H_

namespace offergraph::stats {

// The standard normal's quantile at p in (0, 1).
double NormalQuantile(double p);
// P(|Z| >= |z|) for a standard normal Z.
double NormalTwoSidedP(double z);
// The quantile of Student's t with `df` degrees of freedom at p in (0, 1);
// the normal's when df is infinite or above 1e7.
double StudentTQuantile(double df, double p);
// P(|T| >= |t|) for Student's t with `df` degrees of freedom (the normal's
// when df is infinite or above 1e7).
double StudentTTwoSidedP(double t, double df);
// P(Q >= q) for a chi-square Q with `df` degrees of freedom.
double ChiSquareUpperTail(double q, double df);

}  // namespace offergraph::stats

#endif  // OFFERGRAPH_STATS_DISTRIBUTIONS_H_
