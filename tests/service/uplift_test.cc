// Measuring uplift end to end (README "Measuring uplift"): a real server on
// a loopback port with an experiment and a holdout in its rules, a real gRPC
// client. Units enter arms through Suggest, orders come in through
// RecordOrder, and GetExperimentReport must give the figures src/stats gives
// on the same numbers.
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "data/rules_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "offergraph/experiments.h"
#include "prometheus/text_serializer.h"
#include "service/server_fixture.h"
#include "service/srm_monitor.h"
#include "stats/cuped.h"
#include "stats/lift.h"
#include "stats/srm.h"

namespace offergraph::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kRules[] = R"(
holdout { share: 0.1 salt: "h" }
experiments {
  name: "promo"
  salt: "p1"
  arms { name: "control" share: 0.5 no_offers: true }
  arms { name: "treatment" share: 0.5 }
}
)";

const ExperimentPlan& Plan() {
  static const ExperimentPlan plan =
      ParseRulesConfig(kRules, "rules.textproto")->experiments;
  return plan;
}

class UpliftTest : public ServerFixture {
 protected:
  void Configure(ServerOptions* options) override {
    std::ofstream rules(data_.path() + "/rules.textproto", std::ios::app);
    rules << kRules;
  }

  // The first `n` customers "u-<i>" the server puts in `arm`.
  static std::vector<std::string> CustomersIn(const std::string& arm, int n) {
    std::vector<std::string> out;
    for (int i = 0; static_cast<int>(out.size()) < n; ++i) {
      const std::string id = absl::StrCat("u-", i);
      if (Plan().Assign(id, "").arm_name() == arm) out.push_back(id);
    }
    return out;
  }

  v1::SuggestResponse Enter(const std::string& customer) {
    return SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-14"}, customer));
  }

  grpc::Status Order(const v1::RecordOrderRequest& request,
                     v1::RecordOrderResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    return offers_->RecordOrder(&context, request, response);
  }

  static v1::RecordOrderRequest OrderOf(const std::string& id,
                                        const std::string& customer,
                                        int64_t cents) {
    v1::RecordOrderRequest r;
    r.set_order_id(id);
    r.set_customer_id(customer);
    r.mutable_total()->set_units(cents);
    r.mutable_total()->set_currency("USD");
    v1::OrderLine* line = r.add_lines();
    line->set_sku("LAPTOP-14");
    line->set_quantity(1);
    line->mutable_unit_price()->set_units(cents);
    line->mutable_unit_price()->set_currency("USD");
    return r;
  }

