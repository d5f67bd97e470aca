#include "learn/beta_posterior.h"

#include <cmath>
#include <random>

#include "gtest/gtest.h"

namespace offergraph {
namespace {

TEST(BetaPosteriorTest, NoEvidenceIsThePrior) {
  BetaPosterior p = BetaPosterior::From({0.12, 20}, {});
  EXPECT_DOUBLE_EQ(p.Mean(), 0.12);
  EXPECT_DOUBLE_EQ(p.alpha(), 0.12 * 20);
  EXPECT_DOUBLE_EQ(p.beta(), 0.88 * 20);
}

TEST(BetaPosteriorTest, EvidenceMovesTheMeanTowardsTheObservedShare) {
  // Prior 0.1 with 10 pseudo-observations; 1,000 showings, 760 accepted.
  BetaPosterior p = BetaPosterior::From({0.1, 10}, {1000, 760});
  EXPECT_NEAR(p.Mean(), (1 + 760) / 1010.0, 1e-12);
  EXPECT_GT(p.Mean(), 0.75);
}

TEST(BetaPosteriorTest, ClampsImpossibleEvidence) {
  // More accepted than presented, negative counts: never a negative beta.
  BetaPosterior p = BetaPosterior::From({0.5, 2}, {3, 7});
  EXPECT_DOUBLE_EQ(p.alpha(), 1 + 3);
  EXPECT_DOUBLE_EQ(p.beta(), 1);
  BetaPosterior q = BetaPosterior::From({0.5, 2}, {-4, -1});
  EXPECT_DOUBLE_EQ(q.alpha(), 1);
  EXPECT_DOUBLE_EQ(q.beta(), 1);
}

TEST(BetaPosteriorTest, ExactIntervalMatchesClosedForms) {
  // Beta(1, 1) is uniform: the 90% interval is [0.05, 0.95].
  Interval uniform =
      BetaPosterior::From({0.5, 2}, {}).ExactCredibleInterval(0.9);
  EXPECT_NEAR(uniform.low, 0.05, 1e-9);
  EXPECT_NEAR(uniform.high, 0.95, 1e-9);
  // Beta(3, 1) has CDF x^3: quantile q^(1/3). Prior mean 0.5 with strength 2
  // is Beta(1, 1); two showings, both accepted, make Beta(3, 1).
  Interval skewed =
      BetaPosterior::From({0.5, 2}, {2, 2}).ExactCredibleInterval(0.9);
  EXPECT_NEAR(skewed.low, std::cbrt(0.05), 1e-9);
  EXPECT_NEAR(skewed.high, std::cbrt(0.95), 1e-9);
}

// The request path's interval (a log-odds normal approximation) against the
// exact quantiles, within the documented bounds.
TEST(BetaPosteriorTest, FastIntervalIsCloseToTheExactOne) {
  Interval uniform = BetaPosterior::From({0.5, 2}, {}).CredibleInterval(0.9);
  EXPECT_NEAR(uniform.low, 0.05, 0.005);
  EXPECT_NEAR(uniform.high, 0.95, 0.005);
  for (double prior : {0.02, 0.2, 0.5, 0.8}) {
    for (double n : {0.0, 10.0, 100.0, 5000.0}) {
      for (double share : {0.05, 0.3, 0.76}) {
        BetaPosterior p = BetaPosterior::From({prior, 200}, {n, share * n});
        if (p.alpha() <= 3 || p.beta() <= 3) continue;
        Interval fast = p.CredibleInterval(0.9);
        Interval exact = p.ExactCredibleInterval(0.9);
        EXPECT_NEAR(fast.low, exact.low, 0.01) << prior << " " << n;
        EXPECT_NEAR(fast.high, exact.high, 0.01) << prior << " " << n;
      }
    }
  }
}

TEST(BetaPosteriorTest, StdDevMatchesTheClosedForm) {
  // Beta(1, 1): variance 1/12.
  EXPECT_NEAR(BetaPosterior::From({0.5, 2}, {}).StdDev(), std::sqrt(1.0 / 12),
              1e-12);
}

TEST(BetaPosteriorTest, IntervalNarrowsWithEvidenceAndHoldsTheMean) {
  double last_width = 1;
  for (double n : {10.0, 100.0, 1000.0, 10000.0}) {
    BetaPosterior p = BetaPosterior::From({0.2, 20}, {n, 0.3 * n});
    Interval i = p.CredibleInterval(0.9);
    EXPECT_LT(i.low, p.Mean());
    EXPECT_GT(i.high, p.Mean());
    EXPECT_LT(i.high - i.low, last_width) << n;
    last_width = i.high - i.low;
  }
  EXPECT_LT(last_width, 0.02);
}

TEST(BetaPosteriorTest, SamplesAverageToTheMean) {
  BetaPosterior p = BetaPosterior::From({0.3, 10}, {40, 10});
  std::mt19937_64 gen(7);
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = p.Sample(gen);
    ASSERT_GE(x, 0);
    ASSERT_LE(x, 1);
    sum += x;
  }
  // Standard error of the mean is below 0.0003 here.
  EXPECT_NEAR(sum / n, p.Mean(), 0.002);
}

TEST(AcceptanceEvidenceTest, DecayScalesBothCounts) {
  AcceptanceEvidence e = AcceptanceEvidence{100, 40}.Decayed(0.5);
  EXPECT_DOUBLE_EQ(e.presented, 50);
  EXPECT_DOUBLE_EQ(e.accepted, 20);
}

}  // namespace
}  // namespace offergraph
