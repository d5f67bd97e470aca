// File: candidates.h
// -----------------------------------------------------------------------------
// Gathers offer candidates from every cart line: cross-sells combined by
// noisy-OR over the relevant edges, upsells from each line's upgrades.
#ifndef OFFERGRAPH_ENGINE_CANDIDATES_H_
#define OFFERGRAPH_ENGINE_CANDIDATES_H_

#include <cstdint>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "offergraph/engine/engine.h"

namespace offergraph {

// Edges read per cart line and kind. The graph keeps each product's edges
// sorted by weight, so these are its strongest ones.
inline constexpr size_t kMaxEdgesPerLine = 64;

struct Candidate {
  ProductId product = kNoProduct;
  v1::OfferKind kind = v1::OFFER_KIND_UNSPECIFIED;
  // Cart lines whose edges contribute (cross-sell) or the upgraded line.
  absl::InlinedVector<ProductId, 4> anchors;
  double propensity = 0;
  // Cross-sell: false when no edge passed the relevance test.
  bool relevant = true;
  // Upsell: the line it upgrades, and whether the edge was derived.
  ProductId upgraded = kNoProduct;
  bool derived = false;
  uint32_t edge_pitch = 0;
  double score = 0;
  v1::SuppressionReason suppressed = v1::SUPPRESSION_REASON_UNSPECIFIED;
};

// Appends the candidates for `input`'s cart to *out (cleared first), in
// ascending (product, kind) order. Uses thread-local scratch space: no heap
// allocation once warm.
void GatherCandidates(const Snapshot& snapshot, const DecisionInput& input,
                      std::vector<Candidate>* out);

}  // namespace offergraph

#endif  // OFFERGRAPH_ENGINE_CANDIDATES_H_
