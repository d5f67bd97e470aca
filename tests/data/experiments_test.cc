// Experiments in rules.textproto: validation (with file:line:column) and
// assignment (deterministic, sticky, shares, the share-change property,
// layers, holdout).
#include "offergraph/experiments.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "data/rules_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

ExperimentPlan PlanOf(const std::string& text) {
  absl::StatusOr<LoadedRules> loaded = ParseRulesConfig(text, "r.textproto");
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  return loaded.ok() ? loaded->experiments : ExperimentPlan();
}

std::string ErrorOf(const std::string& text) {
  absl::StatusOr<LoadedRules> loaded = ParseRulesConfig(text, "r.textproto");
  EXPECT_FALSE(loaded.ok()) << text;
  if (loaded.ok()) return "";
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(loaded.status().message());
}

std::string ArmOf(const ExperimentPlan& plan, const std::string& customer,
                  const std::string& session = "") {
  const Assignment a = plan.Assign(customer, session);
  return absl::StrCat(a.experiment_name(), "/", a.arm_name());
}

std::string Customer(int i) { return absl::StrCat("customer-", i); }

// Computed independently with libxxhash from C.
constexpr int kAliceBucket = 9565;
constexpr int kGuestAliceBucket = 2124;
constexpr int kAliceBucketS2 = 3905;

constexpr char kAb[] = R"(experiments {
  name: "ranking_v2"
  salt: "s1"
  arms { name: "control" share: 0.5 no_offers: true }
  arms { name: "value" share: 0.3 patch { ranking { value_weight: 1 } } }
  arms { name: "one" share: 0.2 patch { default_max_offers: 1 } }
}
)";

// --- validation -----------------------------------------------------------

TEST(ExperimentConfigTest, SharesMustSumToOne) {
  EXPECT_THAT(ErrorOf("experiments {\n"
                      "  name: \"e\"\n"
                      "  arms { name: \"a\" share: 0.5 }\n"
                      "  arms { name: \"b\" share: 0.4 }\n"
                      "}\n"),
              StartsWith("r.textproto:1:1: experiments[0].arms: shares sum "
                         "to 0.9; they must sum to 1"));
  // Within 1e-9 is fine.
  PlanOf("experiments { name: \"e\" arms { name: \"a\" share: 0.3333333333 }"
         " arms { name: \"b\" share: 0.3333333333 }"
         " arms { name: \"c\" share: 0.3333333334 } }");
}

TEST(ExperimentConfigTest, UnknownFieldsAreRefusedWhereWritten) {
  EXPECT_THAT(ErrorOf("experiments {\n"
                      "  name: \"e\"\n"
                      "  arms { name: \"a\" share: 1 colour: 2 }\n"
                      "}\n"),
              StartsWith("r.textproto:3:35: Message type "
                         "\"offergraph.v1.ExperimentArm\" has no field named "
                         "\"colour\""));
  EXPECT_THAT(ErrorOf("holdout { share: 0.1 pepper: \"x\" }\n"),
              StartsWith("r.textproto:1:28: Message type "
                         "\"offergraph.v1.Holdout\" has no field named "
                         "\"pepper\""));
}

TEST(ExperimentConfigTest, DuplicateNamesPointAtTheSecond) {
  EXPECT_EQ(ErrorOf("experiments { name: \"e\" arms { name: \"a\" share: 1 } }\n"
                    "experiments {\n"
                    "  name: \"e\"\n"
                    "  arms { name: \"a\" share: 1 }\n"
                    "}\n"),
            "r.textproto:3:3: experiments[1].name: \"e\" already names "
            "experiments[0]");
  EXPECT_EQ(ErrorOf("experiments {\n"
                    "  name: \"e\"\n"
                    "  arms { name: \"a\" share: 0.5 }\n"
                    "  arms { name: \"a\" share: 0.5 }\n"
                    "}\n"),
            "r.textproto:4:10: experiments[0].arms[1].name: \"a\" already "
            "names arms[0]");
}

