#include "engine/scoring.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "offergraph/common/money.h"

namespace offergraph {

double Scorer::MinorPerMajor(absl::string_view currency) {
  // A cart is nearly always in one currency: look it up once per decision.
  if (cached_scale_ == 0 || currency != cached_currency_) {
    static constexpr double kScale[] = {1.0, 10.0, 100.0, 1000.0};
    cached_currency_ = currency;
    cached_scale_ = kScale[CurrencyExponent(currency)];
  }
  return cached_scale_;
}

double Scorer::Value(const Candidate& cand) {
  const Product& product = catalog_.product(cand.product);
  const double margin =
      product.margin >= 0 ? product.margin : rules_.default_margin;
  int64_t amount = product.price;
  if (cand.kind == v1::UPSELL) {
    amount = std::max<int64_t>(
        0, product.price - catalog_.product(cand.upgraded).price);
  }
  const double major =
      static_cast<double>(amount) / MinorPerMajor(product.currency);
  return std::max(major * margin, kMinValue);
}

double Scorer::Score(const Candidate& cand) {
  const double w = rules_.value_weight;
  if (w == 0.0) return cand.affinity;
  const double value = Value(cand);
  if (w == 1.0) return cand.affinity * value;
  if (w == 0.5) return cand.affinity * std::sqrt(value);
  return cand.affinity * std::pow(value, w);
}

}  // namespace offergraph
