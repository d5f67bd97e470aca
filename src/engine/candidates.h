// File: candidates.h
// -----------------------------------------------------------------------------
// Gathers offer candidates from every cart line: a cross-sell combines the
// relevant edges of all lines that reach it (propensity by noisy-OR; the
// affinity it ranks by as rules.cross_sell_combination and
// popularity_exponent say); an upsell keeps the strongest upgrade edge of any
// line.
//
// Example:
//   std::vector<Candidate> candidates;
//   GatherCandidates(snapshot, input, &candidates);  // by (product, kind)
#ifndef OFFERGRAPH_ENGINE_CANDIDATES_H_
#define OFFERGRAPH_ENGINE_CANDIDATES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "learn/propensity_model.h"
#include "offergraph/engine.h"
#include "offergraph/offer_graph.h"
#include "offergraph/rule_params.h"
#include "offergraph/snapshot.h"

namespace offergraph {

// Edges read per cart line and kind. The graph keeps each product's edges
// sorted by weight, highest first, so these are the line's strongest ones;
// it bounds the work per line (5 lines read at most 640 edges).
inline constexpr size_t kMaxEdgesPerLine = 64;

// One product that could be offered as one kind.
struct Candidate {
  ProductId product = kNoProduct;
  v1::OfferKind kind = v1::OFFER_KIND_UNSPECIFIED;
  // Cross-sell: the cart lines whose edges contribute, in cart order.
  // Upsell: the upgraded line.
  absl::InlinedVector<ProductId, 4> anchors;
  // Cross-sell: noisy-OR of the contributing weights. Upsell: edge weight.
  double propensity = 0;
  // What the score ranks by. Cross-sell: CrossSellAffinity of the
  // contributing weights. Upsell: the edge weight (= propensity).
  double affinity = 0;
  // Cross-sell: false when no edge passed the relevance test, or the
  // affinity is below rules.min_affinity.
  bool relevant = true;
  // Upsell: the line it upgrades, and whether the edge was derived from the
  // product line's tiers (false: an explicit upsell edge).
  ProductId upgraded = kNoProduct;
  bool derived = false;
  // Pitch index of the strongest contributing edge that has one; 0 if none.
  uint32_t edge_pitch = 0;
  // A contributing anchor is an owned sku (history anchors), not a cart
  // line.
  bool from_history = false;

  // Deals (deal_candidates.h), filled only when the snapshot has any.
  // BUNDLE: index into deals.bundles(); product is kNoProduct.
  int32_t bundle = -1;
  // The promotion that sets price (index into deals.promotions()), or -1;
  // a promotion of the product not valid now (explain lists it EXPIRED).
  int32_t promotion = -1;
  int32_t expired_promotion = -1;
  // QUANTITY: the break reached (index into deals.BreaksOf(product)).
  int32_t quantity_break = -1;
  // The unit price shown, minor units; -1 = the product's list price.
  // BUNDLE: extra_pay. QUANTITY: the unit price at the break.
  int64_t price = -1;
  // BUNDLE and QUANTITY: what taking the offer costs on top of the cart and
  // saves against list prices.
  int64_t extra_pay = 0;
  int64_t saving = 0;
  absl::Time expires_at = absl::InfiniteFuture();
  // BUNDLE: the missing units; QUANTITY: the extra units.
  absl::InlinedVector<OfferLine, 2> items;
  // BUNDLE_COMPLETE or EXPIRED for a bundle there is no offer of; the rules
  // return it first.
  v1::SuppressionReason deal_reason = v1::SUPPRESSION_REASON_UNSPECIFIED;
  // Filled by the engine: the score (valid candidates only) and the
  // suppression reason (UNSPECIFIED while valid).
  double score = 0;
  // Filled by the engine when a learned model is in use (valid candidates
  // only): the model's prediction and the context it was made in.
  PropensityPrediction learned;
  ContextFeatures context;
  v1::SuppressionReason suppressed = v1::SUPPRESSION_REASON_UNSPECIFIED;
};

// True when a cross-sell edge contributes: weight >= min_weight and, where
// the lift is known (>= 0), lift >= min_lift. Compared in float, the edge's
// precision, so a weight written equal to the threshold passes.
bool IsRelevantCrossSell(const Edge& edge, const RuleParams& rules);

// The affinity of a cross-sell B from its contributing edges: noisy-OR
// (`noisy_or` = 1 - prod(1 - w)) or sum (`weight_sum` = sum of w) as
// rules.cross_sell_combination says, divided by p_b ^ popularity_exponent
// where p_b = P(B), in (0, 1], or 1 when unknown.
double CrossSellAffinity(double noisy_or, double weight_sum, double p_b,
                         const RuleParams& rules);

// Replaces *out with the cross-sell and upsell candidates of `input`'s
// cart (and its owned skus when the channel's history_anchors is on, their
// edge weights times rules.deals.history_anchor_weight), ordered by
// (product, kind), skipping the kinds the request did not ask for. Uses thread-local
// scratch space: no heap allocation once warm. Not reentrant.
void GatherCandidates(const Snapshot& snapshot, const DecisionInput& input,
                      std::vector<Candidate>* out);

}  // namespace offergraph

#endif  // OFFERGRAPH_ENGINE_CANDIDATES_H_
