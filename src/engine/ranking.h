// File: ranking.h
// -----------------------------------------------------------------------------
// Ranks the valid candidates: one offer per product, best first (score
// descending, then sku ascending in byte order, then kind), cut to the
// number of offers the response may carry.
//
// Example:
//   size_t keep = RankCandidates(snapshot, MaxOffers(rules, in.max_offers),
//                                in.explain, &valid);
//   // valid[0, keep) are the offers; valid[keep, end) are OFFER_LIMIT.
#ifndef OFFERGRAPH_ENGINE_RANKING_H_
#define OFFERGRAPH_ENGINE_RANKING_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/candidates.h"
#include "offergraph/catalog.h"
#include "offergraph/rule_params.h"
#include "offergraph/snapshot.h"

namespace offergraph {

// How many offers a response may carry: `requested`, or default_max_offers
// when it is 0 (or negative), at most max_offers_cap.
size_t MaxOffers(const RuleParams& rules, int32_t requested);

// True when `a` ranks before `b`: higher score, then smaller sku (byte
// order; a bundle's id), then kind (cross-sell, upsell, bundle, quantity).
bool RanksBefore(const Snapshot& snapshot, const Candidate& a,
                 const Candidate& b);

// `valid` holds scored candidates in (product, kind) order. Keeps one
// candidate per product (the higher-scoring kind; a tie keeps the
// cross-sell), orders the first min(max_offers, size) best first and
// returns that count. The rest follow, ranked too when `rank_rest` (for
// explain), else in no particular order.
// BUNDLE and QUANTITY candidates are never merged with another.
size_t RankCandidates(const Snapshot& snapshot, size_t max_offers,
                      bool rank_rest, std::vector<Candidate*>* valid);

}  // namespace offergraph

#endif  // OFFERGRAPH_ENGINE_RANKING_H_
