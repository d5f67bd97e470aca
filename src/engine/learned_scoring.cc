#include "engine/learned_scoring.h"

#include <algorithm>

namespace offergraph {

LearnedScorer::LearnedScorer(const Snapshot& snapshot,
                             const DecisionInput& input,
                             const ContactHistory& history,
                             const PropensityModel& model)
    : snapshot_(snapshot), input_(input), model_(model) {
  static constexpr double kMinorPerMajor[] = {1.0, 10.0, 100.0, 1000.0};
  ContextInput base;
  base.cart_lines = static_cast<int>(input.cart.size());
  for (const CartItem& item : input.cart) {
    const ProductFacts& facts = snapshot.catalog.facts(item.product);
    base.cart_value_major += static_cast<double>(facts.price) * item.quantity /
                             kMinorPerMajor[facts.currency_exponent];
  }
  base.tenure_days = input.tenure_days;
  base.budget_sensitive =
      input.budget_sensitive || history.state.budget_sensitive;
  base_ = BucketFeatures(base);
  anchor_buckets_.reserve(input.cart.size());
  for (const CartItem& item : input.cart) {
    ContextInput category;
    category.anchor_category = snapshot.catalog.product(item.product).category;
    anchor_buckets_.emplace_back(
        item.product, BucketFeatures(category)[Feature::kAnchorCategory]);
  }
  std::sort(anchor_buckets_.begin(), anchor_buckets_.end());
}

void LearnedScorer::Score(const Scorer& scorer, Candidate* cand) const {
  cand->context = base_;
  if (!cand->anchors.empty()) {
    const ProductId anchor = cand->anchors.front();
    auto it = std::lower_bound(
        anchor_buckets_.begin(), anchor_buckets_.end(), anchor,
        [](const std::pair<ProductId, uint8_t>& a, ProductId p) {
          return a.first < p;
        });
    if (it != anchor_buckets_.end() && it->first == anchor) {
      cand->context.bucket[static_cast<int>(Feature::kAnchorCategory)] =
          it->second;
    } else {  // not a cart line (not expected): hash it here
      ContextInput category;
      category.anchor_category = snapshot_.catalog.product(anchor).category;
      cand->context.bucket[static_cast<int>(Feature::kAnchorCategory)] =
          BucketFeatures(category)[Feature::kAnchorCategory];
    }
  }
  // Keyed by the offered sku: a bundle's id, with kind BUNDLE.
  cand->learned = model_.Predict(input_.channel, cand->kind,
                                 OfferSku(snapshot_, cand->product, cand->bundle),
                                 cand->propensity, cand->context);
  cand->score = scorer.Combine(cand->learned.propensity, *cand);
}

}  // namespace offergraph
