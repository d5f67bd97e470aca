#include "learn/evidence_codec.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

using ::testing::HasSubstr;

Observation Shown(const std::string& sku, bool accepted) {
  Observation o;
  o.channel = v1::CHECKOUT;
  o.kind = v1::CROSS_SELL;
  o.sku = sku;
  o.features.bucket = {1, 2, 3, 1, 17};
  o.affinity = 0.42;
  o.model_score = 0.07;
  o.prior_score = 0.05;
  o.presented = 1;
  o.accepted = accepted ? 1 : 0;
  return o;
}

TEST(EvidenceCodecTest, CountersAddUpToTheSameTable) {
  EvidenceTable raw;
  raw.Add(Shown("WAX:ADDON", true));  // a ':' in a sku stays in the sku
  raw.Add(Shown("WAX:ADDON", false));
  raw.Add(Shown("BAG", false));
  EvidenceTable back;
  for (const EvidenceCounter& c : EvidenceCodec::Encode(raw)) {
    ASSERT_TRUE(EvidenceCodec::Add(c.field, c.value, 1.0, &back).ok())
        << c.field;
  }
  const AcceptanceEvidence* wax =
      back.Offer(v1::CHECKOUT, v1::CROSS_SELL, "WAX:ADDON");
  ASSERT_NE(wax, nullptr);
  EXPECT_EQ(wax->presented, 2);
  EXPECT_EQ(wax->accepted, 1);
  EXPECT_NEAR(wax->expected, 0.10, 1e-6);
  EXPECT_EQ(back.Channel(v1::CHECKOUT).presented, 3);
  EXPECT_EQ(back.FeatureBucket(v1::CHECKOUT, Feature::kAnchorCategory, 17)
                .presented,
            3);
  EXPECT_EQ(back.Affinity(v1::CHECKOUT, v1::CROSS_SELL, AffinityBin(0.42))
                .accepted,
            1);
  EXPECT_EQ(back.Score(v1::CHECKOUT, ScoreBin(0.07)).presented, 3);
  EXPECT_EQ(back.offer_count(), 2u);
}

TEST(EvidenceCodecTest, AWeightScalesWhatIsAdded) {
  EvidenceTable t;
  ASSERT_TRUE(EvidenceCodec::Add("p:o:1:1:BAG", 8, 0.25, &t).ok());
  EXPECT_EQ(t.Offer(v1::CHECKOUT, v1::CROSS_SELL, "BAG")->presented, 2);
}

TEST(EvidenceCodecTest, RefusesFieldsThatNameNoCell) {
  EvidenceTable t;
  for (const char* field :
       {"", "p", "x:o:1:1:BAG", "p:o:99:1:BAG", "p:o:1:9:BAG", "p:o:1:1",
        "p:c", "p:c:1:2", "p:f:1:9:0", "p:f:1:4:32", "p:a:1:1:20",
        "p:s:1:100", "p:s:1:-1", "p:z:1", "p:s:1:5:5"}) {
    absl::Status s = EvidenceCodec::Add(field, 1, 1.0, &t);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << field;
    EXPECT_THAT(s.message(), HasSubstr("evidence counter")) << field;
  }
  absl::Status negative = EvidenceCodec::Add("p:c:1", -5, 1.0, &t);
  EXPECT_THAT(negative.message(), HasSubstr("negative value -5"));
  EXPECT_EQ(t.offer_count(), 0u);
  EXPECT_EQ(t.Channel(v1::CHECKOUT).presented, 0);
}

}  // namespace
}  // namespace offergraph
