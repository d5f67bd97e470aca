#include "data/rules_loader.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

using ::testing::HasSubstr;

TEST(RulesLoaderTest, EmptyFileMeansPlaybookDefaults) {
  absl::StatusOr<RuleParams> p = ParseRulesTextproto("", "rules.textproto");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->default_max_offers, 3);
  EXPECT_EQ(p->max_offers_cap, 10);
  EXPECT_EQ(p->max_cart_lines, 200);
  EXPECT_DOUBLE_EQ(p->min_weight, 0.05);
  EXPECT_DOUBLE_EQ(p->min_lift, 1.0);
  EXPECT_DOUBLE_EQ(p->max_upsell_price_increase, 0.5);
  EXPECT_DOUBLE_EQ(p->budget_cart_share, 0.10);
  EXPECT_EQ(p->presentations_before_rest, 3);
  EXPECT_EQ(p->presentation_window, absl::Hours(24 * 7));
  EXPECT_EQ(p->presentation_rest, absl::Hours(24 * 10));
  EXPECT_EQ(p->decline_rest, absl::Hours(24 * 30));
  EXPECT_EQ(p->accept_quiet, absl::Hours(24));
  EXPECT_EQ(p->max_offer_responses_per_day, 5);
  EXPECT_EQ(p->default_currency, "USD");
  EXPECT_EQ(p->cross_sell_combination, v1::COMBINATION_NOISY_OR);
  EXPECT_DOUBLE_EQ(p->popularity_exponent, 0.0);
  EXPECT_DOUBLE_EQ(p->min_affinity, 0.0);
  EXPECT_TRUE(p->ForChannel(v1::CHECKOUT).allow_cross_sell);
  EXPECT_TRUE(p->ForChannel(v1::CHECKOUT).allow_upsell);
  EXPECT_TRUE(p->ForChannel(v1::BROWSE).allow_upsell);
  EXPECT_FALSE(p->ForChannel(v1::POST_PURCHASE).allow_upsell);
  EXPECT_FALSE(p->ForChannel(v1::SUPPORT_DESK).allow_cross_sell);
  EXPECT_EQ(p->ForChannel(v1::RENEWAL).min_tenure_days, 180);
  EXPECT_FALSE(p->ForChannel(v1::CHANNEL_UNSPECIFIED).allow_cross_sell);
}

TEST(RulesLoaderTest, OverridesOnlyWhatIsSet) {
  absl::StatusOr<RuleParams> p = ParseRulesTextproto(
      "default_max_offers: 2\n"
      "relevance { min_weight: 0.2 }\n"
      "contact { decline_rest_days: 7 accept_quiet_hours: 2 "
      "max_offer_responses_per_day: 0 }\n"
      "channel_policy { channel: POST_PURCHASE allow_cross_sell: true "
      "allow_upsell: true }\n"
      "default_currency: \"EUR\"\n",
      "rules.textproto");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->default_max_offers, 2);
  EXPECT_DOUBLE_EQ(p->min_weight, 0.2);
  EXPECT_DOUBLE_EQ(p->min_lift, 1.0);  // untouched
  EXPECT_EQ(p->decline_rest, absl::Hours(24 * 7));
  EXPECT_EQ(p->accept_quiet, absl::Hours(2));
  EXPECT_EQ(p->max_offer_responses_per_day, 0);
  EXPECT_TRUE(p->ForChannel(v1::POST_PURCHASE).allow_upsell);
  EXPECT_FALSE(
      p->ForChannel(v1::SUPPORT_DESK).allow_cross_sell);  // default kept
  EXPECT_EQ(p->default_currency, "EUR");
}

TEST(RulesLoaderTest, CrossSellCombination) {
  absl::StatusOr<RuleParams> p = ParseRulesTextproto(
      "ranking { cross_sell_combination: COMBINATION_SUM "
      "popularity_exponent: 0.5 }",
      "r");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->cross_sell_combination, v1::COMBINATION_SUM);
  EXPECT_DOUBLE_EQ(p->popularity_exponent, 0.5);
  EXPECT_DOUBLE_EQ(p->value_weight, 0.5);  // untouched
  p = ParseRulesTextproto(
      "ranking { cross_sell_combination: CROSS_SELL_COMBINATION_UNSPECIFIED }",
      "r");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->cross_sell_combination, v1::COMBINATION_NOISY_OR);
  EXPECT_EQ(
      ParseRulesTextproto("ranking { popularity_exponent: 1.5 }", "r.textproto")
          .status()
          .message(),
      "r.textproto:1:11: ranking.popularity_exponent: must be in [0, 1], got "
      "1.5");
  p = ParseRulesTextproto("relevance { min_affinity: 2.5 }", "r");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_DOUBLE_EQ(p->min_affinity, 2.5);
  EXPECT_THAT(ParseRulesTextproto("relevance { min_affinity: -1 }", "r")
                  .status()
                  .message(),
              HasSubstr("relevance.min_affinity"));
  EXPECT_THAT(ParseRulesTextproto("ranking { cross_sell_combination: 7 }", "r")
                  .status()
                  .message(),
              HasSubstr("ranking.cross_sell_combination"));
}

