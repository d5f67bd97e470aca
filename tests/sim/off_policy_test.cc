// The decision log's format and off-policy evaluation: closed-form IPS,
// SNIPS and DR on a hand-made log, and on generated orders the estimate of
// the static policy from the exploring policy's log covers the static
// policy's on-policy value.
#include "sim/off_policy.h"

#include <cmath>

#include "absl/strings/str_cat.h"

#include "gtest/gtest.h"
#include "sim/decision_log.h"
#include "sim/simulator.h"
#include "sim/synthetic_baskets.h"

namespace offergraph::sim {
namespace {

TEST(DecisionLogTest, RoundTrips) {
  LoggedDecision d;
  d.session = 17;
  d.cart = {"ITEM-3", "ITEM-9"};
  d.offers = {{"ITEM-4", 1, false, 399}, {"ITEM-12", 0.1 / 3, true, 250}};
  absl::StatusOr<std::string> line = FormatDecisionLine(d);
  ASSERT_TRUE(line.ok()) << line.status();
  absl::StatusOr<std::vector<LoggedDecision>> parsed = ParseDecisionLog(
      absl::StrCat(kDecisionLogHeader, "\n\n", *line, "\n"), "log");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 1u);
  const LoggedDecision& p = (*parsed)[0];
  EXPECT_EQ(p.session, 17);
  EXPECT_EQ(p.cart, d.cart);
  ASSERT_EQ(p.offers.size(), 2u);
  EXPECT_EQ(p.offers[1].sku, "ITEM-12");
  EXPECT_EQ(p.offers[1].probability, 0.1 / 3);  // exactly
  EXPECT_TRUE(p.offers[1].accepted);
  EXPECT_EQ(p.offers[1].price, 250);
  // No offers: an empty third field.
  d.offers.clear();
  line = FormatDecisionLine(d);
  ASSERT_TRUE(line.ok());
  EXPECT_TRUE(ParseDecisionLine(*line, "log", 1).ok());
  // Skus that would break the format are refused when writing.
  d.cart = {"A,B"};
  EXPECT_FALSE(FormatDecisionLine(d).ok());
}

TEST(DecisionLogTest, RefusesBadLinesWithFileLineAndColumn) {
  const struct {
    const char* line;
    const char* error;
  } cases[] = {
      {"1\tA", "log.txt:2:1: expected 3 tab-separated fields"},
      {"x\tA\t", "log.txt:2:1: session"},
      {"1\tA,,B\t", "log.txt:2:5: cart"},
      {"1\tA\tB:1.5:0:10", "log.txt:2:7: choice_probability"},
      {"1\tA\tB:0:0:10", "log.txt:2:7: choice_probability"},
      {"1\tA\tB:1:0:10,C:0.5:2:10", "log.txt:2:20: accepted"},
      {"1\tA\tB:1:0:-3", "log.txt:2:11: price"},
      {"1\tA\tB:1:0", "log.txt:2:5: offer: expected"},
  };
  for (const auto& c : cases) {
    const absl::StatusOr<std::vector<LoggedDecision>> r =
        ParseDecisionLog(absl::StrCat("# header\n", c.line, "\n"), "log.txt");
    ASSERT_FALSE(r.ok()) << c.line;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message().find(c.error), 0u)
        << c.line << " -> " << r.status();
  }
}

