#include "ledger/customer_view.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>

#include "engine/contact_rules.h"

namespace offergraph {

std::vector<ActiveRest> ComputeActiveRests(const ContactHistory& history,
                                           const RuleParams& rules,
                                           absl::Time now) {
  std::vector<ActiveRest> rests;
  // Adds the rest ending at `until` if it is in force.
  auto add = [&](const std::string& sku, v1::SuppressionReason reason,
                 absl::Time until) {
    if (now < until) rests.push_back({sku, reason, until});
  };
  for (const auto& [sku, contact] : history.skus) {
    add(sku, v1::COOLDOWN, CooldownEnds(contact.presented, rules, now));
    add(sku, v1::RECENTLY_DECLINED, DeclineRestEnds(contact, rules));
  }
  add("", v1::RECENT_ACCEPT, QuietPeriodEnds(history, rules));
  add("", v1::FREQUENCY_CAP, DailyCapEnds(history, rules, now));
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
  view.offer_responses_last_24h =
      static_cast<int>(OfferResponsesLastDay(history, now));
  return view;
}

}  // namespace offergraph