TEST(RulesLoaderTest, SyntaxErrorsHaveLineAndColumn) {
  absl::StatusOr<RuleParams> p = ParseRulesTextproto(
      "relevance {\n  min_wieght: 0.1\n}\n", "rules.textproto");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(p.status().message(), HasSubstr("rules.textproto:2:13:"));
  EXPECT_THAT(p.status().message(), HasSubstr("min_wieght"));
  p = ParseRulesTextproto("default_max_offers: \"x\"", "rules.textproto");
  EXPECT_THAT(p.status().message(), HasSubstr("rules.textproto:1:"));
}

TEST(RulesLoaderTest, RangeErrorsNameTheField) {
  EXPECT_EQ(ParseRulesTextproto("relevance { min_weight: 1.5 }", "r.textproto")
                .status()
                .message(),
            "r.textproto:1:13: relevance.min_weight: must be in [0, 1], got "
            "1.5");
  EXPECT_EQ(ParseRulesTextproto("default_max_offers: 20", "r.textproto")
                .status()
                .message(),
            "r.textproto:1:1: default_max_offers: must not exceed "
            "max_offers_cap (10), got 20");
  EXPECT_THAT(ParseRulesTextproto("contact { decline_rest_days: -1 }", "r")
                  .status()
                  .message(),
              HasSubstr("contact.decline_rest_days"));
  EXPECT_THAT(ParseRulesTextproto(
                  "channel_policy { channel: CHANNEL_UNSPECIFIED }", "r")
                  .status()
                  .message(),
              HasSubstr("channel_policy[0].channel"));
  EXPECT_THAT(
      ParseRulesTextproto("default_currency: \"usd\"", "r").status().message(),
      HasSubstr("default_currency"));
  EXPECT_THAT(ParseRulesTextproto("ranking { value_weight: -0.1 }", "r")
                  .status()
                  .message(),
              HasSubstr("ranking.value_weight"));
}

// Regression (issue 15): a second channel_policy for one channel silently
// replaced the first.
TEST(RulesLoaderTest, RefusesTwoPoliciesForOneChannelAtTheSecond) {
  absl::StatusOr<RuleParams> p = ParseRulesTextproto(
      "channel_policy { channel: CHECKOUT allow_cross_sell: true }\n"
      "channel_policy { channel: RENEWAL allow_upsell: true }\n"
      "channel_policy {\n  channel: CHECKOUT\n  allow_upsell: true\n}\n",
      "rules.textproto");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status().message(),
            "rules.textproto:4:3: channel_policy[2].channel: CHECKOUT already "
            "has a policy (channel_policy[0]); give each channel one");
}

TEST(RulesLoaderTest, RefusesRepeatedSingularFields) {
  // The text-format parser's own rule, for every singular field and block.
  for (const char* text :
       {"relevance { min_weight: 0.1 }\nrelevance { min_lift: 2 }\n",
        "default_max_offers: 2\ndefault_max_offers: 3\n",
        "contact { decline_rest_days: 1 decline_rest_days: 2 }\n"}) {
    absl::StatusOr<RuleParams> p = ParseRulesTextproto(text, "rules.textproto");
    ASSERT_FALSE(p.ok()) << text;
    EXPECT_THAT(p.status().message(), HasSubstr("rules.textproto:")) << text;
    EXPECT_THAT(p.status().message(), HasSubstr("specified multiple times"))
        << text;
  }
}

TEST(RulesLoaderTest, RangeErrorsPointAtTheField) {
  EXPECT_THAT(
      ParseRulesTextproto("# limits\ncontact {\n  decline_rest_days: -1\n}\n",
                          "rules.textproto")
          .status()
          .message(),
      HasSubstr("rules.textproto:3:3: contact.decline_rest_days:"));
  EXPECT_THAT(ParseRulesTextproto("channel_policy { channel: CHECKOUT }\n"
                                  "channel_policy { min_tenure_days: -1 "
                                  "channel: BROWSE }\n",
                                  "rules.textproto")
                  .status()
                  .message(),
              HasSubstr("rules.textproto:2:18: "
                        "channel_policy[1].min_tenure_days:"));
}

}  // namespace
}  // namespace offergraph

