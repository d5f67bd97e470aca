#include "engine/contact_rules.h"

#include <algorithm>

namespace offergraph {

bool IsResting(const std::vector<absl::Time>& presented, const RuleParams& p,
               absl::Time now) {
  const size_t n = static_cast<size_t>(p.presentations_before_rest);
  if (n == 0 || presented.size() < n) return false;
  for (size_t i = 0; i + n <= presented.size(); ++i) {
    const absl::Time last = presented[i + n - 1];
    if (last - presented[i] <= p.presentation_window &&
        now - last < p.presentation_rest) {
      return true;
    }
  }
  return false;
}

bool IsRecentlyDeclined(const SkuContact& contact, const RuleParams& p,
                        absl::Time now) {
  return contact.last_declined != absl::InfinitePast() &&
         now - contact.last_declined < p.decline_rest;
}

bool InQuietPeriod(const ContactHistory& history, const RuleParams& p,
                   absl::Time now) {
  return history.last_accepted != absl::InfinitePast() &&
         now - history.last_accepted < p.accept_quiet;
}

bool AtDailyCap(const ContactHistory& history, const RuleParams& p,
                absl::Time now) {
  if (p.max_offer_responses_per_day <= 0) return false;
  const absl::Time since = now - absl::Hours(24);
  const auto& r = history.offer_responses;
  const auto first = std::upper_bound(r.begin(), r.end(), since);
  return std::distance(first, r.end()) >= p.max_offer_responses_per_day;
}

}  // namespace offergraph
