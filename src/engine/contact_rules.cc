#include "engine/contact_rules.h"

#include <algorithm>
#include <cstddef>

namespace offergraph {

absl::Time CooldownEnds(const std::vector<absl::Time>& presented,
                        const RuleParams& rules, absl::Time now) {
  if (rules.presentations_before_rest <= 0) return absl::InfinitePast();
  const size_t n = static_cast<size_t>(rules.presentations_before_rest);
  // Newest run first: once a run's last presentation is rested out, every
  // older run is too.
  for (size_t end = presented.size(); end >= n; --end) {
    const absl::Time last = presented[end - 1];
    if (now - last >= rules.presentation_rest) break;
    if (last - presented[end - n] <= rules.presentation_window) {
      return last + rules.presentation_rest;
    }
  }
  return absl::InfinitePast();
}

absl::Time DeclineRestEnds(const SkuContact& contact, const RuleParams& rules) {
  if (contact.last_declined == absl::InfinitePast()) {
    return absl::InfinitePast();
  }
  return contact.last_declined + rules.decline_rest;
}

absl::Time QuietPeriodEnds(const ContactHistory& history,
                           const RuleParams& rules) {
  if (history.last_accepted == absl::InfinitePast()) {
    return absl::InfinitePast();
  }
  return history.last_accepted + rules.accept_quiet;
}

namespace {

// The responses in (now - 24h, now].
std::pair<std::vector<absl::Time>::const_iterator,
          std::vector<absl::Time>::const_iterator>
LastDay(const ContactHistory& history, absl::Time now) {
  const std::vector<absl::Time>& r = history.offer_responses;
  const auto first =
      std::upper_bound(r.begin(), r.end(), now - absl::Hours(24));
  return {first, std::upper_bound(first, r.end(), now)};
}

}  // namespace

int64_t OfferResponsesLastDay(const ContactHistory& history, absl::Time now) {
  const auto [first, last] = LastDay(history, now);
  return last - first;
}

absl::Time DailyCapEnds(const ContactHistory& history, const RuleParams& rules,
                        absl::Time now) {
  const int64_t cap = rules.max_offer_responses_per_day;
  if (cap <= 0) return absl::InfinitePast();
  const auto [first, last] = LastDay(history, now);
  const int64_t count = last - first;
  if (count < cap) return absl::InfinitePast();
  return *(first + (count - cap)) + absl::Hours(24);
}

bool IsResting(const std::vector<absl::Time>& presented,
               const RuleParams& rules, absl::Time now) {
  return now < CooldownEnds(presented, rules, now);
}

bool IsRecentlyDeclined(const SkuContact& contact, const RuleParams& rules,
                        absl::Time now) {
  return now < DeclineRestEnds(contact, rules);
}

bool InQuietPeriod(const ContactHistory& history, const RuleParams& rules,
                   absl::Time now) {
  return now < QuietPeriodEnds(history, rules);
}

bool AtDailyCap(const ContactHistory& history, const RuleParams& rules,
                absl::Time now) {
  return now < DailyCapEnds(history, rules, now);
}

}  // namespace offergraph
