#include "learn/offer_effect.h"

#include <algorithm>
#include <cmath>

#include "learn/evidence_table.h"

// No exceptions in this project: Boost.Math reports errors through errno and
// a sentinel value instead of a throw.
#define BOOST_MATH_DOMAIN_ERROR_POLICY errno_on_error
#define BOOST_MATH_OVERFLOW_ERROR_POLICY errno_on_error
#define BOOST_MATH_EVALUATION_ERROR_POLICY errno_on_error
#define BOOST_MATH_ROUNDING_ERROR_POLICY errno_on_error
#include "boost/math/distributions/normal.hpp"
#include "boost/math/special_functions/gamma.hpp"

namespace offergraph {

OfferEffect OfferEffect::From(double strength,
                              const AcceptanceEvidence& evidence,
                              double target) {
  const double k = std::max(strength, 1e-6);
  return OfferEffect(k * std::max(target, 1e-6) +
                         std::max(evidence.accepted, 0.0),
                     k + std::max(evidence.expected, 0.0));
}

double OfferEffect::LogStdDev() const {
  return std::sqrt(1 / shape_ + 1 / (2 * shape_ * shape_));
}

double OfferEffect::Quantile(double q) const {
  q = std::clamp(q, 1e-12, 1 - 1e-12);
  const double z = boost::math::quantile(boost::math::normal(), q);
  const double v = 1 / (9 * shape_);
  const double c = std::max(0.0, 1 - v + z * std::sqrt(v));
  return shape_ / rate_ * c * c * c;
}

double OfferEffect::ExactQuantile(double q) const {
  q = std::clamp(q, 1e-12, 1 - 1e-12);
  return boost::math::gamma_p_inv(shape_, q) / rate_;
}

}  // namespace offergraph
