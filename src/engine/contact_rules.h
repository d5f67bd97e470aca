// File: contact_rules.h
// -----------------------------------------------------------------------------
// The contact policy's time tests, as pure functions of the history, the
// rule parameters and `now` (the engine has no clock).
//
// Example:
//   if (InQuietPeriod(history, rules, now)) ...  // RECENT_ACCEPT
#ifndef OFFERGRAPH_ENGINE_CONTACT_RULES_H_
#define OFFERGRAPH_ENGINE_CONTACT_RULES_H_

#include <vector>

#include "absl/time/time.h"
#include "offergraph/data/rule_params.h"
#include "offergraph/ledger/offer_ledger.h"

namespace offergraph {

// True when `presented` (ascending) holds presentations_before_rest (N)
// consecutive presentations t_i..t_{i+N-1} with t_{i+N-1} - t_i <=
// presentation_window and now - t_{i+N-1} < presentation_rest.
bool IsResting(const std::vector<absl::Time>& presented,
               const RuleParams& rules, absl::Time now);

// True when the sku was declined less than decline_rest ago.
bool IsRecentlyDeclined(const SkuContact& contact, const RuleParams& rules,
                        absl::Time now);

// True when any offer was accepted less than accept_quiet ago.
bool InQuietPeriod(const ContactHistory& history, const RuleParams& rules,
                   absl::Time now);

// True when max_offer_responses_per_day > 0 and the offer-bearing responses
// in (now - 24h, now] number at least that many.
bool AtDailyCap(const ContactHistory& history, const RuleParams& rules,
                absl::Time now);

}  // namespace offergraph

#endif  // OFFERGRAPH_ENGINE_CONTACT_RULES_H_
