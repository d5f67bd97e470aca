// LedgerHealth: concurrent failures and recoveries from many request threads
// leave the flag and what its listener drives (the gauge, the health status)
// in agreement, and every published change is a real change.
#include "service/ledger_health.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/random/random.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

// What the server's listener drives: two sinks set one after the other, as
// the gauge and the health status are.
struct Sinks {
  std::atomic<int> gauge{1};
  std::atomic<bool> serving{true};
  std::atomic<int> changes{0};
  std::atomic<int> repeats{0};  // a "change" to the state already published
};

// Regression (issue 15, item 21): the flag flipped with an atomic exchange
// and the listener ran after it, outside any lock, so a recovery's listener
// could run before a failure's and leave the flag healthy while the health
// status said NOT_SERVING.
TEST(LedgerHealthTest, ConcurrentFailuresAndRecoveriesAgreeWithTheSinks) {
  LedgerHealth health;
  Sinks sinks;
  health.Listen([&](bool healthy, bool change) {
    if (change && (sinks.gauge.load() == 1) == healthy) sinks.repeats++;
    sinks.gauge.store(healthy ? 1 : 0);
    std::this_thread::yield();  // widen the window between the two sinks
    sinks.serving.store(healthy);
    if (change) sinks.changes++;
  });
  constexpr int kThreads = 8, kReports = 40000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      absl::BitGen gen;
      for (int i = 0; i < kReports; ++i) {
        health.Report(absl::Bernoulli(gen, 0.5));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_GT(sinks.changes.load(), 0);
  EXPECT_EQ(sinks.repeats.load(), 0);
  EXPECT_EQ(sinks.gauge.load() == 1, health.healthy());
  EXPECT_EQ(sinks.serving.load(), health.healthy());
  // And the next transition is published, once.
  const bool next = !health.healthy();
  const int before = sinks.changes.load();
  EXPECT_TRUE(health.Report(next));
  EXPECT_FALSE(health.Report(next));
  EXPECT_EQ(sinks.changes.load(), before + 1);
  EXPECT_EQ(sinks.serving.load(), next);
}

// A listener installed after calls failed starts from the current state, not
// from "healthy".
TEST(LedgerHealthTest, ALateListenerStartsFromTheCurrentState) {
  LedgerHealth health;
  EXPECT_TRUE(health.healthy());
  EXPECT_TRUE(health.Report(false));
  bool seen = true, change = true;
  health.Listen([&](bool healthy, bool c) {
    seen = healthy;
    change = c;
  });
  EXPECT_FALSE(seen);
  EXPECT_FALSE(change);
  EXPECT_TRUE(health.Report(true));
  EXPECT_TRUE(seen);
  EXPECT_TRUE(change);
}

}  // namespace
}  // namespace offergraph
