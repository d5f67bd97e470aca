// File: beta_posterior.h
// -----------------------------------------------------------------------------
// Acceptance evidence for one offer in one context, and the Beta posterior it
// implies under a prior taken from the graph (issue 11's "Evidence" and
// "Cold start").
//
// The model: an offer shown in a context is accepted with an unknown
// probability p. Before any outcome, p ~ Beta(m * s, (1 - m) * s) where m is
// the prior mean (built by the caller from the graph's weight and the
// configured base acceptance rate) and s the prior strength in
// pseudo-observations. After `presented` showings of which `accepted` were
// accepted, p ~ Beta(m * s + accepted, (1 - m) * s + presented - accepted).
// Counts are doubles so that evidence can be decayed (exponential forgetting
// for changes of taste) without losing fractions.
//
// Thread safety: value types; a const BetaPosterior may be read from any
// number of threads. Sample() needs the caller's own generator.
#ifndef OFFERGRAPH_LEARN_BETA_POSTERIOR_H_
#define OFFERGRAPH_LEARN_BETA_POSTERIOR_H_

#include "absl/random/beta_distribution.h"

namespace offergraph {

// Outcomes behind one offer in one context.
struct AcceptanceEvidence {
  double presented = 0;  // showings (an ACCEPTED without PRESENTED counts)
  double accepted = 0;   // at most `presented`

  // Multiplies both counts by `factor` in [0, 1] (forgetting).
  AcceptanceEvidence Decayed(double factor) const {
    return {presented * factor, accepted * factor};
  }
};

struct BetaPrior {
  double mean = 0.05;     // in (0, 1)
  double strength = 20;   // pseudo-observations, > 0
};

// An equal-tailed credible interval.
struct Interval {
  double low = 0;
  double high = 1;
};

class BetaPosterior {
 public:
  // Clamps the prior mean into [1e-6, 1 - 1e-6], the strength to at least
  // 1e-6, and the evidence to 0 <= accepted <= presented.
  static BetaPosterior From(const BetaPrior& prior,
                            const AcceptanceEvidence& evidence);

  double alpha() const { return alpha_; }
  double beta() const { return beta_; }

  // E[p].
  double Mean() const { return alpha_ / (alpha_ + beta_); }

  // Standard deviation of p.
  double StdDev() const;

  // The interval holding about `mass` (in (0, 1), e.g. 0.9) of the
  // posterior, (1 - mass) / 2 in each tail. A normal approximation on the
  // log-odds scale with the exact mean and variance of log(p / (1 - p))
  // (digamma and trigamma of alpha and beta, from Boost.Math): about 1 us,
  // where the exact quantiles (ExactCredibleInterval) cost 40-120 us, too
  // much for the request path. Within 0.01 of the exact quantiles once alpha
  // and beta are both above 3; wider in the tails below that.
  Interval CredibleInterval(double mass) const;

  // The exact equal-tailed interval (Boost.Math's inverse regularised
  // incomplete beta function), for tests and offline tools.
  Interval ExactCredibleInterval(double mass) const;

  // One draw from the posterior (Thompson sampling).
  template <typename URBG>
  double Sample(URBG& gen) const {
    absl::beta_distribution<double> dist(alpha_, beta_);
    return dist(gen);
  }

 private:
  BetaPosterior(double alpha, double beta) : alpha_(alpha), beta_(beta) {}
  double alpha_;
  double beta_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_BETA_POSTERIOR_H_
