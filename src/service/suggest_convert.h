// File: suggest_convert.h
// -----------------------------------------------------------------------------
// SuggestRequest -> DecisionInput (validation, sku resolution) and
// Decision -> SuggestResponse. The only place that knows both the proto and
// the engine's types for Suggest.
#ifndef OFFERGRAPH_SERVICE_SUGGEST_CONVERT_H_
#define OFFERGRAPH_SERVICE_SUGGEST_CONVERT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "offergraph/engine.h"
#include "offergraph/snapshot.h"
#include "offergraph/v1/offer_service.pb.h"
#include "service/id_checks.h"

namespace offergraph {

inline constexpr int32_t kMaxQuantity = 1000000;
inline constexpr int kMaxOwnedSkus = 1000;

struct ConvertedSuggest {
  DecisionInput input;
  std::vector<std::string> unknown_skus;  // in cart order, deduplicated
};

// Validates `request` against the snapshot's limits and resolves its skus.
// INVALID_ARGUMENT names the field and the value, e.g.
// "cart[3].quantity: must be >= 1, got 0", or a known line priced in another
// currency than the first known line. Never echoes customer ids.
absl::StatusOr<ConvertedSuggest> ConvertSuggestRequest(
    const v1::SuggestRequest& request, const Snapshot& snapshot);

// Fills offers, suppression, explain list, unknown skus and snapshot version.
// decision_id is left to the caller.
void FillSuggestResponse(const Snapshot& snapshot, const Decision& decision,
                         const ConvertedSuggest& converted,
                         v1::SuggestResponse* response);

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_SUGGEST_CONVERT_H_
