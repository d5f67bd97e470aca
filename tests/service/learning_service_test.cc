// The learned propensity through the real server: every offer carries its
// evidence, outcomes reported through RecordOutcome move the next
// decisions, a reload keeps what was learned, and learning off is the
// graph's statistic.
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/server_fixture.h"

namespace offergraph {
namespace {

using ::offergraph::testing::ServerFixture;

const v1::Offer* FindOffer(const v1::SuggestResponse& r,
                           const std::string& sku) {
  for (const v1::Offer& o : r.offers()) {
    if (o.sku() == sku) return &o;
  }
  return nullptr;
}

class LearningServiceTest : public ServerFixture {
 protected:
  void Configure(ServerOptions* options) override {
    // Rebuild the model every 50 ms; explore never.
    std::ofstream rules(data_.path() + "/rules.textproto", std::ios::app);
    rules << "\nlearning { refresh_interval_seconds: 0.1 " << extra_ << " }\n";
  }

  // Waits, on GetStatus answers rather than on time, until a model built
  // from at least `showings` showings serves (bounded by the test's
  // timeout).
  void WaitForModel(double showings) {
    while (true) {
      const v1::GetStatusResponse s = StatusOk();
      if (s.learning().model_showings() >= showings - 1e-6) return;
    }
  }

  std::string extra_;
};

TEST_F(LearningServiceTest, OffersCarryTheirEvidenceAndLearnFromOutcomes) {
  v1::SuggestRequest cart = Cart(v1::CHECKOUT, {"LAPTOP-14"}, "c-1");
  cart.set_max_offers(3);
  const v1::SuggestResponse first = SuggestOk(cart);
  const v1::Offer* bag = FindOffer(first, "LAPTOP-BAG");
  ASSERT_NE(bag, nullptr);
  EXPECT_EQ(bag->propensity_source(), v1::PRIOR);
  EXPECT_EQ(bag->evidence(), 0);
  EXPECT_FLOAT_EQ(bag->affinity(), 0.42f);
  // The cold prior: the base rate (0.05) scaled by the weight over the
  // reference weight (0.25).
  EXPECT_NEAR(bag->propensity(), 0.05 * 0.42 / 0.25, 1e-6);
  EXPECT_LE(bag->propensity_low(), bag->propensity());
  EXPECT_GE(bag->propensity_high(), bag->propensity());
  EXPECT_EQ(bag->choice_probability(), 1.0);
  const double cold = bag->propensity();

  // Forty customers are shown the bag and take it.
  for (int i = 0; i < 40; ++i) {
    const v1::SuggestResponse r =
        SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-14"}, "buyer-" + std::to_string(i)));
    ASSERT_NE(FindOffer(r, "LAPTOP-BAG"), nullptr);
    ASSERT_TRUE(Outcome(r.decision_id(), "LAPTOP-BAG", v1::PRESENTED).ok());
    ASSERT_TRUE(Outcome(r.decision_id(), "LAPTOP-BAG", v1::ACCEPTED).ok());
    // A repeat changes nothing.
    v1::RecordOutcomeResponse again;
    ASSERT_TRUE(
        Outcome(r.decision_id(), "LAPTOP-BAG", v1::ACCEPTED, &again).ok());
    EXPECT_TRUE(again.duplicate());
  }
  WaitForModel(40);
  const v1::GetStatusResponse status = StatusOk();
  EXPECT_TRUE(status.learning().enabled());
  EXPECT_EQ(status.learning().outcomes_observed(), 80);
  EXPECT_GE(status.learning().model_offers(), 1);

  const v1::SuggestResponse after =
      SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-14"}, "c-2"));
  bag = FindOffer(after, "LAPTOP-BAG");
  ASSERT_NE(bag, nullptr);
  EXPECT_EQ(bag->propensity_source(), v1::LEARNED);
  EXPECT_NEAR(bag->evidence(), 40, 0.01);
  EXPECT_GT(bag->propensity(), 5 * cold);
  EXPECT_EQ(after.offers(0).sku(), "LAPTOP-BAG");  // now the best offer

  // A reload keeps what was learned.
  v1::ReloadResponse reloaded;
  ASSERT_TRUE(Reload(&reloaded).ok());
  const v1::SuggestResponse reloaded_response =
      SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-14"}, "c-3"));
  bag = FindOffer(reloaded_response, "LAPTOP-BAG");
  ASSERT_NE(bag, nullptr);
  EXPECT_EQ(bag->propensity_source(), v1::LEARNED);
  EXPECT_NEAR(bag->evidence(), 40, 0.01);
}

TEST_F(LearningServiceTest, OutcomesThatAreRefusedTeachNothing) {
  const v1::SuggestResponse r =
      SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-14"}, "c-1"));
  ASSERT_TRUE(Outcome(r.decision_id(), "LAPTOP-BAG", v1::DECLINED).ok());
  // Contradicting, unknown decision, sku not offered: refused.
  EXPECT_EQ(Outcome(r.decision_id(), "LAPTOP-BAG", v1::ACCEPTED).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Outcome("0123456789abcdef0123456789abcdef", "LAPTOP-BAG",
                    v1::ACCEPTED)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Outcome(r.decision_id(), "PHONE-A", v1::ACCEPTED).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  WaitForModel(1);
  const v1::GetStatusResponse status = StatusOk();
  EXPECT_EQ(status.learning().outcomes_observed(), 1);
  EXPECT_NEAR(status.learning().model_showings(), 1, 1e-6);
}

class LearningOffServiceTest : public LearningServiceTest {
 protected:
  LearningOffServiceTest() { extra_ = "enabled: false"; }
};

TEST_F(LearningOffServiceTest, OffIsTheGraphsStatistic) {
  const v1::SuggestResponse r =
      SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-14"}, "c-1"));
  const v1::Offer* bag = FindOffer(r, "LAPTOP-BAG");
  ASSERT_NE(bag, nullptr);
  EXPECT_EQ(bag->propensity_source(), v1::GRAPH);
  EXPECT_FLOAT_EQ(bag->propensity(), 0.42f);
  EXPECT_EQ(bag->propensity(), bag->affinity());
  EXPECT_FALSE(StatusOk().learning().enabled());
}

}  // namespace
}  // namespace offergraph
