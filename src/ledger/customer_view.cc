#include "ledger/customer_view.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

namespace offergraph {
namespace {

// The end of the newest rest-starting run of presentations, or
// InfinitePast() when none rests at `now` (see IsResting in the engine).
absl::Time CooldownUntil(const std::vector<absl::Time>& presented,
                         const RuleParams& rules, absl::Time now) {
  if (rules.presentations_before_rest <= 0) return absl::InfinitePast();
  const size_t n = static_cast<size_t>(rules.presentations_before_rest);
  for (size_t end = presented.size(); end >= n; --end) {
    const absl::Time last = presented[end - 1];
    if (last > now) continue;  // not yet happened as of `now`
    if (now - last >= rules.presentation_rest) break;
    if (last - presented[end - n] <= rules.presentation_window) {
      return last + rules.presentation_rest;
    }
  }
  return absl::InfinitePast();
}

}  // namespace

std::vector<ActiveRest> ComputeActiveRests(const ContactHistory& history,
                                           const RuleParams& rules,
                                           absl::Time now) {
  std::vector<ActiveRest> rests;
  for (const auto& [sku, contact] : history.skus) {
    const absl::Time cooldown = CooldownUntil(contact.presented, rules, now);
    if (cooldown != absl::InfinitePast()) {
      rests.push_back({sku, v1::COOLDOWN, cooldown});
    }
    if (contact.last_declined != absl::InfinitePast() &&
        contact.last_declined <= now &&
        now - contact.last_declined < rules.decline_rest) {
      rests.push_back({sku, v1::RECENTLY_DECLINED,
                       contact.last_declined + rules.decline_rest});
    }
  }
  if (history.last_accepted != absl::InfinitePast() &&
      history.last_accepted <= now &&
      now - history.last_accepted < rules.accept_quiet) {
    rests.push_back(
        {"", v1::RECENT_ACCEPT, history.last_accepted + rules.accept_quiet});
  }
  if (rules.max_offer_responses_per_day > 0) {
    const std::vector<absl::Time>& r = history.offer_responses;
    const auto first =
        std::upper_bound(r.begin(), r.end(), now - absl::Hours(24));
    const auto last = std::upper_bound(first, r.end(), now);
    const int64_t count = last - first;
    const int64_t cap = rules.max_offer_responses_per_day;
    if (count >= cap) {
      // The cap lifts when all but cap - 1 of them have aged out.
      rests.push_back(
          {"", v1::FREQUENCY_CAP, *(first + (count - cap)) + absl::Hours(24)});
    }
  }
  std::sort(rests.begin(), rests.end(),
            [](const ActiveRest& a, const ActiveRest& b) {
              return std::tie(a.reason, a.sku) < std::tie(b.reason, b.sku);
            });
  return rests;
}

CustomerView BuildCustomerView(const ContactHistory& history,
                               std::vector<DecisionView> decisions,
                               const RuleParams& rules, absl::Time now) {
  CustomerView view;
  view.state = history.state;
  std::sort(decisions.begin(), decisions.end(),
            [](const DecisionView& a, const DecisionView& b) {
              if (a.time != b.time) return a.time > b.time;
              return a.decision_id < b.decision_id;
            });
  if (decisions.size() > static_cast<size_t>(kMaxViewDecisions)) {
    decisions.resize(kMaxViewDecisions);
  }
  view.decisions = std::move(decisions);
  view.active_rests = ComputeActiveRests(history, rules, now);
  const std::vector<absl::Time>& r = history.offer_responses;
  view.offer_responses_last_24h = static_cast<int>(
      std::upper_bound(r.begin(), r.end(), now) -
      std::upper_bound(r.begin(), r.end(), now - absl::Hours(24)));
  return view;
}

}  // namespace offergraph
