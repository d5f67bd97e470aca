// Experiments end to end: a real server on a loopback port with experiments
// in its rules.textproto, a real gRPC client. Units are picked for each arm
// with the same assignment the server uses (ExperimentPlan), built here from
// the same text.
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "data/rules_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "offergraph/experiments.h"
#include "service/server_fixture.h"

namespace offergraph::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr char kExperiments[] = R"(
holdout { share: 0.1 salt: "h" }
experiments {
  name: "max_offers"
  salt: "m1"
  arms { name: "control" share: 0.4 no_offers: true }
  arms { name: "one" share: 0.3 patch { default_max_offers: 1 } }
  arms { name: "base" share: 0.3 }
}
)";

class ExperimentTest : public ServerFixture {
 protected:
  void Configure(ServerOptions* options) override {
    std::ofstream rules(data_.path() + "/rules.textproto", std::ios::app);
    rules << kExperiments;
  }

  // The first customer "x-<n>" the server puts in `arm` ("holdout" for the
  // holdout).
  static std::string CustomerIn(const std::string& arm) {
    static const ExperimentPlan plan =
        ParseRulesConfig(kExperiments, "rules.textproto")->experiments;
    for (int i = 0;; ++i) {
      const std::string id = absl::StrCat("x-", i);
      if (plan.Assign(id, "").arm_name() == arm) return id;
    }
  }

  v1::GetCustomerViewResponse View(const std::string& customer) {
    v1::GetCustomerViewRequest request;
    request.set_customer_id(customer);
    v1::GetCustomerViewResponse response;
    grpc::ClientContext context;
    grpc::Status s = offers_->GetCustomerView(&context, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  static int Count(const v1::SuggestResponse& r, v1::SuppressionReason why) {
    int n = 0;
    for (const v1::Suppressed& s : r.suppressed()) n += s.reason() == why;
    return n;
  }
};

TEST_F(ExperimentTest, ControlArmDecidesAndLogsAGhostButShowsNothing) {
  const std::string customer = CustomerIn("control");
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"LAPTOP-14"}, customer);
  request.set_explain(true);
  v1::SuggestResponse r = SuggestOk(request);
  EXPECT_EQ(r.offers_size(), 0);
  EXPECT_EQ(r.suppression(), v1::HOLDOUT);
  EXPECT_EQ(r.decision_id(), "");
  EXPECT_EQ(r.experiment(), "max_offers");
  EXPECT_EQ(r.arm(), "control");
  // The three would-be offers, each suppressed as HOLDOUT.
  EXPECT_EQ(Count(r, v1::HOLDOUT), 3);
  EXPECT_EQ(SuppressedReason(r, "LAPTOP-14-PRO"), v1::HOLDOUT);
  EXPECT_EQ(SuppressedReason(r, "LAPTOP-STAND"), v1::OUT_OF_STOCK);

  // The ghost is in the ledger with what would have been offered.
  v1::GetCustomerViewResponse view = View(customer);
  ASSERT_EQ(view.decisions_size(), 1);
  const v1::DecisionView& ghost = view.decisions(0);
  EXPECT_TRUE(ghost.ghost());
  EXPECT_EQ(ghost.experiment(), "max_offers");
  EXPECT_EQ(ghost.arm(), "control");
  EXPECT_THAT(ghost.decision_id(), MatchesRegex("[0-9a-f]{32}"));
  ASSERT_EQ(ghost.offers_size(), 3);
  EXPECT_EQ(ghost.offers(0).sku(), "LAPTOP-14-PRO");
  EXPECT_EQ(view.offer_responses_last_24h(), 0);
  EXPECT_EQ(view.active_rests_size(), 0);

