#include "learn/exploration.h"

#include <map>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace offergraph {
namespace {

TEST(ExplorationTest, ExploitsWithoutShareOrWithNothingLeft) {
  ExplorationResult r = ChooseOffers({0.1, 0.2, 0.3}, 2, 0, 0, 0);
  EXPECT_EQ(r.shown, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(r.probability, (std::vector<double>{1, 1}));
  EXPECT_FALSE(r.explored);
  // Three candidates, three slots: all shown for sure, even when exploring.
  r = ChooseOffers({0.1, 0.2, 0.3}, 3, 1, 0, 0.5);
  EXPECT_EQ(r.shown, (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(r.probability, (std::vector<double>{1, 1, 1}));
  EXPECT_TRUE(ChooseOffers({}, 3, 1, 0, 0).shown.empty());
}

TEST(ExplorationTest, ExploresTheLastSlotByUncertainty) {
  // Two slots; the last one is shared by ranks 1..3 with weights 1, 1, 2.
  const std::vector<double> sd = {5, 1, 1, 2};
  ExplorationResult r = ChooseOffers(sd, 2, 0.2, 0.1, 0.9);
  EXPECT_TRUE(r.explored);
  EXPECT_EQ(r.shown, (std::vector<size_t>{0, 3}));
  EXPECT_DOUBLE_EQ(r.probability[0], 1);
  EXPECT_DOUBLE_EQ(r.probability[1], 0.2 * 0.5);
  r = ChooseOffers(sd, 2, 0.2, 0.1, 0.1);
  EXPECT_EQ(r.shown, (std::vector<size_t>{0, 1}));
  EXPECT_DOUBLE_EQ(r.probability[1], 0.8 + 0.2 * 0.25);
  // Not exploring: the greedy pair, with the same logged probability.
  r = ChooseOffers(sd, 2, 0.2, 0.5, 0.9);
  EXPECT_FALSE(r.explored);
  EXPECT_EQ(r.shown, (std::vector<size_t>{0, 1}));
  EXPECT_DOUBLE_EQ(r.probability[1], 0.8 + 0.2 * 0.25);
}

// The logged probabilities are the true frequencies of the policy.
TEST(ExplorationTest, LoggedProbabilitiesMatchFrequencies) {
  const std::vector<double> sd = {0.3, 0.1, 0.05, 0.2, 0.0};
  std::mt19937_64 gen(5);
  std::uniform_real_distribution<double> u(0, 1);
  std::map<size_t, int> shown;
  std::map<size_t, double> logged;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    ExplorationResult r = ChooseOffers(sd, 2, 0.3, u(gen), u(gen));
    for (size_t j = 0; j < r.shown.size(); ++j) {
      ++shown[r.shown[j]];
      logged[r.shown[j]] = r.probability[j];
    }
  }
  EXPECT_EQ(shown[0], n);
  EXPECT_EQ(shown.count(4), 0u);  // zero uncertainty: never explored to
  for (size_t rank : {1, 2, 3}) {
    EXPECT_NEAR(static_cast<double>(shown[rank]) / n, logged[rank], 0.005)
        << rank;
  }
}

}  // namespace
}  // namespace offergraph
