#include "learn/beta_posterior.h"

#include <algorithm>
#include <cmath>

// No exceptions in this project: every Boost.Math error is reported through
// errno and a sentinel value instead of a throw.
#define BOOST_MATH_DOMAIN_ERROR_POLICY errno_on_error
#define BOOST_MATH_OVERFLOW_ERROR_POLICY errno_on_error
#define BOOST_MATH_EVALUATION_ERROR_POLICY errno_on_error
#define BOOST_MATH_ROUNDING_ERROR_POLICY errno_on_error
#include "boost/math/distributions/normal.hpp"
#include "boost/math/special_functions/beta.hpp"
#include "boost/math/special_functions/digamma.hpp"
#include "boost/math/special_functions/trigamma.hpp"

namespace offergraph {

BetaPosterior BetaPosterior::From(const BetaPrior& prior,
                                  const AcceptanceEvidence& evidence) {
  const double mean = std::clamp(prior.mean, 1e-6, 1 - 1e-6);
  const double strength = std::max(prior.strength, 1e-6);
  const double presented = std::max(evidence.presented, 0.0);
  const double accepted = std::clamp(evidence.accepted, 0.0, presented);
  return BetaPosterior(mean * strength + accepted,
                       (1 - mean) * strength + (presented - accepted));
}

double BetaPosterior::StdDev() const {
  const double n = alpha_ + beta_;
  return std::sqrt(alpha_ * beta_ / (n * n * (n + 1)));
}

Interval BetaPosterior::CredibleInterval(double mass) const {
  mass = std::clamp(mass, 0.0, 1.0);
  if (mass >= 1) return {0, 1};
  if (mass <= 0) return {Mean(), Mean()};
  const double z = boost::math::quantile(boost::math::normal(),
                                         0.5 + mass / 2);
  const double mean =
      boost::math::digamma(alpha_) - boost::math::digamma(beta_);
  const double sd =
      std::sqrt(boost::math::trigamma(alpha_) + boost::math::trigamma(beta_));
  auto sigmoid = [](double x) { return 1 / (1 + std::exp(-x)); };
  return {sigmoid(mean - z * sd), sigmoid(mean + z * sd)};
}

Interval BetaPosterior::ExactCredibleInterval(double mass) const {
  mass = std::clamp(mass, 0.0, 1.0);
  const double tail = (1 - mass) / 2;
  if (tail <= 0) return {0, 1};
  Interval out;
  out.low = boost::math::ibeta_inv(alpha_, beta_, tail);
  out.high = boost::math::ibeta_inv(alpha_, beta_, 1 - tail);
  return out;
}

}  // namespace offergraph