namespace offergraph {
namespace {

// Issue 13: the deal kinds and history anchors per channel, DealRules.
TEST(RulesLoaderDealsTest, ChannelDefaultsForDeals) {
  absl::StatusOr<RuleParams> p = ParseRulesTextproto("", "rules.textproto");
  ASSERT_TRUE(p.ok()) << p.status();
  struct Want {
    v1::Channel channel;
    bool bundle, quantity, history;
  };
  for (const Want& w : {Want{v1::CHECKOUT, true, true, false},
                        Want{v1::BROWSE, true, true, false},
                        Want{v1::POST_PURCHASE, true, false, true},
                        Want{v1::SUPPORT_DESK, false, false, false},
                        Want{v1::RENEWAL, false, false, true},
                        Want{v1::CHANNEL_UNSPECIFIED, false, false, false}}) {
    const ChannelRule& c = p->ForChannel(w.channel);
    EXPECT_EQ(c.allow_bundle, w.bundle) << v1::Channel_Name(w.channel);
    EXPECT_EQ(c.allow_quantity, w.quantity) << v1::Channel_Name(w.channel);
    EXPECT_EQ(c.history_anchors, w.history) << v1::Channel_Name(w.channel);
  }
  EXPECT_EQ(p->deals.quantity_max_extra_units, 2);
  EXPECT_DOUBLE_EQ(p->deals.history_anchor_weight, 0.5);
}

TEST(RulesLoaderDealsTest, ListedPolicyKeepsDefaultsForUnsetDealFields) {
  absl::StatusOr<RuleParams> p = ParseRulesTextproto(
      "channel_policy { channel: CHECKOUT allow_cross_sell: true }\n"
      "channel_policy { channel: BROWSE allow_bundle: false "
      "allow_quantity: false history_anchors: true }\n"
      "channel_policy { channel: SUPPORT_DESK allow_bundle: true }\n",
      "rules.textproto");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->ForChannel(v1::CHECKOUT).allow_bundle);
  EXPECT_TRUE(p->ForChannel(v1::CHECKOUT).allow_quantity);
  EXPECT_FALSE(p->ForChannel(v1::CHECKOUT).history_anchors);
  EXPECT_FALSE(p->ForChannel(v1::CHECKOUT).allow_upsell);  // as before
  EXPECT_FALSE(p->ForChannel(v1::BROWSE).allow_bundle);
  EXPECT_FALSE(p->ForChannel(v1::BROWSE).allow_quantity);
  EXPECT_TRUE(p->ForChannel(v1::BROWSE).history_anchors);
  EXPECT_TRUE(p->ForChannel(v1::SUPPORT_DESK).allow_bundle);
  EXPECT_FALSE(p->ForChannel(v1::SUPPORT_DESK).allow_quantity);
}

TEST(RulesLoaderDealsTest, DealRulesInRange) {
  absl::StatusOr<RuleParams> p = ParseRulesTextproto(
      "deals { quantity_max_extra_units: 1000 history_anchor_weight: 1 }",
      "r");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->deals.quantity_max_extra_units, 1000);
  EXPECT_DOUBLE_EQ(p->deals.history_anchor_weight, 1.0);
}

TEST(RulesLoaderDealsTest, DealRulesOutOfRangeNameTheField) {
  struct Case {
    const char* text;
    const char* error;
  };
  for (const Case& c : {
           Case{"deals { quantity_max_extra_units: 0 }",
                "deals.quantity_max_extra_units: must be in [1, 1000], got 0"},
           Case{"deals { quantity_max_extra_units: 1001 }",
                "deals.quantity_max_extra_units: must be in [1, 1000], got "
                "1001"},
           Case{"deals { history_anchor_weight: 0 }",
                "deals.history_anchor_weight: must be in (0, 1], got 0"},
           Case{"deals { history_anchor_weight: 1.5 }",
                "deals.history_anchor_weight: must be in (0, 1], got 1.5"},
       }) {
    absl::StatusOr<RuleParams> p = ParseRulesTextproto(c.text, "r");
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(p.status().message(), HasSubstr(c.error)) << c.text;
  }
}

}  // namespace
}  // namespace offergraph