TEST(ExperimentConfigTest, NamesAreShortAndPlain) {
  EXPECT_THAT(ErrorOf("experiments {\n  name: \"\"\n"
                      "  arms { name: \"a\" share: 1 }\n}\n"),
              StartsWith("r.textproto:2:3: experiments[0].name: must match "
                         "[A-Za-z0-9_.-]{1,64}, got \"\""));
  // Unset: the experiment itself is pointed at.
  EXPECT_THAT(ErrorOf("experiments { arms { name: \"a\" share: 1 } }\n"),
              StartsWith("r.textproto:1:1: experiments[0].name: must match"));
  EXPECT_THAT(ErrorOf("experiments {\n  name: \"e\"\n"
                      "  arms { name: \"a b\" share: 1 }\n}\n"),
              StartsWith("r.textproto:3:10: experiments[0].arms[0].name: "
                         "must match [A-Za-z0-9_.-]{1,64}, got \"a b\""));
  EXPECT_THAT(ErrorOf(absl::StrCat("experiments { name: \"",
                                   std::string(65, 'x'),
                                   "\" arms { name: \"a\" share: 1 } }\n")),
              StartsWith("r.textproto:1:15: experiments[0].name: must match"));
  EXPECT_THAT(ErrorOf("experiments { name: \"e\" layer: \"l/1\""
                      " arms { name: \"a\" share: 1 } }\n"),
              StartsWith("r.textproto:1:25: experiments[0].layer: must match"));
  EXPECT_THAT(ErrorOf("experiments { name: \"holdout\""
                      " arms { name: \"a\" share: 1 } }\n"),
              StartsWith("r.textproto:1:15: experiments[0].name: \"holdout\" "
                         "is reserved"));
}

TEST(ExperimentConfigTest, SharesAndTrafficAreFractions) {
  EXPECT_EQ(ErrorOf("experiments {\n  name: \"e\"\n"
                    "  arms { name: \"a\" share: 1.5 }\n"
                    "  arms { name: \"b\" share: -0.5 }\n}\n"),
            "r.textproto:3:20: experiments[0].arms[0].share: must be in "
            "[0, 1], got 1.5");
  EXPECT_THAT(ErrorOf("experiments { name: \"e\" traffic: 2"
                      " arms { name: \"a\" share: 1 } }\n"),
              StartsWith("r.textproto:1:25: experiments[0].traffic: must be"));
  EXPECT_THAT(ErrorOf("holdout {\n  share: 1.05\n}\n"),
              StartsWith("r.textproto:2:3: holdout.share: must be in [0, 1]"));
}

// Issue 12: one currency per experiment, checked at load.
TEST(ExperimentConfigTest, CurrenciesAreIso4217CodesDefaultingToTheRules) {
  EXPECT_EQ(ErrorOf("experiments {\n  name: \"e\"\n  currency: \"usd\"\n"
                    "  arms { name: \"a\" share: 1 }\n}\n"),
            "r.textproto:3:3: experiments[0].currency: must be an ISO 4217 "
            "code such as \"USD\", got \"usd\"");
  EXPECT_EQ(ErrorOf("holdout {\n  share: 0.1\n  currency: \"EURO\"\n}\n"),
            "r.textproto:3:3: holdout.currency: must be an ISO 4217 code "
            "such as \"USD\", got \"EURO\"");
  const ExperimentPlan plan = PlanOf(
      "default_currency: \"EUR\"\n"
      "experiments { name: \"e\" arms { name: \"a\" share: 1 } }\n"
      "experiments { name: \"f\" currency: \"USD\""
      " arms { name: \"a\" share: 1 } }\n");
  ASSERT_EQ(plan.experiments().size(), 2u);
  EXPECT_EQ(plan.experiments()[0].currency, "EUR");  // the rules' default
  EXPECT_EQ(plan.experiments()[1].currency, "USD");
  EXPECT_THAT(plan.revenue_currencies(),
              ::testing::UnorderedElementsAre(::testing::Pair("e", "EUR"),
                                              ::testing::Pair("f", "USD")));
  EXPECT_THAT(
      PlanOf("default_currency: \"EUR\"\n"
             "holdout { share: 0.1 currency: \"EUR\" }\n")
          .revenue_currencies(),
      ::testing::UnorderedElementsAre(::testing::Pair("holdout", "EUR")));
  // With a holdout every order counts in it too: the currencies agree.
  EXPECT_EQ(ErrorOf("holdout { share: 0.1 }\n"
                    "experiments { name: \"f\" currency: \"EUR\""
                    " arms { name: \"a\" share: 1 } }\n"),
            "r.textproto:2:25: experiments[0].currency: experiment \"f\" "
            "measures revenue in EUR and the holdout in USD; with a holdout "
            "every order counts in both, so they must agree");
  EXPECT_THAT(
      ErrorOf("holdout {\n  share: 0.1\n  currency: \"GBP\"\n}\n"
              "experiments { name: \"e\" arms { name: \"a\" share: 1 } }\n"),
      StartsWith("r.textproto:3:3: holdout.currency: experiment \"e\" "
                 "measures revenue in USD and the holdout in GBP"));
  // Without a holdout (or with share 0) no currency is kept for it.
  EXPECT_FALSE(PlanOf(kAb).revenue_currencies().contains("holdout"));
  EXPECT_EQ(PlanOf(kAb).revenue_currencies().at("ranking_v2"), "USD");
}

