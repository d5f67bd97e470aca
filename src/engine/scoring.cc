#include "engine/scoring.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace offergraph {

double Scorer::Value(const Candidate& cand) const {
  static constexpr double kMinorPerMajor[] = {1.0, 10.0, 100.0, 1000.0};
  if (cand.kind == v1::BUNDLE || cand.kind == v1::QUANTITY) {
    // What the deal adds to the order (extra_pay) at default_margin: the
    // discount eats into the members' margins by an amount the catalog does
    // not say, so their own margins would overstate it.
    const ProductFacts& unit = catalog_.facts(cand.items[0].product);
    const double major = static_cast<double>(cand.extra_pay) /
                         kMinorPerMajor[unit.currency_exponent];
    return std::max(major * rules_.default_margin, kMinValue);
  }
  const ProductFacts& product = catalog_.facts(cand.product);
  const double margin =
      product.margin >= 0 ? product.margin : rules_.default_margin;
  int64_t amount = product.price;
  if (cand.kind == v1::UPSELL) {
    amount = std::max<int64_t>(
        0, product.price - catalog_.facts(cand.upgraded).price);
  }
  const double major =
      static_cast<double>(amount) / kMinorPerMajor[product.currency_exponent];
  return std::max(major * margin, kMinValue);
}

double Scorer::Combine(double strength, const Candidate& cand) const {
  const double w = rules_.value_weight;
  if (w == 0.0) return strength;
  const double value = Value(cand);
  if (w == 1.0) return strength * value;
  if (w == 0.5) return strength * std::sqrt(value);
  return strength * std::pow(value, w);
}

}  // namespace offergraph
