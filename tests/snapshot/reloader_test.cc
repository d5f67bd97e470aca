// The Reloader: background reloads run at the configured CPU priority
// (Linux: policy and nice value are per thread), observed from the load
// observer, which runs on that thread; and it reports how releasing the
// snapshot a reload replaced went.
#include "snapshot/reloader.h"

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "snapshot/snapshot_store.h"
#include "util/mutex.h"

namespace offergraph {
namespace {

struct ThreadPriority {
  int policy = -1;
  int nice = 0;
};

ThreadPriority Current() {
  ThreadPriority p;
  p.policy = sched_getscheduler(0);
  p.nice = getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
  return p;
}

// Requests one background reload, runs `on_done` on the reloader thread
// with its result, and returns once it ran.
template <typename OnDone>
void ReloadAndWait(Reloader& reloader, OnDone on_done) {
  Mutex mu;
  CondVar done_cv;
  bool done = false;
  reloader.RequestReload([&](const absl::StatusOr<SnapshotPtr>& r) {
    EXPECT_TRUE(r.ok()) << r.status();
    MutexLock lock(&mu);
    on_done();
    done = true;
    done_cv.SignalAll();
  });
  MutexLock lock(&mu);
  while (!done) done_cv.Wait(&mu);
}

// Runs one background reload of the demo data at `priority` and returns
// the priority the reloading thread had while it loaded.
ThreadPriority ReloadAt(ReloadPriority priority) {
  SnapshotStore store;
  ThreadPriority seen;
  Reloader reloader({OFFERGRAPH_DEMO_DIR, ""}, &store, nullptr, priority);
  ReloadAndWait(reloader, [&] { seen = Current(); });
  return seen;
}

TEST(ReloaderPriorityTest, IdleReloadsRunUnderSchedIdle) {
  EXPECT_EQ(ReloadAt(ReloadPriority::kIdle).policy, SCHED_IDLE);
}

TEST(ReloaderPriorityTest, LowReloadsRunAtNiceTenOrLower) {
  const ThreadPriority p = ReloadAt(ReloadPriority::kLow);
  EXPECT_EQ(p.policy, SCHED_OTHER);
  // 10, unless the test itself already runs at a lower priority.
  EXPECT_GE(p.nice, 10);
}

TEST(ReloaderPriorityTest, NormalReloadsKeepTheProcessPriority) {
  const ThreadPriority mine = Current();
  const ThreadPriority p = ReloadAt(ReloadPriority::kNormal);
  EXPECT_EQ(p.policy, mine.policy);
  EXPECT_EQ(p.nice, mine.nice);
}

TEST(ReloaderTest, ReportsTheReleaseOfTheReplacedSnapshot) {
  SnapshotStore store;
  Reloader reloader({OFFERGRAPH_DEMO_DIR, ""}, &store, nullptr);
  absl::StatusOr<SnapshotPtr> first = reloader.LoadNow();
  ASSERT_TRUE(first.ok()) << first.status();
  // Nothing replaced yet.
  EXPECT_EQ(reloader.stats().last_release_free, absl::ZeroDuration());
  std::weak_ptr<const Snapshot> old = *first;
  first->reset();

  ReloadAndWait(reloader, [] {});
  // Freed by the reloader before it reported: timed, and gone.
  EXPECT_TRUE(old.expired());
  const Reloader::Stats stats = reloader.stats();
  EXPECT_EQ(stats.ok, 2);
  EXPECT_GT(stats.last_release_free, absl::ZeroDuration());
  EXPECT_GE(stats.last_release_wait, absl::ZeroDuration());
  EXPECT_LT(stats.last_release_wait, absl::Seconds(30));
}

// Regression (issue 15, item 18): the reloader polled use_count() for up to
// 30 s and then gave up, leaving the free to whichever request dropped the
// snapshot last. A request holding the old snapshot past the swap must only
// hand it back: the reloader thread frees it, and the reload itself does not
// wait for the holder.
TEST(ReloaderTest, FreesASnapshotHeldPastItsSwapOnTheReloaderThread) {
  SnapshotStore store;
  Mutex mu;
  CondVar released_cv;
  std::vector<Reloader::Release> releases;
  std::vector<std::thread::id> release_threads;
  Reloader reloader({OFFERGRAPH_DEMO_DIR, ""}, &store, nullptr,
                    ReloadPriority::kNormal, [&](const Reloader::Release& r) {
                      MutexLock lock(&mu);
                      releases.push_back(r);
                      release_threads.push_back(std::this_thread::get_id());
                      released_cv.SignalAll();
                    });
  absl::StatusOr<SnapshotPtr> first = reloader.LoadNow();
  ASSERT_TRUE(first.ok()) << first.status();
  SnapshotPtr held = *std::move(first);  // a request still using it
  std::weak_ptr<const Snapshot> old = held;

  std::thread::id reloader_thread;
  ReloadAndWait(reloader,
                [&] { reloader_thread = std::this_thread::get_id(); });
  ASSERT_NE(store.Current(), held);
  EXPECT_FALSE(old.expired());
  EXPECT_EQ(reloader.stats().released, 0);
  {
    MutexLock lock(&mu);
    EXPECT_TRUE(releases.empty());
  }

  held.reset();  // the request ends, on this thread
  {
    MutexLock lock(&mu);
    while (releases.empty()) released_cv.Wait(&mu);
    ASSERT_EQ(releases.size(), 1u);
    EXPECT_EQ(releases[0].generation, 1);
    EXPECT_GT(releases[0].free, absl::ZeroDuration());
    EXPECT_GE(releases[0].wait, absl::ZeroDuration());
    EXPECT_EQ(release_threads[0], reloader_thread);
    EXPECT_NE(release_threads[0], std::this_thread::get_id());
  }
  EXPECT_TRUE(old.expired());
  const Reloader::Stats stats = reloader.stats();
  EXPECT_EQ(stats.released, 1);
  EXPECT_EQ(stats.released_late, 1);
}

// A snapshot nobody holds at the swap is freed by its reload, before the
// reload reports, also on the reloader thread.
TEST(ReloaderTest, FreesAnUnheldSnapshotBeforeTheReloadReports) {
  SnapshotStore store;
  std::vector<std::thread::id> release_threads;  // reloader thread only
  Reloader reloader({OFFERGRAPH_DEMO_DIR, ""}, &store, nullptr,
                    ReloadPriority::kNormal, [&](const Reloader::Release&) {
                      release_threads.push_back(std::this_thread::get_id());
                    });
  ASSERT_TRUE(reloader.LoadNow().ok());
  std::thread::id reloader_thread;
  std::vector<std::thread::id> seen;
  ReloadAndWait(reloader, [&] {
    reloader_thread = std::this_thread::get_id();
    seen = release_threads;
  });
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], reloader_thread);
  EXPECT_EQ(reloader.stats().released_late, 0);
}

TEST(ReloaderPriorityTest, ParsesTheFlagValues) {
  ReloadPriority p = ReloadPriority::kNormal;
  ASSERT_TRUE(ParseReloadPriority("idle", &p));
  EXPECT_EQ(p, ReloadPriority::kIdle);
  ASSERT_TRUE(ParseReloadPriority("low", &p));
  EXPECT_EQ(p, ReloadPriority::kLow);
  ASSERT_TRUE(ParseReloadPriority("normal", &p));
  EXPECT_EQ(p, ReloadPriority::kNormal);
  EXPECT_FALSE(ParseReloadPriority("high", &p));
  EXPECT_FALSE(ParseReloadPriority("", &p));
  EXPECT_FALSE(ParseReloadPriority("IDLE", &p));
  EXPECT_EQ(p, ReloadPriority::kNormal);  // unchanged on failure
}

}  // namespace
}  // namespace offergraph
