#include "learn/learner.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "learn/model_store.h"

namespace offergraph {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'700'000'000);

OutcomeEvidence Outcome(v1::Outcome outcome, bool already_presented = false) {
  OutcomeEvidence e;
  e.channel = v1::CHECKOUT;
  e.kind = v1::CROSS_SELL;
  e.sku = "BAG";
  e.affinity = 0.3;
  e.model_score = 0.1;
  e.outcome = outcome;
  e.already_presented = already_presented;
  return e;
}

TEST(ObservationForTest, CountsAShowingOncePerOffer) {
  // PRESENTED, then ACCEPTED: one showing, one acceptance.
  Observation p = ObservationFor(Outcome(v1::PRESENTED));
  Observation a = ObservationFor(Outcome(v1::ACCEPTED, true));
  EXPECT_EQ(p.presented + a.presented, 1);
  EXPECT_EQ(p.accepted + a.accepted, 1);
  // An ACCEPTED without a PRESENTED counts as presented once.
  Observation alone = ObservationFor(Outcome(v1::ACCEPTED));
  EXPECT_EQ(alone.presented, 1);
  EXPECT_EQ(alone.accepted, 1);
  // So does a DECLINED, which accepts nothing.
  Observation declined = ObservationFor(Outcome(v1::DECLINED));
  EXPECT_EQ(declined.presented, 1);
  EXPECT_EQ(declined.accepted, 0);
}

TEST(LearnerTest, BuildsFromObservedOutcomes) {
  Learner learner(kStart);
  LearningParams params;
  params.half_life = absl::InfiniteDuration();
  for (int i = 0; i < 100; ++i) {
    learner.Observe(Outcome(i < 40 ? v1::ACCEPTED : v1::DECLINED), kStart);
  }
  EXPECT_EQ(learner.observed(), 100);
  PropensityModelPtr model = learner.Build(params, kStart);
  PropensityPrediction p =
      model->Predict(v1::CHECKOUT, v1::CROSS_SELL, "BAG", 0.3, {});
  EXPECT_EQ(p.evidence, 100);
  EXPECT_TRUE(p.learned);
  // Outcomes after a build are counted by the next one, not lost.
  learner.Observe(Outcome(v1::ACCEPTED), kStart);
  EXPECT_EQ(learner.Build(params, kStart)
                ->Predict(v1::CHECKOUT, v1::CROSS_SELL, "BAG", 0.3, {})
                .evidence,
            101);
}

TEST(LearnerTest, EvidenceHalvesEveryHalfLife) {
  Learner learner(kStart);
  const absl::Duration half_life = absl::Hours(24);
  for (int i = 0; i < 64; ++i) learner.Observe(Outcome(v1::ACCEPTED), kStart);
  EXPECT_NEAR(learner.Evidence(half_life, kStart)
                  .Offer(v1::CHECKOUT, v1::CROSS_SELL, "BAG")
                  ->presented,
              64, 1e-9);
  EXPECT_NEAR(learner.Evidence(half_life, kStart + absl::Hours(48))
                  .Offer(v1::CHECKOUT, v1::CROSS_SELL, "BAG")
                  ->presented,
              16, 1e-9);
  // Fresh outcomes count in full next to the decayed ones.
  for (int i = 0; i < 4; ++i) {
    learner.Observe(Outcome(v1::DECLINED), kStart + absl::Hours(48));
  }
  const EvidenceTable later =
      learner.Evidence(half_life, kStart + absl::Hours(48));
  const AcceptanceEvidence* e =
      later.Offer(v1::CHECKOUT, v1::CROSS_SELL, "BAG");
  ASSERT_NE(e, nullptr);
  EXPECT_NEAR(e->presented, 20, 1e-9);
  EXPECT_NEAR(e->accepted, 16, 1e-9);
  // Years later the weights stay finite (rebased) and still decay.
  const absl::Time years = kStart + absl::Hours(24 * 365 * 3);
  learner.Observe(Outcome(v1::ACCEPTED), years);
  const EvidenceTable then = learner.Evidence(half_life, years);
  e = then.Offer(v1::CHECKOUT, v1::CROSS_SELL, "BAG");
  ASSERT_NE(e, nullptr);
  EXPECT_NEAR(e->presented, 1, 1e-9);
}

TEST(LearnerTest, ConcurrentObserveAndBuild) {
  Learner learner(kStart);
  ModelStore store;
  LearningParams params;
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&learner] {
      for (int i = 0; i < 5000; ++i) {
        learner.Observe(Outcome(i % 4 == 0 ? v1::ACCEPTED : v1::DECLINED),
                        kStart);
      }
    });
  }
  std::thread refresher([&] {
    for (int i = 0; i < 20; ++i) store.Publish(learner.Build(params, kStart));
  });
  std::thread reader([&] {
    for (int i = 0; i < 2000; ++i) {
      PropensityModelPtr m = store.Current();
      if (m != nullptr) {
        m->Predict(v1::CHECKOUT, v1::CROSS_SELL, "BAG", 0.3, {});
      }
    }
  });
  for (std::thread& w : writers) w.join();
  refresher.join();
  reader.join();
  // Every outcome is in the final build.
  EXPECT_EQ(learner.Build(params, kStart)
                ->Predict(v1::CHECKOUT, v1::CROSS_SELL, "BAG", 0.3, {})
                .evidence,
            20000);
  EXPECT_EQ(learner.dropped(), 0);
}

}  // namespace
}  // namespace offergraph
