#include "engine/learned_scoring.h"

namespace offergraph {

LearnedScorer::LearnedScorer(const Snapshot& snapshot,
                             const DecisionInput& input,
                             const ContactHistory& history,
                             const PropensityModel& model)
    : snapshot_(snapshot), input_(input), model_(model) {
  static constexpr double kMinorPerMajor[] = {1.0, 10.0, 100.0, 1000.0};
  base_.cart_lines = static_cast<int>(input.cart.size());
  for (const CartItem& item : input.cart) {
    const ProductFacts& facts = snapshot.catalog.facts(item.product);
    base_.cart_value_major += static_cast<double>(facts.price) * item.quantity /
                              kMinorPerMajor[facts.currency_exponent];
  }
  base_.tenure_days = input.tenure_days;
  base_.budget_sensitive =
      input.budget_sensitive || history.state.budget_sensitive;
}

void LearnedScorer::Score(const Scorer& scorer, Candidate* cand) const {
  ContextInput context = base_;
  if (!cand->anchors.empty()) {
    context.anchor_category =
        snapshot_.catalog.product(cand->anchors.front()).category;
  }
  cand->context = BucketFeatures(context);
  cand->learned = model_.Predict(input_.channel, cand->kind,
                                 snapshot_.catalog.product(cand->product).sku,
                                 cand->propensity, cand->context);
  cand->score = scorer.Combine(cand->learned.propensity, *cand);
}

}  // namespace offergraph