  v1::RecordOrderResponse OrderOk(const v1::RecordOrderRequest& request) {
    v1::RecordOrderResponse response;
    grpc::Status s = Order(request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  grpc::Status Report(const std::string& experiment, bool sequential,
                      v1::GetExperimentReportResponse* response) {
    v1::GetExperimentReportRequest request;
    request.set_experiment(experiment);
    request.set_sequential(sequential);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    return admin_->GetExperimentReport(&context, request, response);
  }

  v1::GetExperimentReportResponse ReportOk(const std::string& experiment,
                                           bool sequential = false) {
    v1::GetExperimentReportResponse r;
    grpc::Status s = Report(experiment, sequential, &r);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return r;
  }

  // 100 units per arm; `control_orders` and `treatment_orders` of them order
  // once for 50.00.
  void Populate(int control_units, int control_orders, int treatment_units,
                int treatment_orders) {
    const std::vector<std::string> control =
        CustomersIn("control", control_units);
    const std::vector<std::string> treatment =
        CustomersIn("treatment", treatment_units);
    for (const std::string& c : control) Enter(c);
    for (const std::string& c : treatment) Enter(c);
    for (int i = 0; i < control_orders; ++i) {
      OrderOk(OrderOf(absl::StrCat("oc", i), control[i], 5000));
    }
    for (int i = 0; i < treatment_orders; ++i) {
      OrderOk(OrderOf(absl::StrCat("ot", i), treatment[i], 5000));
    }
  }

  static const v1::ArmReport& Arm(const v1::GetExperimentReportResponse& r,
                                  const std::string& name) {
    for (const v1::ArmReport& a : r.arms()) {
      if (a.arm() == name) return a;
    }
    ADD_FAILURE() << "no arm " << name;
    return r.arms(0);
  }

  std::string Scrape() {
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(
        out, server_->metrics().registry()->Collect());
    return out.str();
  }
};

TEST_F(UpliftTest, RecordOrderValidatesNamingTheField) {
  struct Case {
    const char* want;
    std::function<void(v1::RecordOrderRequest*)> change;
  };
  const std::vector<Case> cases = {
      {"order_id: must not be empty",
       [](v1::RecordOrderRequest* r) { r->clear_order_id(); }},
      {"decision_id, customer_id, session_id: set at least one",
       [](v1::RecordOrderRequest* r) { r->clear_customer_id(); }},
      {"total: required", [](v1::RecordOrderRequest* r) { r->clear_total(); }},
      {"total.units: must be >= 0, got -1",
       [](v1::RecordOrderRequest* r) { r->mutable_total()->set_units(-1); }},
      {"total.currency: must be a 3-letter ISO 4217 code, got \"usd\"",
       [](v1::RecordOrderRequest* r) {
         r->mutable_total()->set_currency("usd");
       }},
      {"lines[0].quantity: must be in 1..1000000, got 0",
       [](v1::RecordOrderRequest* r) { r->mutable_lines(0)->set_quantity(0); }},
      {"lines[0].sku: must not be empty",
       [](v1::RecordOrderRequest* r) { r->mutable_lines(0)->clear_sku(); }},
      {"lines[0].unit_price.currency: must be the total's (USD), got \"EUR\"",
       [](v1::RecordOrderRequest* r) {
         r->mutable_lines(0)->mutable_unit_price()->set_currency("EUR");
       }},
      {"time_unix_seconds: must be >= 0, got -5",
       [](v1::RecordOrderRequest* r) { r->set_time_unix_seconds(-5); }},
  };
  for (const Case& c : cases) {
    v1::RecordOrderRequest r = OrderOf("o1", "alice", 5000);
    c.change(&r);
    v1::RecordOrderResponse response;
    grpc::Status s = Order(r, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.want;
    EXPECT_THAT(s.error_message(), HasSubstr(c.want));
  }
  // Only a decision id, and an unknown one: NOT_FOUND.
  v1::RecordOrderRequest r = OrderOf("o1", "", 5000);
  r.set_decision_id("nope");
  v1::RecordOrderResponse response;
  EXPECT_EQ(Order(r, &response).error_code(), grpc::StatusCode::NOT_FOUND);
}

// Issue 12: one currency per experiment. promo (and the holdout) measure
// revenue in the rules' default currency, USD.
TEST_F(UpliftTest, OrdersInAnotherCurrencyAreRefusedNamingTheExperiment) {
  const std::string c = CustomersIn("treatment", 1)[0];
  Enter(c);
  v1::RecordOrderRequest euros = OrderOf("o1", c, 5000);
  euros.mutable_total()->set_currency("EUR");
  euros.mutable_lines(0)->mutable_unit_price()->set_currency("EUR");
  v1::RecordOrderResponse response;
  grpc::Status s = Order(euros, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(),
              HasSubstr("total.currency: experiment \"promo\" measures "
                        "revenue in USD, got EUR"));
  EXPECT_EQ(Arm(ReportOk("promo"), "treatment").orders(), 0);
  // The same order in dollars is new, not a conflict.
  EXPECT_FALSE(OrderOk(OrderOf("o1", c, 5000)).duplicate());
  EXPECT_EQ(Arm(ReportOk("promo"), "treatment").revenue(), 5000);
}

TEST_F(UpliftTest, RecordOrderIsIdempotentByOrderId) {
  const std::string c = CustomersIn("treatment", 1)[0];
  Enter(c);
  v1::RecordOrderResponse first = OrderOk(OrderOf("o1", c, 5000));
  EXPECT_FALSE(first.duplicate());
  EXPECT_EQ(first.experiment(), "promo");
  EXPECT_EQ(first.arm(), "treatment");
  EXPECT_TRUE(OrderOk(OrderOf("o1", c, 5000)).duplicate());
  v1::RecordOrderResponse response;
  grpc::Status s = Order(OrderOf("o1", c, 6000), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("order_id: order o1"));
  const v1::GetExperimentReportResponse r = ReportOk("promo");
  EXPECT_EQ(Arm(r, "treatment").orders(), 1);
  EXPECT_EQ(Arm(r, "treatment").revenue(), 5000);
}

TEST_F(UpliftTest, OrdersCountForTheUnitsArmOffersOrNot) {
  // A control unit saw no offers (a ghost decision); its order counts.
  const std::string control = CustomersIn("control", 1)[0];
  EXPECT_EQ(Enter(control).offers_size(), 0);
  v1::RecordOrderResponse o = OrderOk(OrderOf("c1", control, 5000));
  EXPECT_EQ(o.experiment(), "promo");
  EXPECT_EQ(o.arm(), "control");
  // A treatment unit orders after a decision, naming it.
  const std::string treated = CustomersIn("treatment", 1)[0];
  const v1::SuggestResponse shown = Enter(treated);
  ASSERT_FALSE(shown.decision_id().empty());
  v1::RecordOrderRequest with_decision = OrderOf("t1", "", 7000);
  with_decision.set_decision_id(shown.decision_id());
  o = OrderOk(with_decision);
  EXPECT_EQ(o.arm(), "treatment");
  // An accepted offer counts for the arm's acceptance rate.
  ASSERT_TRUE(
      Outcome(shown.decision_id(), shown.offers(0).sku(), v1::ACCEPTED).ok());
  // The holdout's units order too.
  const std::string held = CustomersIn("holdout", 1)[0];
  Enter(held);
  o = OrderOk(OrderOf("h1", held, 9000));
  EXPECT_EQ(o.experiment(), "holdout");
  EXPECT_EQ(o.arm(), "holdout");

  const v1::GetExperimentReportResponse r = ReportOk("promo");
  EXPECT_EQ(r.control_arm(), "control");
  EXPECT_EQ(r.control_rule(), "no_offers arm");
  EXPECT_EQ(Arm(r, "control").units(), 1);
  EXPECT_EQ(Arm(r, "control").ghost_decisions(), 1);
  EXPECT_EQ(Arm(r, "control").offers_shown(), 0);
  EXPECT_EQ(Arm(r, "control").revenue(), 5000);
  EXPECT_EQ(Arm(r, "treatment").revenue(), 7000);
  EXPECT_EQ(Arm(r, "treatment").offers_shown(), shown.offers_size());
  EXPECT_EQ(Arm(r, "treatment").offers_accepted(), 1);
  EXPECT_DOUBLE_EQ(Arm(r, "treatment").acceptance_rate(),
                   1.0 / shown.offers_size());

  // The holdout against everyone else who got a decision.
  const v1::GetExperimentReportResponse h = ReportOk("holdout");
  EXPECT_EQ(h.control_arm(), "holdout");
  EXPECT_EQ(Arm(h, "holdout").units(), 1);
  EXPECT_EQ(Arm(h, "holdout").revenue(), 9000);
  EXPECT_EQ(Arm(h, "rest").units(), 2);
  EXPECT_EQ(Arm(h, "rest").revenue(), 12000);
  EXPECT_DOUBLE_EQ(Arm(h, "holdout").expected_share(),
                   Plan().realised_holdout_share());
}

TEST_F(UpliftTest, ReportMatchesTheStatisticsOnKnownNumbers) {
  Populate(100, 10, 100, 20);
  const v1::GetExperimentReportResponse r = ReportOk("promo", true);
  const v1::ArmReport& c = Arm(r, "control");
  const v1::ArmReport& t = Arm(r, "treatment");
  EXPECT_EQ(c.units(), 100);
  EXPECT_EQ(t.units(), 100);
  EXPECT_EQ(c.decisions(), 100);
  EXPECT_EQ(c.orders(), 10);
  EXPECT_EQ(t.orders(), 20);
  EXPECT_DOUBLE_EQ(c.conversion(), 0.10);
  EXPECT_DOUBLE_EQ(t.conversion(), 0.20);
  EXPECT_DOUBLE_EQ(c.revenue_per_unit(), 500);
  EXPECT_DOUBLE_EQ(t.revenue_per_unit(), 1000);
  EXPECT_DOUBLE_EQ(t.average_order_value(), 5000);

  ASSERT_EQ(r.comparisons_size(), 1);
  const v1::ArmComparison& cmp = r.comparisons(0);
  EXPECT_EQ(cmp.arm(), "treatment");
  absl::StatusOr<stats::Comparison> conversion =
      stats::CompareProportions({10, 100}, {20, 100});
  ASSERT_TRUE(conversion.ok());
  EXPECT_DOUBLE_EQ(cmp.conversion().absolute().point(), 0.10);
  EXPECT_DOUBLE_EQ(cmp.conversion().absolute().lower(),
                   conversion->absolute.lower);
  EXPECT_DOUBLE_EQ(cmp.conversion().absolute().upper(),
                   conversion->absolute.upper);
  EXPECT_DOUBLE_EQ(cmp.conversion().relative().point(), 1.0);  // +100%
  EXPECT_DOUBLE_EQ(cmp.conversion().p_value(), conversion->p_value);

  stats::Moments mc, mt;
  for (int i = 0; i < 100; ++i) mc.Add(i < 10 ? 5000 : 0, 0);
  for (int i = 0; i < 100; ++i) mt.Add(i < 20 ? 5000 : 0, 0);
  absl::StatusOr<stats::CupedComparison> revenue =
      stats::CompareMeansCuped(mc, mt);
  ASSERT_TRUE(revenue.ok());
  EXPECT_FALSE(cmp.cuped_applied());  // no pre-period orders
  EXPECT_NEAR(cmp.revenue_per_unit().absolute().point(), 500, 1e-9);
  EXPECT_NEAR(cmp.revenue_per_unit().absolute().lower(),
              revenue->comparison.absolute.lower, 1e-9);
  EXPECT_NEAR(cmp.revenue_per_unit().p_value(), revenue->comparison.p_value,
              1e-12);
  // The always-valid interval is wider than the fixed-horizon one.
  ASSERT_TRUE(cmp.has_sequential_revenue_per_unit());
  EXPECT_LT(cmp.sequential_revenue_per_unit().lower(),
            cmp.revenue_per_unit().absolute().lower());
  // 100 and 100 against shares near 0.5: no mismatch.
  EXPECT_FALSE(r.sample_ratio().mismatch());
  EXPECT_GT(r.sample_ratio().p_value(), 0.001);
}

TEST_F(UpliftTest, PrePeriodOrdersFeedCuped) {
  const std::vector<std::string> control = CustomersIn("control", 30);
  const std::vector<std::string> treatment = CustomersIn("treatment", 30);
  // Orders before the first decision: the covariate, correlated with later
  // spending.
  int n = 0;
  for (const auto* arm : {&control, &treatment}) {
    for (size_t i = 0; i < arm->size(); ++i) {
      const int64_t spend = 1000 * static_cast<int64_t>(i % 5 + 1);
      OrderOk(OrderOf(absl::StrCat("pre", n++), (*arm)[i], spend));
      Enter((*arm)[i]);
      OrderOk(OrderOf(absl::StrCat("post", n++), (*arm)[i],
                      spend + (arm == &treatment ? 500 : 0) +
                          static_cast<int64_t>(i % 3) * 100));
    }
  }
  const v1::GetExperimentReportResponse r = ReportOk("promo");
  EXPECT_EQ(Arm(r, "control").pre_period_orders(), 30);
  EXPECT_EQ(Arm(r, "control").orders(), 30);
  ASSERT_EQ(r.comparisons_size(), 1);
  EXPECT_TRUE(r.comparisons(0).cuped_applied());
  EXPECT_GT(r.comparisons(0).cuped_variance_reduction(), 0.5);
}

TEST_F(UpliftTest, SampleRatioMismatchIsFlaggedWhenAnArmLosesUnits) {
  // Treatment's units "dropped": 100 control units, 40 treatment units.
  Populate(100, 0, 40, 0);
  const v1::GetExperimentReportResponse r = ReportOk("promo");
  EXPECT_TRUE(r.sample_ratio().mismatch());
  EXPECT_LT(r.sample_ratio().p_value(), 0.001);
  const std::vector<double> shares = {Arm(r, "control").expected_share(),
                                      Arm(r, "treatment").expected_share()};
  absl::StatusOr<stats::SrmResult> srm =
      stats::TestSampleRatio({int64_t{100}, int64_t{40}}, shares);
  ASSERT_TRUE(srm.ok());
  EXPECT_DOUBLE_EQ(r.sample_ratio().p_value(), srm->p_value);
  // The report's p-value is exported for the alert.
  EXPECT_THAT(Scrape(),
              HasSubstr("offergraph_experiment_srm_p_value{experiment=\"promo\"}"));
}

// Issue 12: a privacy erasure through the server's own RPC takes the unit
// out of the report (and its orders out of the arm's revenue), and the
// holdout's "rest" side forgets it too.
TEST_F(UpliftTest, ErasedCustomerLeavesTheReport) {
  Populate(3, 1, 3, 2);
  const v1::GetExperimentReportResponse before = ReportOk("promo");
  ASSERT_EQ(Arm(before, "treatment").units(), 3);
  ASSERT_EQ(Arm(before, "treatment").orders(), 2);
  const int64_t rest_before = Arm(ReportOk("holdout"), "rest").units();

  const std::string erased_unit = CustomersIn("treatment", 1)[0];
  v1::EraseCustomerRequest request;
  request.set_customer_id(erased_unit);
  v1::EraseCustomerResponse erased;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::Status s = offers_->EraseCustomer(&context, request, &erased);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // At least its aggregates in promo and in the holdout's rest, and its
  // order (plus its decision and history when it was shown offers).
  EXPECT_GE(erased.records_erased(), 2 + 1);

  const v1::GetExperimentReportResponse after = ReportOk("promo");
  EXPECT_EQ(Arm(after, "treatment").units(), 2);
  EXPECT_EQ(Arm(after, "treatment").orders(), 1);
  EXPECT_EQ(Arm(after, "treatment").revenue(), 5000);
  EXPECT_EQ(Arm(after, "control").units(), 3);
  EXPECT_EQ(Arm(after, "control").orders(), 1);
  EXPECT_EQ(Arm(ReportOk("holdout"), "rest").units(), rest_before - 1);
  // The order's idempotency record went with it: its id is new again.
  EXPECT_FALSE(OrderOk(OrderOf("ot0", erased_unit, 1234)).duplicate());
}

// The value of the series `series` (name and labels, as printed) in
// Prometheus text `text`; nullopt when it is not there.
std::optional<double> SeriesValue(const std::string& text,
                                  const std::string& series) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(series + " ", 0) == 0) {
      return std::strtod(line.c_str() + series.size() + 1, nullptr);
    }
  }
  return std::nullopt;
}