TEST(ExperimentConfigTest, ArmPatchesPassTheUsualChecksMerged) {
  // The patch's own field.
  EXPECT_EQ(ErrorOf("experiments {\n  name: \"e\"\n"
                    "  arms { name: \"a\" share: 1\n"
                    "    patch { contact { decline_rest_days: -1 } }\n"
                    "  }\n}\n"),
            "r.textproto:4:23: experiments[0].arms[0].patch.contact."
            "decline_rest_days: must be in [0, 3650 days], got -1");
  // Valid alone, not with the base: the patch is pointed at.
  EXPECT_THAT(ErrorOf("default_max_offers: 5\n"
                      "experiments {\n  name: \"e\"\n"
                      "  arms { name: \"a\" share: 1\n"
                      "    patch { max_offers_cap: 3 }\n"
                      "  }\n}\n"),
              StartsWith("r.textproto:5:5: experiments[0].arms[0].patch."
                         "default_max_offers: must not exceed max_offers_cap "
                         "(3), got 5"));
  // A patch's channel policy replaces the base's for its channel, no
  // "already has a policy".
  const ExperimentPlan plan = PlanOf(
      "channel_policy { channel: CHECKOUT allow_cross_sell: true }\n"
      "experiments { name: \"e\" arms { name: \"a\" share: 1 patch {"
      " channel_policy { channel: CHECKOUT allow_upsell: true } } } }\n");
  const RuleParams& rules = plan.experiments()[0].arms[0].rules;
  EXPECT_TRUE(rules.ForChannel(v1::CHECKOUT).allow_upsell);
  EXPECT_FALSE(rules.ForChannel(v1::CHECKOUT).allow_cross_sell);
  EXPECT_THAT(ErrorOf("experiments { name: \"e\" arms { name: \"a\" share: 1\n"
                      " patch { channel_policy { channel: BROWSE }\n"
                      " channel_policy { channel: BROWSE } } } }\n"),
              StartsWith("r.textproto:3:19: experiments[0].arms[0].patch."
                         "channel_policy[1].channel: BROWSE already has"));
}

TEST(ExperimentConfigTest, PatchesCannotNestOrChangeWhatIsShared) {
  EXPECT_THAT(ErrorOf("experiments { name: \"e\" arms { name: \"a\" share: 1\n"
                      "  patch {\n"
                      "    experiments { name: \"f\" }\n"
                      "  } } }\n"),
              StartsWith("r.textproto:3:5: experiments[0].arms[0].patch."
                         "experiments[0]: an arm's patch cannot declare "
                         "experiments"));
  EXPECT_THAT(ErrorOf("experiments { name: \"e\" arms { name: \"a\" share: 1\n"
                      "  patch { holdout { share: 0.1 } } } }\n"),
              StartsWith("r.textproto:2:11: experiments[0].arms[0].patch."
                         "holdout: an arm's patch cannot set the holdout"));
  EXPECT_THAT(ErrorOf("experiments { name: \"e\" arms { name: \"a\" share: 1\n"
                      "  patch { max_cart_lines: 5 } } }\n"),
              StartsWith("r.textproto:2:11: experiments[0].arms[0].patch."
                         "max_cart_lines: the same for every arm"));
  EXPECT_THAT(ErrorOf("experiments { name: \"e\" arms { name: \"a\" share: 1\n"
                      "  patch { learning { prior_strength: 5 } } } }\n"),
              StartsWith("r.textproto:2:11: experiments[0].arms[0].patch."
                         "learning: an arm may set only learning.enabled"));
  EXPECT_THAT(ErrorOf("learning { enabled: false }\n"
                      "experiments { name: \"e\" arms { name: \"a\" share: 1\n"
                      "  patch { learning { enabled: true } } } }\n"),
              StartsWith("r.textproto:3:22: experiments[0].arms[0].patch."
                         "learning.enabled: learning is off in the base"));
  const ExperimentPlan off =
      PlanOf("experiments { name: \"e\" arms { name: \"a\" share: 1"
             " patch { learning { enabled: false } } } }\n");
  EXPECT_FALSE(off.experiments()[0].arms[0].rules.learning.enabled);
}

