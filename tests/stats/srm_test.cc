#include "stats/srm.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace offergraph::stats {
namespace {

// Three equal arms, 300 units: expected 100 each; observed 100, 120, 80 give
// Q = (0 + 400 + 400) / 100 = 8 on 2 df, whose upper tail is exactly
// exp(-Q / 2) = exp(-4) = 0.0183156.
TEST(SrmTest, ThreeArmsChiSquareKnownCase) {
  const std::vector<int64_t> observed = {100, 120, 80};
  const std::vector<double> shares = {1, 1, 1};
  absl::StatusOr<SrmResult> r = TestSampleRatio(observed, shares);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_NEAR(r->chi_square, 8, 1e-12);
  EXPECT_EQ(r->degrees_of_freedom, 2);
  EXPECT_NEAR(r->p_value, std::exp(-4.0), 1e-12);
  EXPECT_FALSE(r->mismatch);
  ASSERT_EQ(r->expected.size(), 3u);
  EXPECT_NEAR(r->expected[1], 100, 1e-12);
}

// 50/50 split. 50,000 against 51,000: expected 50,500 each,
// Q = 2 * 500^2 / 50,500 = 9.90099 on 1 df, p = erfc(sqrt(Q / 2)) = 0.0016519:
// suspicious but above the 0.001 threshold. 50,000 against 51,200:
// Q = 2 * 600^2 / 50,600 = 14.22925, p = 0.00016184: flagged.
TEST(SrmTest, TwoArmsAroundTheThreshold) {
  const std::vector<double> halves = {0.5, 0.5};
  const std::vector<int64_t> near = {50000, 51000};
  absl::StatusOr<SrmResult> a = TestSampleRatio(near, halves);
  ASSERT_TRUE(a.ok());
  EXPECT_NEAR(a->chi_square, 9.900990, 1e-6);
  EXPECT_NEAR(a->p_value, 0.0016519, 1e-7);
  EXPECT_FALSE(a->mismatch);
  const std::vector<int64_t> far = {50000, 51200};
  absl::StatusOr<SrmResult> b = TestSampleRatio(far, halves);
  ASSERT_TRUE(b.ok());
  EXPECT_NEAR(b->chi_square, 14.229249, 1e-6);
  EXPECT_NEAR(b->p_value, 0.00016184, 1e-8);
  EXPECT_TRUE(b->mismatch);
  // A looser threshold flags the first one too.
  SrmOptions loose;
  loose.threshold = 0.01;
  EXPECT_TRUE(TestSampleRatio(near, halves, loose)->mismatch);
}

// A 90/10 holdout observed exactly as configured; shares need not sum to 1.
TEST(SrmTest, UnequalSharesMatchingExactly) {
  const std::vector<int64_t> observed = {9000, 1000};
  const std::vector<double> shares = {9, 1};
  absl::StatusOr<SrmResult> r = TestSampleRatio(observed, shares);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->chi_square, 0, 1e-12);
  EXPECT_DOUBLE_EQ(r->p_value, 1);
  EXPECT_FALSE(r->mismatch);
  // The same counts against a 50/50 configuration are a gross mismatch.
  const std::vector<double> halves = {0.5, 0.5};
  EXPECT_TRUE(TestSampleRatio(observed, halves)->mismatch);
}

TEST(SrmTest, RejectsBadInput) {
  const std::vector<int64_t> two = {10, 10};
  const std::vector<double> halves = {0.5, 0.5};
  const std::vector<double> three = {1, 1, 1};
  const std::vector<int64_t> one = {10};
  const std::vector<double> whole = {1};
  EXPECT_FALSE(TestSampleRatio(two, three).ok());
  EXPECT_FALSE(TestSampleRatio(one, whole).ok());
  EXPECT_FALSE(TestSampleRatio(std::vector<int64_t>{10, -1}, halves).ok());
  EXPECT_FALSE(TestSampleRatio(std::vector<int64_t>{0, 0}, halves).ok());
  EXPECT_FALSE(TestSampleRatio(two, std::vector<double>{1, 0}).ok());
  EXPECT_FALSE(TestSampleRatio(two, std::vector<double>{1, NAN}).ok());
  SrmOptions bad;
  bad.threshold = 0;
  EXPECT_FALSE(TestSampleRatio(two, halves, bad).ok());
}

}  // namespace
}  // namespace offergraph::stats
