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

// An idle-priority refresher on cores kept busy by normal threads would
// never run; the watchdog lifts it, so builds go on.
TEST(ModelRefresherTest, AStarvedIdleRefreshIsLiftedAndCompletes) {
  Learner learner(kStart);
  ModelStore store;
  ModelRefresherOptions options;
  options.params = [] {
    LearningParams p;
    p.refresh_interval = absl::Milliseconds(5);
    return p;
  };
  options.priority = BackgroundPriority::kIdle;
  options.starved_after = absl::Milliseconds(50);
  ModelRefresher refresher(&learner, &store, options);
  refresher.Start();
  // Keep every core busy at normal priority until builds have happened.
  std::atomic<bool> stop{false};
  std::vector<std::thread> burners;
  const unsigned cores = std::max(2u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < 2 * cores; ++i) {
    burners.emplace_back([&] {
      while (!stop.load(std::memory_order_relaxed)) {
      }
    });
  }
  const int64_t before = refresher.builds();
  while (refresher.builds() < before + 3) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  stop = true;
  for (std::thread& t : burners) t.join();
  refresher.Stop();
  EXPECT_GE(refresher.builds(), before + 3);
  // Idle threads get no time beside busy normal ones: a lift did it.
  EXPECT_GE(refresher.lifted(), 1);
}

}  // namespace
}  // namespace offergraph