TEST(ExperimentConfigTest, CountsAreCapped) {
  std::string many;
  for (int i = 0; i < 17; ++i) {
    absl::StrAppend(&many, "experiments { name: \"e", i,
                    "\" arms { name: \"a\" share: 1 } }\n");
  }
  EXPECT_THAT(ErrorOf(many),
              StartsWith("r.textproto:17:1: experiments[16]: at most 16 "
                         "experiments, got 17"));
  std::string arms = "experiments { name: \"e\"\n";
  for (int i = 0; i < 9; ++i) {
    absl::StrAppend(&arms, "  arms { name: \"a", i, "\" share: 0.1 }\n");
  }
  absl::StrAppend(&arms, "}\n");
  EXPECT_THAT(ErrorOf(arms),
              StartsWith("r.textproto:10:3: experiments[0].arms[8]: at most "
                         "8 arms, got 9"));
  EXPECT_THAT(ErrorOf("experiments { name: \"e\" }\n"),
              StartsWith("r.textproto:1:1: experiments[0].arms: at least one "
                         "arm"));
}

TEST(ExperimentConfigTest, ALayersExperimentsShareSaltAndUnitAndAtMostAllUnits) {
  EXPECT_THAT(ErrorOf("experiments { name: \"e\" layer: \"l\" traffic: 0.5"
                      " arms { name: \"a\" share: 1 } }\n"
                      "experiments { name: \"f\" layer: \"l\" traffic: 0.5\n"
                      "  salt: \"other\" arms { name: \"a\" share: 1 } }\n"),
              StartsWith("r.textproto:3:3: experiments[1].salt: layer \"l\" "
                         "has salt \"l\" (from e)"));
  EXPECT_THAT(ErrorOf("experiments { name: \"e\" layer: \"l\" traffic: 0.5"
                      " arms { name: \"a\" share: 1 } }\n"
                      "experiments { name: \"f\" layer: \"l\" traffic: 0.5\n"
                      "  unit: UNIT_SESSION arms { name: \"a\" share: 1 } }\n"),
              StartsWith("r.textproto:3:3: experiments[1].unit: layer \"l\" "
                         "has unit UNIT_CUSTOMER_OR_SESSION"));
  EXPECT_THAT(ErrorOf("experiments { name: \"e\" layer: \"l\" traffic: 0.6"
                      " arms { name: \"a\" share: 1 } }\n"
                      "experiments { name: \"f\" layer: \"l\"\n"
                      "  traffic: 0.6 arms { name: \"a\" share: 1 } }\n"),
              StartsWith("r.textproto:3:3: experiments[1].traffic: the "
                         "traffic of layer \"l\" sums to 1.2; at most 1"));
}

// --- assignment -------------------------------------------------------------

TEST(ExperimentAssignmentTest, BucketIsTheDocumentedHash) {
  // Golden values: XXH3_64bits_withSeed(unit key, XXH3_64bits(salt)) mod
  // 10,000. They pin the assignment across builds and releases.
  EXPECT_EQ(ExperimentPlan::Bucket("s1", "c:alice"), kAliceBucket);
  EXPECT_EQ(ExperimentPlan::Bucket("s1", "s:alice"), kGuestAliceBucket);
  EXPECT_EQ(ExperimentPlan::Bucket("s2", "c:alice"), kAliceBucketS2);
}

TEST(ExperimentAssignmentTest, DeterministicAndStickyAcrossSnapshots) {
  const ExperimentPlan a = PlanOf(kAb);
  const ExperimentPlan b = PlanOf(kAb);  // built independently
  for (int i = 0; i < 20000; ++i) {
    EXPECT_EQ(ArmOf(a, Customer(i)), ArmOf(b, Customer(i)));
    EXPECT_EQ(ArmOf(a, Customer(i)), ArmOf(a, Customer(i)));
    ASSERT_NE(a.Assign(Customer(i), "").arm, nullptr);
  }
  // A customer keeps the arm whatever the session; a guest goes by session.
  EXPECT_EQ(ArmOf(a, "alice", "s-1"), ArmOf(a, "alice", "s-2"));
  EXPECT_EQ(ArmOf(a, "", "s-1"), ArmOf(a, "", "s-1"));
  // Other rules around the experiments do not move anyone.
  const ExperimentPlan c = PlanOf(absl::StrCat("default_max_offers: 2\n", kAb));
  for (int i = 0; i < 2000; ++i) {
    EXPECT_EQ(ArmOf(a, Customer(i)), ArmOf(c, Customer(i)));
  }
}

