#include "learn/model_refresher.h"

#include "gtest/gtest.h"

namespace offergraph {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'700'000'000);

TEST(ModelRefresherTest, PublishesAtStartAndKeepsRefreshingUntilStopped) {
  Learner learner(kStart);
  ModelStore store;
  Mutex mu;
  CondVar cv;
  int built = 0;
  ModelRefresherOptions options;
  options.params = [] {
    LearningParams p;
    p.refresh_interval = absl::Milliseconds(5);
    return p;
  };
  options.clock = [] { return kStart; };
  options.on_model = [&](const PropensityModel&, absl::Duration took) {
    EXPECT_GE(took, absl::ZeroDuration());
    MutexLock lock(&mu);
    ++built;
    cv.SignalAll();
  };
  ModelRefresher refresher(&learner, &store, options);
  EXPECT_EQ(store.Current(), nullptr);
  refresher.Start();
  ASSERT_NE(store.Current(), nullptr);  // published before Start returns
  OutcomeEvidence e;
  e.channel = v1::CHECKOUT;
  e.kind = v1::CROSS_SELL;
  e.sku = "BAG";
  e.outcome = v1::ACCEPTED;
  learner.Observe(e, kStart);
  // Wait (on the builds, not on time) until a later build has the outcome.
  {
    MutexLock lock(&mu);
    const int seen = built;
    while (built < seen + 2) cv.Wait(&mu);
  }
  EXPECT_EQ(store.Current()
                ->Predict(v1::CHECKOUT, v1::CROSS_SELL, "BAG", 0.3, {})
                .evidence,
            1);
  refresher.Stop();
  const int64_t after_stop = refresher.builds();
  refresher.Stop();  // idempotent
  EXPECT_EQ(refresher.builds(), after_stop);
}

}  // namespace
}  // namespace offergraph