class UpliftSrmTest : public UpliftTest {
 protected:
  void Configure(ServerOptions* options) override {
    UpliftTest::Configure(options);
    options->experiment_srm_interval = absl::Milliseconds(10);
  }
};

// Issue 12: the server recomputes the sample-ratio test of every configured
// experiment in the background, so the alert's gauge is current without
// anyone running a report.
TEST_F(UpliftSrmTest, BackgroundCheckExportsAMismatchWithoutAReport) {
  const absl::Time start = absl::Now();
  // Treatment's units "dropped": 100 control units, 40 treatment units.
  Populate(100, 0, 40, 0);
  SrmMonitor& monitor = server_->srm_monitor();
  // Two more passes: the second began after the last unit entered.
  const int64_t seen = monitor.passes();
  ASSERT_TRUE(monitor.WaitForPasses(seen + 2, absl::Now() + absl::Seconds(30)))
      << monitor.passes();
  const std::string m = Scrape();
  const std::optional<double> p =
      SeriesValue(m, "offergraph_experiment_srm_p_value{experiment=\"promo\"}");
  ASSERT_TRUE(p.has_value()) << m;
  EXPECT_LT(*p, 0.001);
  absl::StatusOr<stats::SrmResult> srm =
      stats::TestSampleRatio({int64_t{100}, int64_t{40}},
                             {Plan().experiments()[0].arms[0].realised_share,
                              Plan().experiments()[0].arms[1].realised_share});
  ASSERT_TRUE(srm.ok());
  EXPECT_DOUBLE_EQ(*p, srm->p_value);
  const std::optional<double> computed =
      SeriesValue(m,
                  "offergraph_experiment_srm_computed_timestamp_seconds{"
                  "experiment=\"promo\"}");
  ASSERT_TRUE(computed.has_value()) << m;
  EXPECT_GE(*computed, absl::ToDoubleSeconds(start - absl::UnixEpoch()) - 1);
  EXPECT_LE(*computed, absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch()));
  // The holdout is checked too (its split is healthy here).
  EXPECT_TRUE(
      SeriesValue(m,
                  "offergraph_experiment_srm_p_value{experiment=\"holdout\"}")
          .has_value())
      << m;
}