TEST(ExperimentAssignmentTest, RealisedSharesAreNearTheConfiguredOnes) {
  const ExperimentPlan plan = PlanOf(kAb);
  const Experiment& e = plan.experiments()[0];
  std::map<std::string, int> seen;
  constexpr int kUnits = 100000;
  for (int i = 0; i < kUnits; ++i) ++seen[plan.Assign(Customer(i), "").arm->name];
  EXPECT_DOUBLE_EQ(e.realised_traffic, 1.0);
  double total = 0;
  for (const ExperimentArm& arm : e.arms) {
    total += arm.realised_share;
    // 10,000 buckets: the realised share is within a few standard
    // deviations (sqrt(p(1-p)/10^4) <= 0.005) of the configured one ...
    EXPECT_NEAR(arm.realised_share, arm.share, 0.02) << arm.name;
    EXPECT_DOUBLE_EQ(arm.realised_share, arm.realised_share_of_layer);
    // ... and units follow the realised share (sqrt(p(1-p)/10^5) <= 0.0016).
    EXPECT_NEAR(static_cast<double>(seen[arm.name]) / kUnits,
                arm.realised_share, 0.008)
        << arm.name;
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_EQ(e.arms[1].rules.value_weight, 1.0);
  EXPECT_EQ(e.arms[2].rules.default_max_offers, 1);
  EXPECT_TRUE(e.arms[0].no_offers);
}

TEST(ExperimentAssignmentTest, ChangingOneArmsShareMovesNoUnitBetweenOthers) {
  auto config = [](double a, double d) {
    return absl::StrCat(
        "experiments { name: \"e\" salt: \"x\"\n"
        "  arms { name: \"A\" share: ", a, " }\n"
        "  arms { name: \"B\" share: 0.25 }\n"
        "  arms { name: \"C\" share: 0.25 }\n"
        "  arms { name: \"D\" share: ", d, " }\n}\n");
  };
  const ExperimentPlan before = PlanOf(config(0.25, 0.25));
  const ExperimentPlan after = PlanOf(config(0.10, 0.40));
  int moved = 0;
  for (int i = 0; i < 50000; ++i) {
    const std::string was = before.Assign(Customer(i), "").arm->name;
    const std::string is = after.Assign(Customer(i), "").arm->name;
    if (was == is) continue;
    ++moved;
    // Only units entering or leaving a changed arm move.
    EXPECT_TRUE(was == "A" || is == "A" || was == "D" || is == "D")
        << Customer(i) << " moved from " << was << " to " << is;
    // B and C never trade units, and A only loses.
    EXPECT_NE(is, "A");
  }
  EXPECT_GT(moved, 50000 * 0.1);  // A gave up 0.15 of the units
  // Arms whose shares stayed keep their units or give them to D (which
  // grew); none arrive.
  const Experiment& e = after.experiments()[0];
  EXPECT_NEAR(e.arms[0].realised_share, 0.10, 0.02);
  EXPECT_NEAR(e.arms[3].realised_share, 0.40, 0.02);
}

TEST(ExperimentAssignmentTest, ExperimentsOfALayerAreMutuallyExclusive) {
  const ExperimentPlan plan = PlanOf(
      "experiments { name: \"x\" layer: \"checkout\" traffic: 0.3"
      " arms { name: \"a\" share: 0.5 } arms { name: \"b\" share: 0.5 } }\n"
      "experiments { name: \"y\" layer: \"checkout\" traffic: 0.3"
      " arms { name: \"a\" share: 1 } }\n");
  std::map<std::string, int> seen;
  constexpr int kUnits = 50000;
  for (int i = 0; i < kUnits; ++i) {
    ++seen[std::string(plan.Assign(Customer(i), "").experiment_name())];
  }
  EXPECT_NEAR(seen["x"] / double{kUnits}, 0.3, 0.02);
  EXPECT_NEAR(seen["y"] / double{kUnits}, 0.3, 0.02);
  EXPECT_NEAR(seen[""] / double{kUnits}, 0.4, 0.02);  // in neither
  const Experiment& x = plan.experiments()[0];
  EXPECT_NEAR(x.realised_traffic, 0.3, 0.02);
  EXPECT_NEAR(x.arms[0].realised_share_of_layer +
                  x.arms[1].realised_share_of_layer,
              x.realised_traffic, 1e-12);
  // Every bucket belongs to one experiment at most: over all buckets the
  // realised traffic of the layer is at most 1.
  EXPECT_LE(x.realised_traffic + plan.experiments()[1].realised_traffic, 1.0);
}

TEST(ExperimentAssignmentTest, AUnitIsInAtMostOneExperimentAcrossLayers) {
  const ExperimentPlan plan = PlanOf(
      "experiments { name: \"first\" traffic: 0.5"
      " arms { name: \"a\" share: 1 } }\n"
      "experiments { name: \"second\" arms { name: \"a\" share: 0.5 }"
      " arms { name: \"b\" share: 0.5 } }\n");
  std::map<std::string, int> seen;
  for (int i = 0; i < 20000; ++i) ++seen[ArmOf(plan, Customer(i))];
  // The second layer gets what the first leaves, split by its shares.
  EXPECT_NEAR(seen["first/a"] / 20000.0, 0.5, 0.03);
  EXPECT_NEAR(seen["second/a"] / 20000.0, 0.25, 0.03);
  EXPECT_NEAR(seen["second/b"] / 20000.0, 0.25, 0.03);
}

TEST(ExperimentAssignmentTest, UnitsWithoutAnIdAreInNothing) {
  const ExperimentPlan plan =
      PlanOf(absl::StrCat("holdout { share: 1 }\n", kAb));
  const Assignment none = plan.Assign("", "");
  EXPECT_FALSE(none.holdout);
  EXPECT_EQ(none.arm, nullptr);
  EXPECT_FALSE(none.ghost());
  EXPECT_EQ(none.experiment_name(), "");
  EXPECT_TRUE(plan.Assign("", "s-1").holdout);
  EXPECT_TRUE(ExperimentPlan().empty());
  EXPECT_EQ(ExperimentPlan().Assign("c", "s").arm, nullptr);
}

TEST(ExperimentAssignmentTest, SessionUnitsIgnoreTheCustomer) {
  const ExperimentPlan plan = PlanOf(
      "experiments { name: \"e\" unit: UNIT_SESSION"
      " arms { name: \"a\" share: 0.5 } arms { name: \"b\" share: 0.5 } }\n");
  EXPECT_EQ(plan.Assign("alice", "").arm, nullptr);  // no session
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(ArmOf(plan, "alice", Customer(i)), ArmOf(plan, "", Customer(i)));
    EXPECT_EQ(ArmOf(plan, "bob", Customer(i)), ArmOf(plan, "", Customer(i)));
  }
}

