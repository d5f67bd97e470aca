// File: rule_params.h
// -----------------------------------------------------------------------------
// The rule layer's parameters as plain values with their defaults, converted
// once from the RuleConfig proto (rules.textproto) so the engine never reads
// protobuf has_x()/defaults on the request path.
#ifndef OFFERGRAPH_RULE_PARAMS_H_
#define OFFERGRAPH_RULE_PARAMS_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "offergraph/learning_params.h"
#include "offergraph/v1/offer_service.pb.h"
#include "offergraph/v1/rules.pb.h"

namespace offergraph {

// Which offer kinds a channel allows.
struct ChannelRule {
  bool allow_cross_sell = false;
  bool allow_upsell = false;
  int32_t min_tenure_days = 0;
  // BUNDLE and QUANTITY offers (README "Deals").
  bool allow_bundle = false;
  bool allow_quantity = false;
  // Owned skus act as anchors besides the cart lines, their edge weights
  // times DealRules::history_anchor_weight.
  bool history_anchors = false;
};

// Bundles, quantity breaks and offers from history (rules.proto DealRules).
struct DealRules {
  // A QUANTITY offer asks for at most this many extra units. [1, 1000].
  int32_t quantity_max_extra_units = 2;
  // An owned anchor's edge weights count times this. (0, 1].
  double history_anchor_weight = 0.5;
};

// Generated from the proto enum: a new channel grows every array sized by it.
inline constexpr int kChannelCount = v1::Channel_ARRAYSIZE;

// Defaults are the sales playbook's; each matches the comment in rules.proto.
struct RuleParams {
  int32_t default_max_offers = 3;
  int32_t max_offers_cap = 10;
  int32_t max_cart_lines = 200;

  // Relevance.
  double min_weight = 0.05;
  double min_lift = 1.0;
  double min_affinity = 0.0;  // cross-sell affinity floor; 0 = off
  double max_upsell_price_increase = 0.5;

  // Budget.
  double budget_cart_share = 0.10;

  // Contact policy.
  int32_t presentations_before_rest = 3;
  absl::Duration presentation_window = absl::Hours(24 * 7);
  absl::Duration presentation_rest = absl::Hours(24 * 10);
  absl::Duration decline_rest = absl::Hours(24 * 30);
  absl::Duration accept_quiet = absl::Hours(24);
  int32_t max_offer_responses_per_day = 5;  // 0 = no cap

  // Ranking.
  double value_weight = 0.5;
  double default_margin = 0.3;
  // How a cross-sell's contributing edges combine into the affinity the
  // score ranks by (see rules.proto RankingRules), and the exponent of P(B)
  // the affinity is divided by.
  v1::CrossSellCombination cross_sell_combination = v1::COMBINATION_NOISY_OR;
  double popularity_exponent = 0.0;

  std::string default_currency = "USD";

  // The learned propensity.
  LearningParams learning;

  DealRules deals;

  // Indexed by v1::Channel. CHANNEL_UNSPECIFIED allows nothing.
  std::array<ChannelRule, kChannelCount> channels = DefaultChannelRules();

  const ChannelRule& ForChannel(v1::Channel channel) const {
    int i = static_cast<int>(channel);
    return channels[(i >= 0 && i < kChannelCount) ? i : 0];
  }

  // The longest period any contact rule looks back; stores may forget older
  // records.
  absl::Duration LongestLookback() const;

  static std::array<ChannelRule, kChannelCount> DefaultChannelRules();
};

// Converts a RuleConfig to RuleParams, applying defaults to unset fields.
// Returns INVALID_ARGUMENT naming the field and value when one is out of range
// (e.g. "relevance.min_weight: must be in [0, 1], got 1.5").
absl::StatusOr<RuleParams> RuleParamsFromConfig(const v1::RuleConfig& config);

}  // namespace offergraph

#endif  // OFFERGRAPH_RULE_PARAMS_H_
