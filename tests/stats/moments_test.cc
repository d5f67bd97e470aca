#include "stats/moments.h"

#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace offergraph::stats {
namespace {

// y = {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, squared deviations
// 9+1+1+1+0+0+4+16 = 32, sample variance 32/7.
// x = {1..8}: mean 4.5, squared deviations 2 (3.5^2+2.5^2+1.5^2+0.5^2) = 42;
// cross deviations (-3.5)(-3) + (-2.5)(-1) + (-1.5)(-1) + (-0.5)(-1) + 0 + 0
// + (2.5)(2) + (3.5)(4) = 10.5+2.5+1.5+0.5+5+14 = 34.
const std::vector<double> kY = {2, 4, 4, 4, 5, 5, 7, 9};
const std::vector<double> kX = {1, 2, 3, 4, 5, 6, 7, 8};

Moments AddRange(size_t begin, size_t end) {
  Moments m;
  for (size_t i = begin; i < end; ++i) m.Add(kY[i], kX[i]);
  return m;
}

TEST(MomentsTest, KnownMeansVariancesAndCovariance) {
  const Moments m = AddRange(0, kY.size());
  EXPECT_EQ(m.n(), 8);
  EXPECT_TRUE(m.has_covariate());
  EXPECT_DOUBLE_EQ(m.mean_y(), 5);
  EXPECT_DOUBLE_EQ(m.sum_y(), 40);
  EXPECT_DOUBLE_EQ(m.mean_x(), 4.5);
  EXPECT_NEAR(m.central_yy(), 32, 1e-12);
  EXPECT_NEAR(m.variance_y(), 32.0 / 7, 1e-12);
  EXPECT_NEAR(m.variance_x(), 42.0 / 7, 1e-12);
  EXPECT_NEAR(m.covariance_xy(), 34.0 / 7, 1e-12);
}

TEST(MomentsTest, EmptyAndSingleUnitHaveNoVariance) {
  Moments m;
  EXPECT_EQ(m.n(), 0);
  EXPECT_FALSE(m.has_covariate());
  EXPECT_EQ(m.variance_y(), 0);
  m.Add(3);
  EXPECT_EQ(m.mean_y(), 3);
  EXPECT_EQ(m.variance_y(), 0);
  EXPECT_FALSE(m.has_covariate());
}

// Merging the accumulators of any split equals one pass over all the data,
// including splits with an empty side.
TEST(MomentsTest, MergeOfSplitsEqualsOnePass) {
  const Moments all = AddRange(0, kY.size());
  for (size_t cut = 0; cut <= kY.size(); ++cut) {
    Moments merged = AddRange(0, cut);
    merged.Merge(AddRange(cut, kY.size()));
    EXPECT_EQ(merged.n(), all.n()) << cut;
    EXPECT_NEAR(merged.mean_y(), all.mean_y(), 1e-12) << cut;
    EXPECT_NEAR(merged.mean_x(), all.mean_x(), 1e-12) << cut;
    EXPECT_NEAR(merged.central_yy(), all.central_yy(), 1e-12) << cut;
    EXPECT_NEAR(merged.central_xx(), all.central_xx(), 1e-12) << cut;
    EXPECT_NEAR(merged.central_xy(), all.central_xy(), 1e-12) << cut;
    EXPECT_TRUE(merged.has_covariate());
  }
}

// 1e9 + {4, 7, 13, 16}: deviations -6, -3, 3, 6 from the mean, squared
// deviations 90, variance 30. The raw sums (about 4e18 for sum y^2) cannot
// hold that difference in a double; the running central sums can.
TEST(MomentsTest, LargeOffsetKeepsTheVariance) {
  Moments m;
  for (double d : {4.0, 7.0, 13.0, 16.0}) m.Add(1e9 + d);
  EXPECT_NEAR(m.variance_y(), 30, 1e-6);
  Moments split;
  split.Add(1e9 + 4);
  split.Add(1e9 + 7);
  Moments rest;
  rest.Add(1e9 + 13);
  rest.Add(1e9 + 16);
  split.Merge(rest);
  EXPECT_NEAR(split.variance_y(), 30, 1e-6);
}

TEST(MomentsTest, FromSumsMatchesAdd) {
  RawSums sums;
  sums.n = static_cast<int64_t>(kY.size());
  for (size_t i = 0; i < kY.size(); ++i) {
    sums.sum_y += kY[i];
    sums.sum_y2 += kY[i] * kY[i];
    sums.sum_x += kX[i];
    sums.sum_x2 += kX[i] * kX[i];
    sums.sum_xy += kX[i] * kY[i];
  }
  absl::StatusOr<Moments> m = Moments::FromSums(sums);
  ASSERT_TRUE(m.ok()) << m.status();
  const Moments added = AddRange(0, kY.size());
  EXPECT_EQ(m->n(), 8);
  EXPECT_TRUE(m->has_covariate());
  EXPECT_NEAR(m->mean_y(), added.mean_y(), 1e-12);
  EXPECT_NEAR(m->variance_y(), added.variance_y(), 1e-12);
  EXPECT_NEAR(m->variance_x(), added.variance_x(), 1e-12);
  EXPECT_NEAR(m->covariance_xy(), added.covariance_xy(), 1e-12);

  RawSums no_x;
  no_x.n = 2;
  no_x.sum_y = 3;
  no_x.sum_y2 = 5;  // {1, 2}
  absl::StatusOr<Moments> plain = Moments::FromSums(no_x);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->has_covariate());
  EXPECT_NEAR(plain->variance_y(), 0.5, 1e-12);
}

TEST(MomentsTest, FromSumsRejectsImpossibleSums) {
  RawSums negative_variance;
  negative_variance.n = 2;
  negative_variance.sum_y = 10;
  negative_variance.sum_y2 = 40;  // below 10^2 / 2 = 50
  EXPECT_FALSE(Moments::FromSums(negative_variance).ok());
  RawSums negative_n;
  negative_n.n = -1;
  EXPECT_FALSE(Moments::FromSums(negative_n).ok());
  RawSums empty_with_sums;
  empty_with_sums.sum_y = 1;
  EXPECT_FALSE(Moments::FromSums(empty_with_sums).ok());
  RawSums not_finite;
  not_finite.n = 3;
  not_finite.sum_y = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(Moments::FromSums(not_finite).ok());
  EXPECT_TRUE(Moments::FromSums(RawSums{}).ok());
}

// Units (numerator, denominator): (1, 1), (3, 2), (2, 1), (6, 2): numerator
// mean 3, variance 14/3; denominator mean 1.5, variance 1/3; covariance
// ((-2)(-0.5) + 0 + (-1)(-0.5) + (3)(0.5)) / 3 = 1.
TEST(RatioMomentsTest, KeepsNumeratorDenominatorAndCovariance) {
  RatioMoments a;
  a.Add(1, 1);
  a.Add(3, 2);
  RatioMoments b;
  b.Add(2, 1);
  b.Add(6, 2);
  a.Merge(b);
  EXPECT_EQ(a.n(), 4);
  EXPECT_DOUBLE_EQ(a.mean_numerator(), 3);
  EXPECT_DOUBLE_EQ(a.mean_denominator(), 1.5);
  EXPECT_NEAR(a.variance_numerator(), 14.0 / 3, 1e-12);
  EXPECT_NEAR(a.variance_denominator(), 1.0 / 3, 1e-12);
  EXPECT_NEAR(a.covariance(), 1, 1e-12);
}

}  // namespace
}  // namespace offergraph::stats