TEST(ExperimentAssignmentTest, HoldoutTakesItsShareFirstAndOnlyGrows) {
  auto config = [](double share) {
    return absl::StrCat("holdout { share: ", share, " salt: \"h\" }\n", kAb);
  };
  const ExperimentPlan five = PlanOf(config(0.05));
  const ExperimentPlan ten = PlanOf(config(0.10));
  EXPECT_DOUBLE_EQ(five.holdout_share(), 0.05);
  EXPECT_DOUBLE_EQ(five.realised_holdout_share(), 0.05);
  int held = 0;
  for (int i = 0; i < 40000; ++i) {
    const Assignment a = five.Assign(Customer(i), "");
    if (!a.holdout) continue;
    ++held;
    EXPECT_TRUE(a.ghost());
    EXPECT_EQ(a.arm, nullptr);  // in no experiment
    EXPECT_EQ(a.experiment_name(), "holdout");
    EXPECT_EQ(a.arm_name(), "holdout");
    EXPECT_TRUE(ten.Assign(Customer(i), "").holdout) << Customer(i);
  }
  EXPECT_NEAR(held / 40000.0, 0.05, 0.005);
}

TEST(ExperimentAssignmentTest, FindNamesArmsForPreviews) {
  const ExperimentPlan plan = PlanOf(kAb);
  std::optional<Assignment> one = plan.Find("ranking_v2", "one");
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->arm->rules.default_max_offers, 1);
  EXPECT_TRUE(plan.Find("holdout", "holdout")->holdout);
  EXPECT_FALSE(plan.Find("ranking_v2", "nope").has_value());
  EXPECT_FALSE(plan.Find("nope", "one").has_value());
}

}  // namespace
}  // namespace offergraph
