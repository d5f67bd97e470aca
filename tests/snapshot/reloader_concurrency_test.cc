// Snapshot swaps under concurrent decisions, without gRPC (so ThreadSanitizer
// sees every synchronisation): reader threads pin the current snapshot, run
// the engine and the ledger, while the Reloader publishes 100 reloads, good
// and bad mixed. No reader ever sees a torn or freed snapshot, bad reloads
// never publish, and every replaced snapshot is freed afterwards.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "ledger/memory_ledger.h"
#include "offergraph/engine.h"
#include "snapshot/reloader.h"
#include "snapshot/snapshot_store.h"
#include "testing/temp_dir.h"
#include "util/mutex.h"

namespace offergraph {
namespace {

using testing::ReadFileOrDie;
using testing::TempDir;

TEST(ReloaderConcurrencyTest, SwapsUnderConcurrentDecisions) {
  TempDir dir;
  dir.CopyFrom(OFFERGRAPH_DEMO_DIR);
  const std::string edges = ReadFileOrDie(dir.path() + "/edges.csv");
  SnapshotStore store;
  std::atomic<int> published{0}, failed{0};
  Reloader reloader({dir.path(), ""}, &store,
                    [&](const absl::StatusOr<SnapshotPtr>& r) {
                      (r.ok() ? published : failed).fetch_add(1);
                    });
  ASSERT_TRUE(reloader.LoadNow().ok());
  std::unique_ptr<OfferLedger> ledger = NewMemoryLedger(LedgerOptions());

  std::atomic<bool> stop{false};
  std::atomic<int64_t> decisions{0}, empty{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      const std::string key = "c:reader-" + std::to_string(t);
      while (!stop.load()) {
        SnapshotPtr s = store.Current();
        DecisionInput in;
        in.channel = v1::CHECKOUT;
        in.cart.push_back({s->catalog.Find("WASH-STD"), 1});
        in.cart.push_back({s->catalog.Find("LAPTOP-14"), 1});
        absl::StatusOr<ContactHistory> h = ledger->GetHistory(key, absl::Now());
        Decision d =
            Decide(*s, in, h.ok() ? *h : ContactHistory(), absl::Now());
        if (d.offers.empty()) empty.fetch_add(1);
        for (const RankedOffer& o : d.offers) {
          // The pinned snapshot stays whole while it is used.
          ASSERT_LT(o.product, s->catalog.size());
        }
        decisions.fetch_add(1);
      }
    });
  }

  std::vector<std::weak_ptr<const Snapshot>> seen;
  int expected_ok = 0, expected_bad = 0;
  for (int i = 0; i < 100; ++i) {
    const bool bad = i % 4 == 3;
    dir.WriteFile("edges.csv",
                  bad ? edges + "WASH-STD,GHOST,cross_sell,0.5,,,\n"
                      : edges + "WASH-STD,CHARGER-FAST,cross_sell,0." +
                            std::to_string(10 + i % 80) + ",,,\n");
    Mutex mu;
    CondVar cv;
    bool done = false;
    absl::StatusOr<SnapshotPtr> result;
    reloader.RequestReload([&](const absl::StatusOr<SnapshotPtr>& r) {
      MutexLock lock(&mu);
      result = r;
      done = true;
      cv.SignalAll();
    });
    {
      MutexLock lock(&mu);
      while (!done) cv.Wait(&mu);
    }
    if (bad) {
      ++expected_bad;
      EXPECT_FALSE(result.ok()) << i;
    } else {
      ++expected_ok;
      ASSERT_TRUE(result.ok()) << i << ": " << result.status();
      seen.push_back(*result);
    }
    result = absl::UnknownError("released");  // drop our reference
  }
  stop.store(true);
  for (std::thread& t : readers) t.join();

  EXPECT_EQ(published.load(), expected_ok + 1);  // + the first load
  EXPECT_EQ(failed.load(), expected_bad);
  EXPECT_GT(decisions.load(), 0);
  EXPECT_EQ(empty.load(), 0);
  int alive = 0;
  for (const auto& w : seen) alive += !w.expired();
  EXPECT_EQ(alive, 1);  // only the one still serving
}

}  // namespace
}  // namespace offergraph
