#include "engine/contact_rules.h"

#include <algorithm>
#include <cstddef>

namespace offergraph {

bool IsResting(const std::vector<absl::Time>& presented,
               const RuleParams& rules, absl::Time now) {
  if (rules.presentations_before_rest <= 0) return false;
  const size_t n = static_cast<size_t>(rules.presentations_before_rest);
  // Newest run first: once a run's last presentation is rested out, every
  // older run is too.
  for (size_t end = presented.size(); end >= n; --end) {
    const absl::Time last = presented[end - 1];
    if (now - last >= rules.presentation_rest) return false;
    if (last - presented[end - n] <= rules.presentation_window) return true;
  }
  return false;
}

bool IsRecentlyDeclined(const SkuContact& contact, const RuleParams& rules,
                        absl::Time now) {
  return contact.last_declined != absl::InfinitePast() &&
         now - contact.last_declined < rules.decline_rest;
}

bool InQuietPeriod(const ContactHistory& history, const RuleParams& rules,
                   absl::Time now) {
  return history.last_accepted != absl::InfinitePast() &&
         now - history.last_accepted < rules.accept_quiet;
}

bool AtDailyCap(const ContactHistory& history, const RuleParams& rules,
                absl::Time now) {
  if (rules.max_offer_responses_per_day <= 0) return false;
  const std::vector<absl::Time>& r = history.offer_responses;
  const auto first =
      std::upper_bound(r.begin(), r.end(), now - absl::Hours(24));
  const auto last = std::upper_bound(first, r.end(), now);
  return last - first >= rules.max_offer_responses_per_day;
}

}  // namespace offergraph
