// File: rules.h
// -----------------------------------------------------------------------------
// The rule layer: whole-response suppressions (complaint, overwhelm, channel,
// quiet period, daily cap) and per-candidate suppressions (cart, ownership,
// stock, channel, relevance, price ceiling, budget, contact history).
//
// Example:
//   v1::SuppressionReason whole = WholeResponseReason(rules, in, history, now);
//   CandidateRules check(snapshot, in, history, now);
//   v1::SuppressionReason why = check.Reason(candidate);
#ifndef OFFERGRAPH_ENGINE_RULES_H_
#define OFFERGRAPH_ENGINE_RULES_H_

#include <cstdint>
#include <utility>

#include "absl/time/time.h"
#include "absl/types/span.h"
#include "engine/candidates.h"
#include "offergraph/contact_history.h"
#include "offergraph/engine.h"
#include "offergraph/rule_params.h"
#include "offergraph/snapshot.h"

namespace offergraph {

// The reason the whole response is suppressed, or UNSPECIFIED. Checked in
// order: COMPLAINT_OPEN, OVERWHELMED, CHANNEL_POLICY (the channel allows none
// of the requested kinds, BUNDLE and QUANTITY included, or tenure_days < min_tenure_days), RECENT_ACCEPT,
// FREQUENCY_CAP.
v1::SuppressionReason WholeResponseReason(const RuleParams& rules,
                                          const DecisionInput& input,
                                          const ContactHistory& history,
                                          absl::Time now);

// The per-candidate rules for one decision; first match wins: IN_CART,
// ALREADY_OWNED, OUT_OF_STOCK, CURRENCY_MISMATCH (priced in another currency
// than the cart's first line, or an upsell in another than the line it
// upgrades), CHANNEL_POLICY, LOW_RELEVANCE, PRICE_CEILING, BUDGET_SENSITIVE,
// RECENTLY_DECLINED, COOLDOWN.
//
// BUNDLE (README "Deals"): its deal_reason (BUNDLE_COMPLETE, EXPIRED), then
// ALREADY_OWNED (a missing member is owned), OUT_OF_STOCK (a missing member
// is), CURRENCY_MISMATCH, CHANNEL_POLICY (allow_bundle), BUDGET_SENSITIVE
// (extra_pay over the cross-sell budget), RECENTLY_DECLINED and COOLDOWN by
// the bundle id. QUANTITY: OUT_OF_STOCK, CURRENCY_MISMATCH, CHANNEL_POLICY
// (allow_quantity), BUDGET_SENSITIVE (extra_pay), then the contact rules by
// the line's sku. Relevance and the price ceiling do not apply to either.
//
// Holds references to its arguments, which must outlive it, and sorted
// copies of the cart and owned ids and of the contact history (by ProductId)
// in thread-local scratch: at most one instance per thread at a time. Not
// thread-safe.
class CandidateRules {
 public:
  CandidateRules(const Snapshot& snapshot, const DecisionInput& input,
                 const ContactHistory& history, absl::Time now);
  CandidateRules(const CandidateRules&) = delete;
  CandidateRules& operator=(const CandidateRules&) = delete;

  // The first rule that holds `candidate` back, or UNSPECIFIED.
  v1::SuppressionReason Reason(const Candidate& candidate) const;

 private:
  bool OverBudget(int64_t price) const;
  v1::SuppressionReason BundleReason(const Candidate& candidate) const;
  v1::SuppressionReason QuantityReason(const Candidate& candidate) const;
  // RECENTLY_DECLINED, COOLDOWN or UNSPECIFIED for `contact`.
  v1::SuppressionReason ContactReason(const SkuContact& contact) const;
  // The contact history of a product candidate's sku, or nullptr.
  const SkuContact* ContactOf(ProductId product) const;

  const Snapshot& snapshot_;
  const DecisionInput& input_;
  const ContactHistory& history_;
  const absl::Time now_;
  const ChannelRule& channel_;
  bool budget_sensitive_ = false;
  // CurrencyKey of the cart's first line (0 for an empty cart, which has no
  // candidates).
  uint32_t cart_currency_ = 0;
  // The most a cross-sell may cost in a budget-sensitive session, minor
  // units: budget_cart_share of the cart's value (sum of price * quantity
  // over the lines in the cart's currency); used when the request gives no
  // budget_limit.
  double cart_share_cap_ = 0;
  absl::Span<const ProductId> cart_sorted_;
  absl::Span<const ProductId> owned_sorted_;
  // history_.skus resolved to this snapshot's ids, sorted by id.
  absl::Span<const std::pair<ProductId, const SkuContact*>> contacts_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_ENGINE_RULES_H_
