#include "stats/distributions.h"

#include <cmath>

#include "boost/math/distributions/chi_squared.hpp"
#include "boost/math/distributions/normal.hpp"
#include "boost/math/distributions/students_t.hpp"
#include "boost/math/policies/policy.hpp"

namespace offergraph::stats {
namespace {

namespace policies = boost::math::policies;

// No exceptions in this project: every Boost.Math error sets errno and
// returns a sentinel. An explicit policy type rather than the
// BOOST_MATH_*_POLICY macros keeps these instantiations distinct from those
// of other translation units (no ODR clash whatever they define).
using NoThrow = policies::policy<
    policies::domain_error<policies::errno_on_error>,
    policies::pole_error<policies::errno_on_error>,
    policies::overflow_error<policies::errno_on_error>,
    policies::underflow_error<policies::ignore_error>,
    policies::denorm_error<policies::ignore_error>,
    policies::evaluation_error<policies::errno_on_error>,
    policies::rounding_error<policies::errno_on_error>,
    policies::indeterminate_result_error<policies::errno_on_error>>;

using Normal = boost::math::normal_distribution<double, NoThrow>;
using StudentT = boost::math::students_t_distribution<double, NoThrow>;
using ChiSquared = boost::math::chi_squared_distribution<double, NoThrow>;

// Beyond this many degrees of freedom Student's t is the normal to well
// within the accuracy any experiment report needs.
constexpr double kNormalDf = 1e7;

}  // namespace

double NormalQuantile(double p) {
  if (!(p > 0 && p < 1)) return std::nan("");
  return boost::math::quantile(Normal(), p);
}

double NormalTwoSidedP(double z) {
  if (std::isnan(z)) return std::nan("");
  if (std::isinf(z)) return 0;
  return 2 * boost::math::cdf(boost::math::complement(Normal(), std::fabs(z)));
}

double StudentTQuantile(double df, double p) {
  if (!(df > 0) || !(p > 0 && p < 1)) return std::nan("");
  if (df > kNormalDf) return NormalQuantile(p);
  return boost::math::quantile(StudentT(df), p);
}

double StudentTTwoSidedP(double t, double df) {
  if (!(df > 0) || std::isnan(t)) return std::nan("");
  if (df > kNormalDf) return NormalTwoSidedP(t);
  if (std::isinf(t)) return 0;
  return 2 *
         boost::math::cdf(boost::math::complement(StudentT(df), std::fabs(t)));
}

double ChiSquareUpperTail(double q, double df) {
  if (!(df > 0) || std::isnan(q)) return std::nan("");
  if (q <= 0) return 1;
  if (std::isinf(q)) return 0;
  return boost::math::cdf(boost::math::complement(ChiSquared(df), q));
}

}  // namespace offergraph::stats
