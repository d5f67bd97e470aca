// File: contact_rules.h
// -----------------------------------------------------------------------------
// The contact policy's time tests, as pure functions of the history, the
// rule parameters and `now`.
#ifndef OFFERGRAPH_ENGINE_CONTACT_RULES_H_
#define OFFERGRAPH_ENGINE_CONTACT_RULES_H_

#include <vector>

#include "absl/time/time.h"
#include "offergraph/data/rule_params.h"
#include "offergraph/ledger/offer_ledger.h"

namespace offergraph {

// True when `presented` (ascending) holds presentations_before_rest
// presentations within presentation_window whose last one is less than
// presentation_rest ago.
bool IsResting(const std::vector<absl::Time>& presented, const RuleParams& p,
               absl::Time now);

// True when the sku was declined less than decline_rest ago.
bool IsRecentlyDeclined(const SkuContact& contact, const RuleParams& p,
                        absl::Time now);

// True when any offer was accepted less than accept_quiet ago.
bool InQuietPeriod(const ContactHistory& history, const RuleParams& p,
                   absl::Time now);

// True when offer-bearing responses in the last 24 hours reached the cap.
bool AtDailyCap(const ContactHistory& history, const RuleParams& p,
                absl::Time now);

}  // namespace offergraph

#endif  // OFFERGRAPH_ENGINE_CONTACT_RULES_H_
