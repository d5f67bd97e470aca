#include "learn/evidence_table.h"

#include "gtest/gtest.h"
#include "offergraph/context_features.h"

namespace offergraph {
namespace {

TEST(ContextFeaturesTest, Buckets) {
  ContextInput in;
  in.cart_lines = 3;
  in.cart_value_major = 45;
  in.tenure_days = 200;
  in.budget_sensitive = true;
  in.anchor_category = "Electronics/Laptops";
  ContextFeatures f = BucketFeatures(in);
  EXPECT_EQ(f[Feature::kCartSize], 2);
  EXPECT_EQ(f[Feature::kCartValue], 2);
  EXPECT_EQ(f[Feature::kTenure], 3);
  EXPECT_EQ(f[Feature::kBudgetSensitive], 1);
  EXPECT_LT(f[Feature::kAnchorCategory], 32);
  // Stable across calls (and processes: XXH3 is unseeded).
  EXPECT_EQ(BucketFeatures(in), f);
  EXPECT_EQ(BucketFeatures({}).bucket,
            (std::array<uint8_t, kFeatureCount>{
                0, 0, 0, 0, BucketFeatures({}).bucket[4]}));
}

TEST(EvidenceTableTest, AddsMergesAndDecays) {
  Observation o;
  o.channel = v1::CHECKOUT;
  o.kind = v1::UPSELL;
  o.sku = "PRO";
  o.affinity = 0.5;
  o.model_score = 0.33;
  o.prior_score = 0.25;
  o.presented = 1;
  o.accepted = 1;
  EvidenceTable a;
  a.Add(o);
  o.accepted = 0;
  a.Add(o);
  ASSERT_NE(a.Offer(v1::CHECKOUT, v1::UPSELL, "PRO"), nullptr);
  EXPECT_EQ(a.Offer(v1::CHECKOUT, v1::UPSELL, "PRO")->presented, 2);
  EXPECT_EQ(a.Offer(v1::CHECKOUT, v1::UPSELL, "PRO")->accepted, 1);
  EXPECT_EQ(a.Offer(v1::CHECKOUT, v1::UPSELL, "PRO")->expected, 0.5);
  EXPECT_EQ(a.Offer(v1::CHECKOUT, v1::CROSS_SELL, "PRO"), nullptr);
  EXPECT_EQ(a.Channel(v1::CHECKOUT).presented, 2);
  EXPECT_EQ(a.Affinity(v1::CHECKOUT, v1::UPSELL, AffinityBin(0.5)).accepted,
            1);
  EXPECT_EQ(a.Score(v1::CHECKOUT, ScoreBin(0.33)).presented, 2);
  EXPECT_EQ(a.FeatureBucket(v1::CHECKOUT, Feature::kCartSize, 0).presented,
            2);

  EvidenceTable b;
  b.Merge(a);
  b.Merge(a);
  EXPECT_EQ(b.Offer(v1::CHECKOUT, v1::UPSELL, "PRO")->presented, 4);
  EXPECT_EQ(b.Channel(v1::CHECKOUT).accepted, 2);
  EXPECT_EQ(b.offer_count(), 1u);
  b.Decay(0.5);
  EXPECT_EQ(b.Offer(v1::CHECKOUT, v1::UPSELL, "PRO")->presented, 2);
  EXPECT_EQ(b.FeatureBucket(v1::CHECKOUT, Feature::kCartSize, 0).accepted, 1);
}

TEST(EvidenceTableTest, IgnoresInvalidObservations) {
  EvidenceTable t;
  Observation o;
  o.channel = static_cast<v1::Channel>(99);
  o.kind = v1::CROSS_SELL;
  o.presented = 1;
  t.Add(o);
  o.channel = v1::CHECKOUT;
  o.presented = -1;
  t.Add(o);
  EXPECT_EQ(t.offer_count(), 0u);
  EXPECT_EQ(t.Channel(v1::CHECKOUT).presented, 0);
}

}  // namespace
}  // namespace offergraph
