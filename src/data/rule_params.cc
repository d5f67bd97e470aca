#include "offergraph/rule_params.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace offergraph {
namespace {

absl::Status OutOfRange(absl::string_view field, absl::string_view range,
                        double value) {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: must be %s, got %g", field, range, value));
}

absl::Status CheckFraction(absl::string_view field, double value) {
  if (!(value >= 0.0 && value <= 1.0))
    return OutOfRange(field, "in [0, 1]", value);
  return absl::OkStatus();
}

absl::Status CheckNonNegative(absl::string_view field, double value) {
  if (!(value >= 0.0) || std::isinf(value)) {
    return OutOfRange(field, "a finite number >= 0", value);
  }
  return absl::OkStatus();
}

absl::Duration Days(double d) { return absl::Hours(24.0 * d); }

// value in the interval from lo to hi; open ends excluded.
absl::Status CheckRange(absl::string_view field, double value, double lo,
                        bool lo_open, double hi, bool hi_open) {
  const bool ok = (lo_open ? value > lo : value >= lo) &&
                  (hi_open ? value < hi : value <= hi);
  if (ok) return absl::OkStatus();
  return OutOfRange(field,
                    absl::StrFormat("in %c%g, %g%c", lo_open ? '(' : '[', lo,
                                    hi, hi_open ? ')' : ']'),
                    value);
}

absl::Status ConvertLearning(const v1::LearningRules& l, LearningParams* p) {
  if (l.has_enabled()) p->enabled = l.enabled();
  struct DoubleField {
    bool has;
    double value;
    const char* name;
    double lo;
    bool lo_open;
    double hi;
    bool hi_open;
    double* out;
  };
  const DoubleField fields[] = {
      {l.has_base_acceptance_rate(), l.base_acceptance_rate(),
       "learning.base_acceptance_rate", 0, true, 1, true,
       &p->base_acceptance_rate},
      {l.has_reference_affinity(), l.reference_affinity(),
       "learning.reference_affinity", 0, true, 1, false,
       &p->reference_affinity},
      {l.has_prior_strength(), l.prior_strength(), "learning.prior_strength",
       0, true, 1e6, false, &p->prior_strength},
      {l.has_exploration_share(), l.exploration_share(),
       "learning.exploration_share", 0, false, 1, false,
       &p->exploration_share},
      {l.has_feature_strength(), l.feature_strength(),
       "learning.feature_strength", 0, true, 1e9, false,
       &p->feature_strength},
      {l.has_calibration_min_presented(), l.calibration_min_presented(),
       "learning.calibration_min_presented", 0, false, 1e9, false,
       &p->calibration_min_presented},
  };
  for (const DoubleField& f : fields) {
    if (!f.has) continue;
    if (absl::Status s =
            CheckRange(f.name, f.value, f.lo, f.lo_open, f.hi, f.hi_open);
        !s.ok()) {
      return s;
    }
    *f.out = f.value;
  }
  if (l.has_refresh_interval_seconds()) {
    if (absl::Status s =
            CheckRange("learning.refresh_interval_seconds",
                       l.refresh_interval_seconds(), 0.1, false, 3600, false);
        !s.ok()) {
      return s;
    }
    p->refresh_interval = absl::Seconds(l.refresh_interval_seconds());
  }
  if (l.has_half_life_days()) {
    if (absl::Status s = CheckRange("learning.half_life_days",
                                    l.half_life_days(), 0, false, 3650, false);
        !s.ok()) {
      return s;
    }
    p->half_life = l.half_life_days() == 0 ? absl::InfiniteDuration()
                                           : Days(l.half_life_days());
  }
  if (l.has_feature_cart_size()) p->feature_cart_size = l.feature_cart_size();
  if (l.has_feature_cart_value()) {
    p->feature_cart_value = l.feature_cart_value();
  }
  if (l.has_feature_tenure()) p->feature_tenure = l.feature_tenure();
  if (l.has_feature_budget_sensitive()) {
    p->feature_budget_sensitive = l.feature_budget_sensitive();
  }
  if (l.has_feature_anchor_category()) {
    p->feature_anchor_category = l.feature_anchor_category();
  }
  return absl::OkStatus();
}

}  // namespace

