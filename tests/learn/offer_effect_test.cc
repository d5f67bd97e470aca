#include "learn/offer_effect.h"

#include <cmath>

#include "gtest/gtest.h"
#include "learn/evidence_table.h"

namespace offergraph {
namespace {

TEST(OfferEffectTest, NoEvidenceLeavesThePrior) {
  OfferEffect e = OfferEffect::From(3, {});
  EXPECT_DOUBLE_EQ(e.Mean(), 1);
  EXPECT_DOUBLE_EQ(e.shape(), 3);
  EXPECT_DOUBLE_EQ(e.rate(), 3);
}

TEST(OfferEffectTest, ObservedOverExpected) {
  // 1,000 showings, 40 expected, 80 accepted: about twice the prior.
  OfferEffect e = OfferEffect::From(3, {1000, 80, 40});
  EXPECT_NEAR(e.Mean(), 83.0 / 43.0, 1e-12);
  // Little evidence moves it little.
  EXPECT_NEAR(OfferEffect::From(3, {10, 1, 0.5}).Mean(), 4 / 3.5, 1e-12);
}

TEST(OfferEffectTest, ClampsNegativeCounts) {
  OfferEffect e = OfferEffect::From(2, {-5, -1, -1});
  EXPECT_DOUBLE_EQ(e.Mean(), 1);
  EXPECT_GT(OfferEffect::From(0, {}).rate(), 0);
}

// The request path's quantile (Wilson-Hilferty) against Boost's exact one.
TEST(OfferEffectTest, FastQuantileIsCloseToTheExactOne) {
  for (double expected : {0.0, 2.0, 10.0, 100.0, 2000.0}) {
    for (double ratio : {0.3, 1.0, 2.5}) {
      OfferEffect e =
          OfferEffect::From(3, {expected * 50, ratio * expected, expected});
      ASSERT_GE(e.shape(), 1);
      for (double q : {0.05, 0.5, 0.95}) {
        EXPECT_NEAR(e.Quantile(q) / e.ExactQuantile(q), 1, 0.015)
            << expected << " " << ratio << " " << q;
      }
      EXPECT_LT(e.Quantile(0.05), e.Mean());
      EXPECT_GT(e.Quantile(0.95), e.Mean());
    }
  }
}

TEST(OfferEffectTest, IntervalNarrowsWithEvidence) {
  double last = HUGE_VAL;
  for (double expected : {1.0, 10.0, 100.0, 1000.0}) {
    const OfferEffect e =
        OfferEffect::From(3, {expected * 20, expected, expected});
    const double width = e.Quantile(0.95) - e.Quantile(0.05);
    EXPECT_LT(width, last);
    last = width;
  }
  EXPECT_LT(last, 0.15);
  // log r's standard deviation is about 1/sqrt(shape).
  EXPECT_NEAR(OfferEffect::From(3, {0, 997, 0}).LogStdDev(),
              1 / std::sqrt(1000.0), 1e-4);
}

}  // namespace
}  // namespace offergraph
