// Confidence and lift are the correctly rounded values of exact integer
// ratios (Borgelt's apriori and scipy give the same bits), checked against
// an independent integer-only test of "nearest double".
#include "mine/rule_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

#include "gtest/gtest.h"

namespace offergraph::mine {
namespace {

using u128 = unsigned __int128;

// Whether `d` is the double nearest to p / q (ties to even), decided in
// integers: with d = m * 2^e (m a 53-bit integer), p / q must lie within
// half the gap to each neighbour. Needs 0 < d < 2^50 and p, q < 2^64 (then
// every product below stays under 2^127).
bool IsNearest(double d, uint64_t p, uint64_t q) {
  int exp = 0;
  const double frac = std::frexp(d, &exp);
  const uint64_t m = static_cast<uint64_t>(std::ldexp(frac, 53));
  const int e = exp - 53;  // d = m * 2^e, e < 0 here
  if (!(d > 0) || e >= -2) return false;
  // In units of 2^(e - 2): d is 4m, the upper neighbour's midpoint 4m + 2,
  // the lower one's 4m - 2 (4m - 1 at the bottom of a binade, where the gap
  // below is half as wide). The exact value is p * 2^(2 - e) / q.
  const u128 x = static_cast<u128>(p) << (2 - e);
  const uint64_t below = m == (uint64_t{1} << 52) ? 1 : 2;
  const u128 lo = static_cast<u128>(4 * m - below) * q;
  const u128 hi = static_cast<u128>(4 * m + 2) * q;
  if (x < lo || x > hi) return false;
  if (x == lo || x == hi) return m % 2 == 0;  // a tie goes to the even one
  return true;
}

// The nearest double to p / q, found among a first guess and its
// neighbours by IsNearest (independent of rule_stats.cc's arithmetic).
double Nearest(uint64_t p, uint64_t q) {
  const double guess = static_cast<double>(static_cast<long double>(p) /
                                           static_cast<long double>(q));
  for (double d : {guess, std::nextafter(guess, 0.0),
                   std::nextafter(guess, 1e300)}) {
    if (IsNearest(d, p, q)) return d;
  }
  ADD_FAILURE() << "no nearest double found for " << p << "/" << q;
  return 0;
}

TEST(RuleStatsTest, IsNearestRejectsTheNeighbours) {
  EXPECT_TRUE(IsNearest(0.1, 1, 10));
  EXPECT_FALSE(IsNearest(std::nextafter(0.1, 1.0), 1, 10));
  EXPECT_FALSE(IsNearest(std::nextafter(0.1, 0.0), 1, 10));
  EXPECT_TRUE(IsNearest(0.5, 1, 2));
  EXPECT_TRUE(IsNearest(1.0 / 3, 1, 3));
}

// Small counts where the old formula (s / a) / (b / N) is one ulp off; the
// new one must be exactly the nearest double to s*N / (a*b).
TEST(RuleStatsTest, LiftIsTheNearestDoubleWhereTheOldFormulaWasNot) {
  int old_wrong = 0;
  int one_ulp = 0;  // the rest are two or more ulps off
  for (int64_t n = 20; n <= 60; ++n) {
    for (int64_t a = 1; a <= n; ++a) {
      for (int64_t b = 1; b <= n; ++b) {
        for (int64_t s = 1; s <= std::min(a, b); ++s) {
          const double lift = RuleLift(s, n, a, b);
          const uint64_t p = static_cast<uint64_t>(s * n);
          const uint64_t q = static_cast<uint64_t>(a * b);
          const double old =
              (static_cast<double>(s) / static_cast<double>(a)) /
              (static_cast<double>(b) / static_cast<double>(n));
          if (old == lift) continue;
          ++old_wrong;
          ASSERT_EQ(lift, Nearest(p, q)) << s << "*" << n << "/" << a << "*" << b;
          ASSERT_FALSE(IsNearest(old, p, q));
          if (std::nextafter(old, lift) == lift) ++one_ulp;
        }
      }
    }
  }
  // The case is common, not rare (thousands in this range).
  EXPECT_GT(old_wrong, 1000);
  EXPECT_GT(one_ulp, 1000);
  // Groceries, "cleaner" (50 baskets) -> "vinegar" (64): 4 of 9835 orders.
  EXPECT_EQ(RuleLift(4, 9835, 50, 64), Nearest(4 * 9835, 50 * 64));
}

TEST(RuleStatsTest, ConfidenceIsTheNearestDouble) {
  for (int64_t a = 1; a <= 300; ++a) {
    for (int64_t s = 1; s <= a; ++s) {
      ASSERT_EQ(RuleConfidence(s, a), Nearest(s, a)) << s << "/" << a;
    }
  }
}

// Integers above 2^53 take the integer path; plain double division of the
// rounded operands is sometimes off there, ExactRatio never.
TEST(RuleStatsTest, ExactRatioAbove2To53) {
  std::mt19937_64 rng(16);
  int naive_wrong = 0;
  for (int i = 0; i < 200000; ++i) {
    const uint64_t q = (rng() >> (rng() % 8)) | (uint64_t{1} << 54);
    const uint64_t p = q / (1 + rng() % 1000) + rng() % 1000;
    const double r = ExactRatio(p, q);
    ASSERT_EQ(r, Nearest(p, q)) << p << "/" << q;
    if (static_cast<double>(p) / static_cast<double>(q) != r) ++naive_wrong;
  }
  EXPECT_GT(naive_wrong, 0);
  // Large lift products (counts of 2^31 orders) still fit in 64 bits.
  const int64_t n = int64_t{1} << 31;
  EXPECT_EQ(RuleLift(n - 7, n, n - 3, n - 5),
            Nearest(static_cast<uint64_t>(n - 7) * n,
                    static_cast<uint64_t>(n - 3) * (n - 5)));
}

// Above 2^64: p*k / q*k is the same number as p / q, so its nearest double
// is Nearest(p, q), whatever the common factor k.
TEST(RuleStatsTest, ExactRatio128ScaledBeyond64Bits) {
  std::mt19937_64 rng(128);
  for (int i = 0; i < 100000; ++i) {
    const uint64_t q = 1 + (rng() >> (1 + rng() % 60));
    const uint64_t p = 1 + (rng() >> (1 + rng() % 60));
    const uint64_t k = (rng() >> (1 + rng() % 20)) | (uint64_t{1} << 40);
    if (p / q >= (uint64_t{1} << 40)) continue;  // Nearest needs d < 2^50
    if (static_cast<double>(q) * k >= 0x1p127 ||
        static_cast<double>(p) * k >= 0x1p127) {
      continue;
    }
    ASSERT_EQ(ExactRatio128(static_cast<u128>(p) * k, static_cast<u128>(q) * k),
              Nearest(p, q))
        << p << "/" << q << " * " << k;
  }
  EXPECT_EQ(ExactRatio128(7, 3), ExactRatio(7, 3));
  EXPECT_EQ(ExactRatio128(static_cast<u128>(1) << 100, 1), 0x1p100);
}

TEST(RuleStatsTest, ItemsetLiftGeneralisesRuleLift) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 10000; ++i) {
    const int64_t n = 1 + static_cast<int64_t>(rng() % 1000000);
    const int64_t a = 1 + static_cast<int64_t>(rng() % n);
    const int64_t b = 1 + static_cast<int64_t>(rng() % n);
    const int64_t s = 1 + static_cast<int64_t>(rng() % std::min(a, b));
    const int64_t two[] = {a, b};
    ASSERT_EQ(ItemsetLift(s, n, two, 2), RuleLift(s, n, a, b));
    const int64_t c = 1 + static_cast<int64_t>(rng() % n);
    const int64_t three[] = {a, b, c};
    const u128 num = static_cast<u128>(s) * n * n;
    const u128 den = static_cast<u128>(a) * b * c;
    if (num >> 64 == 0 && den >> 64 == 0) {
      ASSERT_EQ(ItemsetLift(s, n, three, 3),
                Nearest(static_cast<uint64_t>(num), static_cast<uint64_t>(den)));
    }
  }
  // Items in every order do not change the lift: s N^2 / (N N c) = s / c,
  // here with products far above 2^64.
  const int64_t n = int64_t{1} << 40;
  const int64_t supports[] = {n, n, 999983, n};
  EXPECT_EQ(ItemsetLift(777, n, supports, 4), ExactRatio(777, 999983));
}

}  // namespace
}  // namespace offergraph::mine