std::array<ChannelRule, kChannelCount> RuleParams::DefaultChannelRules() {
  std::array<ChannelRule, kChannelCount> c{};
  // cross-sell, upsell, min tenure, bundle, quantity, history anchors
  c[v1::CHECKOUT] = {true, true, 0, true, true, false};
  c[v1::BROWSE] = {true, true, 0, true, true, false};
  c[v1::POST_PURCHASE] = {true, false, 0, true, false, true};
  c[v1::SUPPORT_DESK] = {false, true, 0, false, false, false};
  c[v1::RENEWAL] = {false, true, 180, false, false, true};
  return c;
}

absl::Duration RuleParams::LongestLookback() const {
  return std::max({presentation_window + presentation_rest, decline_rest,
                   accept_quiet, absl::Hours(24)});
}

absl::StatusOr<RuleParams> RuleParamsFromConfig(const v1::RuleConfig& config) {
  RuleParams p;
  if (config.has_default_max_offers()) {
    if (config.default_max_offers() < 1) {
      return OutOfRange("default_max_offers", ">= 1",
                        config.default_max_offers());
    }
    p.default_max_offers = config.default_max_offers();
  }
  if (config.has_max_offers_cap()) {
    if (config.max_offers_cap() < 1 || config.max_offers_cap() > 100) {
      return OutOfRange("max_offers_cap", "in [1, 100]",
                        config.max_offers_cap());
    }
    p.max_offers_cap = config.max_offers_cap();
  }
  if (p.default_max_offers > p.max_offers_cap) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "default_max_offers: must not exceed max_offers_cap (%d), got %d",
        p.max_offers_cap, p.default_max_offers));
  }
  if (config.has_max_cart_lines()) {
    if (config.max_cart_lines() < 1 || config.max_cart_lines() > 100000) {
      return OutOfRange("max_cart_lines", "in [1, 100000]",
                        config.max_cart_lines());
    }
    p.max_cart_lines = config.max_cart_lines();
  }

  const v1::RelevanceRules& rel = config.relevance();
  if (rel.has_min_weight()) {
    if (auto s = CheckFraction("relevance.min_weight", rel.min_weight());
        !s.ok())
      return s;
    p.min_weight = rel.min_weight();
  }
  if (rel.has_min_lift()) {
    if (auto s = CheckNonNegative("relevance.min_lift", rel.min_lift());
        !s.ok())
      return s;
    p.min_lift = rel.min_lift();
  }
  if (rel.has_min_affinity()) {
    if (auto s = CheckNonNegative("relevance.min_affinity", rel.min_affinity());
        !s.ok())
      return s;
    p.min_affinity = rel.min_affinity();
  }
  if (rel.has_max_upsell_price_increase()) {
    if (auto s = CheckNonNegative("relevance.max_upsell_price_increase",
                                  rel.max_upsell_price_increase());
        !s.ok()) {
      return s;
    }
    p.max_upsell_price_increase = rel.max_upsell_price_increase();
  }

  if (config.budget().has_cart_share()) {
    if (auto s =
            CheckFraction("budget.cart_share", config.budget().cart_share());
        !s.ok()) {
      return s;
    }
    p.budget_cart_share = config.budget().cart_share();
  }

  const v1::ContactRules& c = config.contact();
  if (c.has_presentations_before_rest()) {
    if (c.presentations_before_rest() < 1) {
      return OutOfRange("contact.presentations_before_rest", ">= 1",
                        c.presentations_before_rest());
    }
    p.presentations_before_rest = c.presentations_before_rest();
  }
  struct DurationField {
    bool has;
    double value;
    const char* name;
    absl::Duration* out;
    bool hours;
  };
  const DurationField durations[] = {
      {c.has_presentation_window_days(), c.presentation_window_days(),
       "contact.presentation_window_days", &p.presentation_window, false},
      {c.has_presentation_rest_days(), c.presentation_rest_days(),
       "contact.presentation_rest_days", &p.presentation_rest, false},
      {c.has_decline_rest_days(), c.decline_rest_days(),
       "contact.decline_rest_days", &p.decline_rest, false},
      {c.has_accept_quiet_hours(), c.accept_quiet_hours(),
       "contact.accept_quiet_hours", &p.accept_quiet, true},
  };
  for (const DurationField& f : durations) {
    if (!f.has) continue;
    if (!(f.value >= 0.0 && f.value <= 3650.0 * (f.hours ? 24 : 1))) {
      return OutOfRange(f.name, "in [0, 3650 days]", f.value);
    }
    *f.out = f.hours ? absl::Hours(f.value) : Days(f.value);
  }
  if (c.has_max_offer_responses_per_day()) {
    if (c.max_offer_responses_per_day() < 0) {
      return OutOfRange("contact.max_offer_responses_per_day", ">= 0",
                        c.max_offer_responses_per_day());
    }
    p.max_offer_responses_per_day = c.max_offer_responses_per_day();
  }

  const v1::RankingRules& r = config.ranking();
  if (r.has_value_weight()) {
    if (auto s = CheckFraction("ranking.value_weight", r.value_weight());
        !s.ok())
      return s;
    p.value_weight = r.value_weight();
  }
  if (r.has_default_margin()) {
    if (auto s = CheckFraction("ranking.default_margin", r.default_margin());
        !s.ok()) {
      return s;
    }
    p.default_margin = r.default_margin();
  }
  if (r.has_cross_sell_combination()) {
    switch (r.cross_sell_combination()) {
      case v1::CROSS_SELL_COMBINATION_UNSPECIFIED:
      case v1::COMBINATION_NOISY_OR:
        p.cross_sell_combination = v1::COMBINATION_NOISY_OR;
        break;
      case v1::COMBINATION_SUM:
        p.cross_sell_combination = v1::COMBINATION_SUM;
        break;
      default:
        return absl::InvalidArgumentError(absl::StrFormat(
            "ranking.cross_sell_combination: must be COMBINATION_NOISY_OR or "
            "COMBINATION_SUM, got %d",
            static_cast<int>(r.cross_sell_combination())));
    }
  }
  if (r.has_popularity_exponent()) {
    if (auto s = CheckFraction("ranking.popularity_exponent",
                               r.popularity_exponent());
        !s.ok()) {
      return s;
    }
    p.popularity_exponent = r.popularity_exponent();
  }

  // Which channel_policy entry set each channel; -1 = none yet.
  std::array<int, kChannelCount> policy_of{};
  policy_of.fill(-1);
  for (int i = 0; i < config.channel_policy_size(); ++i) {
    const v1::ChannelPolicy& cp = config.channel_policy(i);
    std::string field = absl::StrCat("channel_policy[", i, "]");
    if (cp.channel() <= v1::CHANNEL_UNSPECIFIED ||
        cp.channel() >= kChannelCount) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s.channel: must be a known channel other than CHANNEL_UNSPECIFIED, "
          "got %d",
          field, static_cast<int>(cp.channel())));
    }
    if (int& first = policy_of[cp.channel()]; first >= 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s.channel: %s already has a policy (channel_policy[%d]); give "
          "each channel one",
          field, v1::Channel_Name(cp.channel()), first));
    } else {
      first = i;
    }
    if (cp.min_tenure_days() < 0) {
      return OutOfRange(field + ".min_tenure_days", ">= 0",
                        cp.min_tenure_days());
    }
    // The optional deal fields keep the channel's default when unset.
    ChannelRule& rule = p.channels[cp.channel()];
    rule.allow_cross_sell = cp.allow_cross_sell();
    rule.allow_upsell = cp.allow_upsell();
    rule.min_tenure_days = cp.min_tenure_days();
    if (cp.has_allow_bundle()) rule.allow_bundle = cp.allow_bundle();
    if (cp.has_allow_quantity()) rule.allow_quantity = cp.allow_quantity();
    if (cp.has_history_anchors()) rule.history_anchors = cp.history_anchors();
  }

  const v1::DealRules& deals = config.deals();
  if (deals.has_quantity_max_extra_units()) {
    if (deals.quantity_max_extra_units() < 1 ||
        deals.quantity_max_extra_units() > 1000) {
      return OutOfRange("deals.quantity_max_extra_units", "in [1, 1000]",
                        deals.quantity_max_extra_units());
    }
    p.deals.quantity_max_extra_units = deals.quantity_max_extra_units();
  }
  if (deals.has_history_anchor_weight()) {
    if (absl::Status s =
            CheckRange("deals.history_anchor_weight",
                       deals.history_anchor_weight(), 0, true, 1, false);
        !s.ok()) {
      return s;
    }
    p.deals.history_anchor_weight = deals.history_anchor_weight();
  }

  if (absl::Status s = ConvertLearning(config.learning(), &p.learning);
      !s.ok()) {
    return s;
  }

  if (config.has_default_currency()) {
    const std::string& cur = config.default_currency();
    bool ok = cur.size() == 3 &&
              std::all_of(cur.begin(), cur.end(),
                          [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (!ok) {
      return absl::InvalidArgumentError(
          absl::StrFormat("default_currency: must be an ISO 4217 code such as "
                          "\"USD\", got \"%s\"",
                          cur));
    }
    p.default_currency = cur;
  }
  return p;
}

}  // namespace offergraph
