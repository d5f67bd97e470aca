// File: contact_rules.h
// -----------------------------------------------------------------------------
// The contact policy's time tests, as pure functions of the history, the
// rule parameters and `now` (the engine has no clock). The one place for
// them: the engine's rules ask whether a rest is in force, the customer view
// (ledger/customer_view.h) asks when it ends, and both get their answer
// from the same *Ends functions. A rest is in force while now < its end.
//
// Built as its own small library (offergraph_contact_rules) that the engine
// and the ledger both link: it needs neither.
//
// Example:
//   if (InQuietPeriod(history, rules, now)) ...  // RECENT_ACCEPT
#ifndef OFFERGRAPH_ENGINE_CONTACT_RULES_H_
#define OFFERGRAPH_ENGINE_CONTACT_RULES_H_

#include <cstdint>
#include <vector>

#include "absl/time/time.h"
#include "offergraph/contact_history.h"
#include "offergraph/rule_params.h"

namespace offergraph {

// When the cooldown of a sku presented at `presented` (ascending) ends:
// presentations_before_rest (N) consecutive presentations t_i..t_{i+N-1}
// with t_{i+N-1} - t_i <= presentation_window rest the sku until
// t_{i+N-1} + presentation_rest. Returns the end of the newest such run
// still in force at `now`, or InfinitePast() when none is.
absl::Time CooldownEnds(const std::vector<absl::Time>& presented,
                        const RuleParams& rules, absl::Time now);

// When the decline rest of a sku ends (last decline + decline_rest), or
// InfinitePast() when it was never declined.
absl::Time DeclineRestEnds(const SkuContact& contact, const RuleParams& rules);

// When the quiet period after the last accept ends (+ accept_quiet), or
// InfinitePast() when nothing was accepted.
absl::Time QuietPeriodEnds(const ContactHistory& history,
                           const RuleParams& rules);

// Offer-bearing responses in (now - 24h, now].
int64_t OfferResponsesLastDay(const ContactHistory& history, absl::Time now);

// When the daily cap lifts: once all but max_offer_responses_per_day - 1 of
// the responses counted by OfferResponsesLastDay have aged out. InfinitePast()
// when the cap is off (<= 0) or not reached.
absl::Time DailyCapEnds(const ContactHistory& history, const RuleParams& rules,
                        absl::Time now);

// Whether each rest is in force at `now` (now < its end).
bool IsResting(const std::vector<absl::Time>& presented,
               const RuleParams& rules, absl::Time now);
bool IsRecentlyDeclined(const SkuContact& contact, const RuleParams& rules,
                        absl::Time now);
bool InQuietPeriod(const ContactHistory& history, const RuleParams& rules,
                   absl::Time now);
bool AtDailyCap(const ContactHistory& history, const RuleParams& rules,
                absl::Time now);

}  // namespace offergraph

#endif  // OFFERGRAPH_ENGINE_CONTACT_RULES_H_
