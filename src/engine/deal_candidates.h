// File: deal_candidates.h
// -----------------------------------------------------------------------------
// The deal half of candidate generation (README "Deals"): BUNDLE candidates
// ("complete the set") from the bundles the cart's lines belong to, QUANTITY
// candidates from the cart lines just below a quantity break, and the
// promotion that prices a cross-sell or upsell at `now`. Only called when
// the snapshot has deals (Deals::empty() is false): a snapshot without deal
// files pays nothing.
//
// Example:
//   if (!snapshot.deals.empty()) {
//     GatherDealCandidates(snapshot, input, now, &candidates);  // appends
//   }
//   ... rules, scores, ranking ...
//   PriceWithPromotion(snapshot, now, &offer_candidate);
#ifndef OFFERGRAPH_ENGINE_DEAL_CANDIDATES_H_
#define OFFERGRAPH_ENGINE_DEAL_CANDIDATES_H_

#include <vector>

#include "absl/time/time.h"
#include "engine/candidates.h"
#include "offergraph/engine.h"
#include "offergraph/snapshot.h"

namespace offergraph {

// *out holds the request's cross-sell and upsell candidates
// (GatherCandidates). Appends to it the BUNDLE candidates of the bundles with at least one
// member in the cart (each bundle once, ascending bundle index) and the
// QUANTITY candidates of the cart lines whose next break is within
// rules.deals.quantity_max_extra_units (cart order), for the kinds the
// request asked for. A complete bundle is a candidate with
// deal_reason BUNDLE_COMPLETE, one outside its validity window EXPIRED; the
// rules report them first. Uses thread-local scratch. Not reentrant.
void GatherDealCandidates(const Snapshot& snapshot, const DecisionInput& input,
                          absl::Time now, std::vector<Candidate>* out);

// For a CROSS_SELL or UPSELL candidate: sets price (the unit price at
// quantity 1 after the best promotion valid at `now`, else the list price),
// promotion and expires_at, and expired_promotion to the first promotion of
// the product that is not valid at `now` when no valid one applies.
void PriceWithPromotion(const Snapshot& snapshot, absl::Time now,
                        Candidate* candidate);

}  // namespace offergraph

#endif  // OFFERGRAPH_ENGINE_DEAL_CANDIDATES_H_
