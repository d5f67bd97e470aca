// File: customer_view.h
// -----------------------------------------------------------------------------
// Store-independent parts of GetCustomerView: the rests the contact rules
// impose, computed from a ContactHistory, and the assembly of the view.
//
// Example:
//   ASSIGN_OR_RETURN(ContactHistory h, GetHistory(key, now));
//   return BuildCustomerView(std::move(h), std::move(decisions), rules, now);
#ifndef OFFERGRAPH_LEDGER_CUSTOMER_VIEW_H_
#define OFFERGRAPH_LEDGER_CUSTOMER_VIEW_H_

#include <vector>

#include "absl/time/time.h"
#include "ledger/offer_ledger.h"
#include "offergraph/rule_params.h"

namespace offergraph {

// The rests in force at `now`, from the engine's contact rules
// (engine/contact_rules.h, the one place for their tests and boundaries):
// COOLDOWN per sku, RECENTLY_DECLINED per sku, RECENT_ACCEPT and
// FREQUENCY_CAP for all offers. Ordered by reason, then sku.
std::vector<ActiveRest> ComputeActiveRests(const ContactHistory& history,
                                           const RuleParams& rules,
                                           absl::Time now);

// Assembles the view: decisions newest first (ties by id), at most
// kMaxViewDecisions of them, plus the rests and counts from `history`.
CustomerView BuildCustomerView(const ContactHistory& history,
                               std::vector<DecisionView> decisions,
                               const RuleParams& rules, absl::Time now);

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_CUSTOMER_VIEW_H_