  // Ghosts were never shown: no outcome for them ...
  EXPECT_EQ(Outcome(ghost.decision_id(), "LAPTOP-14-PRO", v1::PRESENTED)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // ... and they count toward no cap or cooldown: past the daily cap of 5
  // the control still decides the same three offers.
  for (int i = 0; i < 6; ++i) {
    r = SuggestOk(request);
    EXPECT_EQ(r.suppression(), v1::HOLDOUT);
    EXPECT_EQ(Count(r, v1::HOLDOUT), 3);
    EXPECT_EQ(Count(r, v1::FREQUENCY_CAP), 0);
  }
  EXPECT_EQ(View(customer).decisions_size(), 7);
  EXPECT_EQ(View(customer).offer_responses_last_24h(), 0);
  // A preview of the base arm for this customer gets all three: no cap.
  Advance(absl::Minutes(1));  // the view lists newest first
  request.set_experiment("max_offers");
  request.set_arm("base");
  r = SuggestOk(request);
  EXPECT_EQ(r.offers_size(), 3);
  EXPECT_EQ(r.arm(), "base");
  // Previews are logged untagged: they never count for an arm.
  view = View(customer);
  ASSERT_EQ(view.decisions_size(), 8);
  EXPECT_EQ(view.decisions(0).experiment(), "");
  EXPECT_FALSE(view.decisions(0).ghost());
}

TEST_F(ExperimentTest, TreatmentArmsPatchTakesEffectAndOutcomesAreTagged) {
  const std::string customer = CustomerIn("one");
  v1::SuggestResponse r =
      SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-14"}, customer));
  ASSERT_EQ(r.offers_size(), 1);  // default_max_offers: 1 in the patch
  EXPECT_EQ(r.offers(0).sku(), "LAPTOP-14-PRO");
  EXPECT_EQ(r.experiment(), "max_offers");
  EXPECT_EQ(r.arm(), "one");
  EXPECT_EQ(r.suppression(), v1::SUPPRESSION_REASON_UNSPECIFIED);
  ASSERT_FALSE(r.decision_id().empty());
  EXPECT_TRUE(Outcome(r.decision_id(), "LAPTOP-14-PRO", v1::ACCEPTED).ok());
  v1::GetCustomerViewResponse view = View(customer);
  ASSERT_EQ(view.decisions_size(), 1);
  EXPECT_EQ(view.decisions(0).arm(), "one");
  EXPECT_FALSE(view.decisions(0).ghost());
  EXPECT_EQ(view.offer_responses_last_24h(), 1);

  // The base arm: the file's own rules, tagged.
  r = SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-14"}, CustomerIn("base")));
  EXPECT_EQ(r.offers_size(), 3);
  EXPECT_EQ(r.arm(), "base");
  // The request's max_offers is still honoured within the arm's cap (after
  // the accept's quiet period).
  Advance(absl::Hours(25));
  v1::SuggestRequest two = Cart(v1::CHECKOUT, {"LAPTOP-14"}, customer);
  two.set_max_offers(2);
  EXPECT_EQ(SuggestOk(two).offers_size(), 2);
}

TEST_F(ExperimentTest, HoldoutGetsNoOffersOnAnyChannel) {
  const std::string customer = CustomerIn("holdout");
  for (auto [channel, sku] : {std::pair{v1::CHECKOUT, "LAPTOP-14"},
                              std::pair{v1::SUPPORT_DESK, "PHONE-A"},
                              std::pair{v1::BROWSE, "LAPTOP-14"}}) {
    v1::SuggestRequest request = Cart(channel, {sku}, customer);
    request.set_explain(true);
    v1::SuggestResponse r = SuggestOk(request);
    EXPECT_EQ(r.offers_size(), 0) << channel;
    EXPECT_EQ(r.suppression(), v1::HOLDOUT) << channel;
    EXPECT_GT(Count(r, v1::HOLDOUT), 0) << channel;
    EXPECT_EQ(r.experiment(), "holdout");
    EXPECT_EQ(r.arm(), "holdout");
  }
  v1::GetCustomerViewResponse view = View(customer);
  ASSERT_EQ(view.decisions_size(), 3);
  for (const v1::DecisionView& d : view.decisions()) {
    EXPECT_TRUE(d.ghost());
    EXPECT_EQ(d.experiment(), "holdout");
  }
  // A whole-response reason wins over the holdout: nothing to log.
  ASSERT_TRUE(SetState(customer, true, false).ok());
  v1::SuggestResponse r =
      SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-14"}, customer));
  EXPECT_EQ(r.suppression(), v1::COMPLAINT_OPEN);
  EXPECT_EQ(r.arm(), "holdout");
  EXPECT_EQ(View(customer).decisions_size(), 3);
}

TEST_F(ExperimentTest, RequestsWithoutIdsAreInNothing) {
  v1::SuggestResponse r = SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-14"}));
  EXPECT_EQ(r.offers_size(), 3);
  EXPECT_EQ(r.experiment(), "");
  EXPECT_EQ(r.arm(), "");
}

TEST_F(ExperimentTest, PreviewsNameAnArmThatExists) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"LAPTOP-14"}, "p-1");
  request.set_experiment("max_offers");
  request.set_arm("nope");
  v1::SuggestResponse r;
  grpc::Status s = Suggest(request, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("experiment, arm: no arm \"nope\""));
  request.clear_arm();
  EXPECT_EQ(Suggest(request, &r).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_experiment("holdout");
  request.set_arm("holdout");
  r = SuggestOk(request);
  EXPECT_EQ(r.suppression(), v1::HOLDOUT);
  request.set_experiment("max_offers");
  request.set_arm("one");
  EXPECT_EQ(SuggestOk(request).offers_size(), 1);
}

TEST_F(ExperimentTest, ABadExperimentOnReloadKeepsTheOldSnapshotServing) {
  const std::string before = StatusOk().snapshot_version();
  std::ofstream(data_.path() + "/rules.textproto", std::ios::app)
      << "experiments {\n  name: \"broken\"\n"
         "  arms { name: \"a\" share: 1.5 }\n}\n";
  v1::ReloadResponse reload;
  grpc::Status s = Reload(&reload);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(),
              MatchesRegex(".*rules.textproto:[0-9]+:20: "
                           "experiments\\[1\\].arms\\[0\\].share: must be in "
                           "\\[0, 1\\], got 1.5.*"));
  const v1::GetStatusResponse status = StatusOk();
  EXPECT_EQ(status.snapshot_version(), before);
  EXPECT_EQ(status.reloads_failed(), 1);
  // Still serving the old experiments.
  v1::SuggestResponse r =
      SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-14"}, CustomerIn("one")));
  EXPECT_EQ(r.offers_size(), 1);
  EXPECT_EQ(r.arm(), "one");
}

}  // namespace
}  // namespace offergraph::testing
