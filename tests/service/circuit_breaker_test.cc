// CircuitBreaker on a fake clock: opens after the threshold, refuses calls
// during the cool-down, lets one trial through, closes or reopens on it.
#include "service/circuit_breaker.h"

#include <vector>

#include "gtest/gtest.h"

namespace offergraph {
namespace {

using State = CircuitBreaker::State;

class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreaker Make(int threshold, absl::Duration cool_down) {
    return CircuitBreaker(
        {threshold, cool_down}, [this] { return now_; },
        [this](State s) { states_.push_back(s); });
  }
  absl::Time now_ = absl::FromUnixSeconds(1800000000);
  std::vector<State> states_;
};

TEST_F(CircuitBreakerTest, StaysClosedBelowTheThreshold) {
  CircuitBreaker b = Make(3, absl::Seconds(5));
  for (int round = 0; round < 4; ++round) {
    ASSERT_TRUE(b.Allow());
    b.Record(false);
    ASSERT_TRUE(b.Allow());
    b.Record(false);
    ASSERT_TRUE(b.Allow());
    b.Record(true);  // a success resets the run of failures
  }
  EXPECT_EQ(b.state(), State::kClosed);
  EXPECT_TRUE(states_.empty());
}

TEST_F(CircuitBreakerTest, OpensAtTheThresholdAndRefusesUntilTheCoolDown) {
  CircuitBreaker b = Make(3, absl::Seconds(5));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(b.Allow());
    b.Record(false);
  }
  EXPECT_EQ(b.state(), State::kOpen);
  EXPECT_FALSE(b.Allow());
  now_ += absl::Seconds(4);
  EXPECT_FALSE(b.Allow());
  EXPECT_EQ(states_, std::vector<State>{State::kOpen});
}

TEST_F(CircuitBreakerTest, AfterTheCoolDownOneTrialCallClosesIt) {
  CircuitBreaker b = Make(1, absl::Seconds(5));
  ASSERT_TRUE(b.Allow());
  b.Record(false);
  now_ += absl::Seconds(5);
  EXPECT_TRUE(b.Allow());  // the trial
  EXPECT_EQ(b.state(), State::kHalfOpen);
  EXPECT_FALSE(b.Allow());  // only one at a time
  b.Record(true);
  EXPECT_EQ(b.state(), State::kClosed);
  EXPECT_TRUE(b.Allow());
  EXPECT_EQ(states_, (std::vector<State>{State::kOpen, State::kHalfOpen,
                                         State::kClosed}));
}

TEST_F(CircuitBreakerTest, AFailedTrialReopensForAFullCoolDown) {
  CircuitBreaker b = Make(2, absl::Seconds(5));
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(b.Allow());
    b.Record(false);
  }
  now_ += absl::Seconds(6);
  ASSERT_TRUE(b.Allow());
  b.Record(false);
  EXPECT_EQ(b.state(), State::kOpen);
  now_ += absl::Seconds(4);
  EXPECT_FALSE(b.Allow());
  now_ += absl::Seconds(1);
  EXPECT_TRUE(b.Allow());
  EXPECT_EQ(states_, (std::vector<State>{State::kOpen, State::kHalfOpen,
                                         State::kOpen, State::kHalfOpen}));
}

TEST_F(CircuitBreakerTest, LateResultsOfCallsAllowedBeforeItOpenedAreIgnored) {
  CircuitBreaker b = Make(1, absl::Seconds(5));
  ASSERT_TRUE(b.Allow());
  ASSERT_TRUE(b.Allow());
  b.Record(false);  // opens
  b.Record(true);   // the other call, answered late: still open
  EXPECT_EQ(b.state(), State::kOpen);
  EXPECT_FALSE(b.Allow());
}

}  // namespace
}  // namespace offergraph
