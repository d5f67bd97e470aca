// Candidate generation: the per-line edge cap, the kinds filter, the order.
#include "engine/candidates.h"

#include <cmath>
#include <string>
#include <vector>

#include "engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "offergraph/engine.h"
#include "testing/snapshot_builder.h"

namespace offergraph {
namespace {

using ::offergraph::testing::CartInput;
using ::offergraph::testing::kNow;
using ::offergraph::testing::ReasonFor;
using ::offergraph::testing::SnapshotBuilder;
using ::offergraph::testing::TotalSuppressed;

// HUB with kMaxEdgesPerLine + 6 cross-sells T00.. of falling weight (the
// weakest still relevant) and two upsells.
SnapshotPtr WideSnapshot() {
  SnapshotBuilder b;
  b.Product("HUB", 100000).Line("hub", 1);
  b.Product("HUB-2", 110000).Line("hub", 2);
  b.Product("HUB-3", 120000).Line("hub", 3);
  b.Upsell("HUB", "HUB-2", 0.5f, true);
  b.Upsell("HUB", "HUB-3", 0.4f, true);
  for (size_t i = 0; i < kMaxEdgesPerLine + 6; ++i) {
    const std::string sku = (i < 10 ? "T0" : "T") + std::to_string(i);
    b.Product(sku, 1000);
    b.CrossSell("HUB", sku, 0.9f - 0.01f * static_cast<float>(i));
  }
  return b.Build();
}

TEST(CandidatesTest, ReadsOnlyTheStrongestEdgesOfEachLine) {
  SnapshotPtr s = WideSnapshot();
  std::vector<Candidate> out;
  GatherCandidates(*s, CartInput(*s, {"HUB"}), &out);
  size_t cross = 0;
  float weakest = 1;
  for (const Candidate& c : out) {
    if (c.kind != v1::CROSS_SELL) continue;
    ++cross;
    weakest = std::min(weakest, static_cast<float>(c.propensity));
  }
  EXPECT_EQ(cross, kMaxEdgesPerLine);
  EXPECT_FLOAT_EQ(weakest, 0.9f - 0.01f * (kMaxEdgesPerLine - 1));
  // Edges past the cap are not candidates: not offered, not counted.
  DecisionInput in = CartInput(*s, {"HUB"});
  Decision d = Decide(*s, in, ContactHistory(), kNow);
  EXPECT_EQ(d.offers.size() + TotalSuppressed(d), kMaxEdgesPerLine + 2);
  const std::string first_past_cap = "T" + std::to_string(kMaxEdgesPerLine);
  EXPECT_EQ(ReasonFor(*s, d, first_past_cap),
            v1::SUPPRESSION_REASON_UNSPECIFIED);
}

TEST(CandidatesTest, OrderedByProductThenKindWithEachPairOnce) {
  SnapshotBuilder b;
  b.Product("A", 10000).Line("l", 1);
  b.Product("B", 12000).Line("l", 2);
  b.Product("C", 1000);
  b.CrossSell("A", "C", 0.3f);
  b.CrossSell("A", "B", 0.2f);
  b.Upsell("A", "B", 0.5f, true);
  b.CrossSell("C", "B", 0.4f);
  SnapshotPtr s = b.Build();
  std::vector<Candidate> out;
  GatherCandidates(*s, CartInput(*s, {"C", "A"}), &out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].product, s->catalog.Find("B"));
  EXPECT_EQ(out[0].kind, v1::CROSS_SELL);
  EXPECT_EQ(out[0].anchors.size(), 2u);
  EXPECT_EQ(out[1].product, s->catalog.Find("B"));
  EXPECT_EQ(out[1].kind, v1::UPSELL);
  EXPECT_EQ(out[1].upgraded, s->catalog.Find("A"));
  EXPECT_EQ(out[2].product, s->catalog.Find("C"));
}

TEST(CandidatesTest, KindsNotRequestedAreNeitherGeneratedNorCounted) {
  SnapshotPtr s = WideSnapshot();
  DecisionInput in = CartInput(*s, {"HUB"});
  in.want_upsell = false;
  Decision d = Decide(*s, in, ContactHistory(), kNow);
  for (const RankedOffer& o : d.offers) EXPECT_EQ(o.kind, v1::CROSS_SELL);
  for (const SuppressedCandidate& c : d.suppressed) {
    EXPECT_EQ(c.kind, v1::CROSS_SELL);
  }
  EXPECT_EQ(d.offers.size() + TotalSuppressed(d), kMaxEdgesPerLine);
  in.want_upsell = true;
  in.want_cross_sell = false;
  d = Decide(*s, in, ContactHistory(), kNow);
  EXPECT_EQ(d.offers.size() + TotalSuppressed(d), 2u);
  for (const RankedOffer& o : d.offers) EXPECT_EQ(o.kind, v1::UPSELL);
}

TEST(CandidatesTest, AffinityOnHandCheckedNumbers) {
  RuleParams r;
  r.cross_sell_combination = v1::COMBINATION_NOISY_OR;
  r.popularity_exponent = 0;
  EXPECT_DOUBLE_EQ(CrossSellAffinity(0.75, 1.0, 0.25, r), 0.75);
  r.popularity_exponent = 1;
  EXPECT_DOUBLE_EQ(CrossSellAffinity(0.75, 1.0, 0.25, r), 3.0);
  r.cross_sell_combination = v1::COMBINATION_SUM;
  EXPECT_DOUBLE_EQ(CrossSellAffinity(0.75, 1.0, 0.25, r), 4.0);
  r.popularity_exponent = 0.5;
  EXPECT_DOUBLE_EQ(CrossSellAffinity(0.75, 1.0, 0.25, r), 2.0);
  r.popularity_exponent = 0.25;  // 1 / 0.25^0.25 = sqrt(2)
  EXPECT_NEAR(CrossSellAffinity(0.75, 1.0, 0.25, r), std::sqrt(2.0), 1e-12);
  // P(B) unknown (1): no division.
  EXPECT_DOUBLE_EQ(CrossSellAffinity(0.75, 1.0, 1.0, r), 1.0);
}

TEST(CandidatesTest, TargetShareComesFromTheFirstLineWithALift) {
  SnapshotBuilder b;
  b.Product("A", 1000);
  b.Product("B", 1000);
  b.Product("C", 1000);
  b.Product("T", 1000);
  b.CrossSell("A", "T", 0.2f);        // curated: lift unknown
  b.CrossSell("B", "T", 0.3f, 1.5f);  // P(T) = 0.2
  b.CrossSell("C", "T", 0.4f, 1.0f);  // P(T) = 0.4: a later line, ignored
  b.rules().cross_sell_combination = v1::COMBINATION_SUM;
  b.rules().popularity_exponent = 1;
  SnapshotPtr s = b.Build();
  std::vector<Candidate> out;
  GatherCandidates(*s, CartInput(*s, {"A", "B", "C"}), &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NEAR(out[0].affinity, (0.2 + 0.3 + 0.4) / 0.2, 1e-5);
  EXPECT_NEAR(out[0].propensity, 1 - 0.8 * 0.7 * 0.6, 1e-6);
}

TEST(CandidatesTest, ReusedScratchStartsClean) {
  SnapshotPtr s = WideSnapshot();
  std::vector<Candidate> out;
  GatherCandidates(*s, CartInput(*s, {"HUB"}), &out);
  ASSERT_FALSE(out.empty());
  GatherCandidates(*s, CartInput(*s, {"T00"}), &out);  // no edges
  EXPECT_TRUE(out.empty());
  GatherCandidates(*s, CartInput(*s, {"HUB-2"}), &out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace offergraph
