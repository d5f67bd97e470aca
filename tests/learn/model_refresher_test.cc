#include "learn/model_refresher.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

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

// A refresh at idle priority that is not done `starved_after` after it fell
// due is lifted by the watchdog. Here the refresh is held (in on_model)
// until the lift happens; without the watchdog the test would never end.
TEST(ModelRefresherTest, AnOverdueIdleRefreshIsLiftedAndBuildsGoOn) {
  Learner learner(kStart);
  ModelStore store;
  std::atomic<bool> release{false};
  std::atomic<int> calls{0};
  ModelRefresherOptions options;
  options.params = [] {
    LearningParams p;
    p.refresh_interval = absl::Milliseconds(5);
    return p;
  };
  options.priority = BackgroundPriority::kIdle;
  options.starved_after = absl::Milliseconds(20);
  options.on_model = [&](const PropensityModel&, absl::Duration) {
    // Call 0 is Start's build; call 1 the loop's first: hold it.
    if (calls.fetch_add(1) == 1) {
      while (!release.load()) absl::SleepFor(absl::Milliseconds(1));
    }
  };
  ModelRefresher refresher(&learner, &store, options);
  refresher.Start();
  while (refresher.lifted() < 1) absl::SleepFor(absl::Milliseconds(1));
  release = true;
  while (refresher.builds() < 4) absl::SleepFor(absl::Milliseconds(1));
  refresher.Stop();
  EXPECT_GE(refresher.lifted(), 1);
  EXPECT_GE(refresher.builds(), 4);
}

}  // namespace
}  // namespace offergraph