// The monitor stops at shutdown without waiting out its interval.
TEST_F(UpliftTest, ShutdownStopsTheBackgroundCheckPromptly) {
  // This fixture's interval is the default, 60 s: the thread is waiting.
  ASSERT_TRUE(
      server_->srm_monitor().WaitForPasses(1, absl::Now() + absl::Seconds(30)));
  const absl::Time start = absl::Now();
  StopServer();
  // The server's own grace is 1 s; the monitor adds nothing close to 60 s.
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
}

TEST_F(UpliftTest, UnknownExperimentIsNotFoundNamingIt) {
  v1::GetExperimentReportResponse r;
  grpc::Status s = Report("nosuch", false, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("\"nosuch\""));
}

TEST_F(UpliftTest, MetricsCountPerExperimentAndArmWithoutCustomerIds) {
  const std::string c = CustomersIn("control", 1)[0];
  const std::string t = CustomersIn("treatment", 1)[0];
  Enter(c);
  Enter(t);
  OrderOk(OrderOf("o1", t, 5050));
  const std::string m = Scrape();
  EXPECT_THAT(m, HasSubstr("offergraph_experiment_decisions_total{arm=\""
                           "control\",experiment=\"promo\"} 1"));
  EXPECT_THAT(m, HasSubstr("offergraph_experiment_ghost_decisions_total{arm="
                           "\"control\",experiment=\"promo\"} 1"));
  EXPECT_THAT(m, HasSubstr("offergraph_experiment_ghost_decisions_total{arm="
                           "\"treatment\",experiment=\"promo\"} 0"));
  EXPECT_THAT(m, HasSubstr("offergraph_experiment_orders_total{arm=\""
                           "treatment\",experiment=\"promo\"} 1"));
  // Base units: 50.50 dollars.
  EXPECT_THAT(m, HasSubstr("offergraph_experiment_order_revenue_total{arm=\""
                           "treatment\",currency=\"USD\",experiment=\"promo\"} "
                           "50.5"));
  EXPECT_THAT(m, HasSubstr("offergraph_experiment_arm_expected_share{arm=\""
                           "treatment\",experiment=\"promo\"}"));
  EXPECT_THAT(m, Not(HasSubstr(c)));
  EXPECT_THAT(m, Not(HasSubstr(t)));
}

}  // namespace
}  // namespace offergraph::testing