TEST(OffPolicyTest, ClosedFormOnAHandMadeLog) {
  // Decision 1 showed X (p 0.5, accepted, 2.00) and Y (p 1, declined);
  // decision 2 showed X (p 0.25, declined) and Z (p 1, accepted, 3.00).
  // The candidate shows X in decision 1, X and Z in decision 2.
  std::vector<LoggedDecision> log(2);
  log[0].cart = {"A"};
  log[0].offers = {{"X", 0.5, true, 200}, {"Y", 1, false, 100}};
  log[1].cart = {"B"};
  log[1].offers = {{"X", 0.25, false, 200}, {"Z", 1, true, 300}};
  const std::vector<CandidateSlate> slates = {{{"X", 200}},
                                              {{"X", 200}, {"Z", 300}}};
  absl::StatusOr<OpeReport> r = EstimateOffPolicy(log, slates);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->decisions, 2);
  EXPECT_EQ(r->mean_slate, 1.5);
  EXPECT_EQ(r->matched_showings, 3);
  EXPECT_EQ(r->showings, 4);
  // IPS: (1 / 0.5 + 1 / 1) / 2; revenue (2 * 2.00 + 3.00) / 2.
  EXPECT_DOUBLE_EQ(r->accepted.ips.point, 1.5);
  EXPECT_DOUBLE_EQ(r->revenue.ips.point, 3.5);
  // Values 2 and 1: sample variance 0.5, standard error sqrt(0.5 / 2).
  EXPECT_DOUBLE_EQ(r->accepted.ips.standard_error, 0.5);
  EXPECT_NEAR(r->accepted.ips.lower, 1.5 - 1.959964 * 0.5, 1e-6);
  // SNIPS: sum Y / sum W * mean slate, W = 2 and 1 / 0.25 + 1 = 5.
  EXPECT_DOUBLE_EQ(r->accepted.snips.point, 3.0 / 7 * 1.5);
  EXPECT_DOUBLE_EQ(r->revenue.snips.point, 7.0 / 7 * 1.5);
  // DR with the reward model X 1/2, Y 0, Z 1:
  //   decision 1: 0.5 + (1 - 0.5) / 0.5 = 1.5;
  //   decision 2: 0.5 + 1 + (0 - 0.5) / 0.25 + (1 - 1) / 1 = -0.5.
  EXPECT_DOUBLE_EQ(r->accepted.dr.point, 0.5);
  //   revenue: 1.00 + (2.00 - 1.00) / 0.5 = 3; 1.00 + 3.00 - 1.00 / 0.25 = 0.
  EXPECT_DOUBLE_EQ(r->revenue.dr.point, 1.5);
  EXPECT_DOUBLE_EQ(r->revenue.dr.standard_error, 1.5);
}

TEST(OffPolicyTest, RefusesWhatItCannotEstimate) {
  std::vector<LoggedDecision> log(2);
  log[0].offers = {{"X", 0.5, true, 200}};
  log[1].offers = {{"X", 0.5, false, 200}};
  EXPECT_FALSE(EstimateOffPolicy(log, {{}}).ok());  // sizes differ
  // The candidate shows only what was never logged: no support.
  const std::vector<CandidateSlate> unseen = {{{"Q", 1}}, {{"Q", 1}}};
  EXPECT_EQ(EstimateOffPolicy(log, unseen).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(EstimateOffPolicy(log, {{{"X", 200}}, {}}, 1.0).ok());
}

TEST(OffPolicyTest, EstimateOfTheStaticPolicyCoversItsOnPolicyValue) {
  SyntheticOptions o;
  o.orders = 8000;
  o.items = 300;
  const mine::Baskets baskets = SyntheticBaskets(o);
  SimConfig c;
  c.sessions = 12000;
  c.window = 4000;
  c.warmup = 4000;
  c.mine.min_support = 5;
  c.mine.top_k = 32;
  c.rules.learning.exploration_share = 0.3;
  std::vector<LoggedDecision> log;
  c.log_decision = [&](const LoggedDecision& d) { log.push_back(d); };
  absl::StatusOr<SimReport> report = Simulate(baskets, c);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(log.size(), 12000u);
  // The candidate: the same rules, no model (the static policy, which saw
  // the same sessions and the same coins).
  absl::StatusOr<SimWorld> world = BuildWorld(baskets, c);
  ASSERT_TRUE(world.ok());
  absl::StatusOr<std::vector<CandidateSlate>> slates =
      CandidateSlates(*world->snapshot, c.rules, log);
  ASSERT_TRUE(slates.ok()) << slates.status();
  absl::StatusOr<OpeReport> r = EstimateOffPolicy(log, *slates);
  ASSERT_TRUE(r.ok()) << r.status();
  const std::string text = FormatOpeReport(*r);
  const double accepted = report->static_accepted.mean_y();
  const double revenue = report->static_revenue.mean_y();
  ASSERT_GT(accepted, 0);
  for (const stats::Estimate* e :
       {&r->accepted.ips, &r->accepted.snips, &r->accepted.dr}) {
    EXPECT_LE(e->lower, accepted) << text << "on-policy " << accepted;
    EXPECT_GE(e->upper, accepted) << text << "on-policy " << accepted;
  }
  for (const stats::Estimate* e :
       {&r->revenue.ips, &r->revenue.snips, &r->revenue.dr}) {
    EXPECT_LE(e->lower, revenue) << text << "on-policy " << revenue;
    EXPECT_GE(e->upper, revenue) << text << "on-policy " << revenue;
  }
  // The reward model makes DR tighter than IPS.
  EXPECT_LT(r->accepted.dr.standard_error, r->accepted.ips.standard_error);
}

}  // namespace
}  // namespace offergraph::sim
