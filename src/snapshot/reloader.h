// File: reloader.h
// -----------------------------------------------------------------------------
// Loads the data directory into a new snapshot off the request path and
// publishes it; a failed load leaves the serving snapshot in place.
#ifndef OFFERGRAPH_SNAPSHOT_RELOADER_H_
#define OFFERGRAPH_SNAPSHOT_RELOADER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "offergraph/common/mutex.h"
#include "offergraph/snapshot/snapshot_loader.h"
#include "offergraph/snapshot/snapshot_store.h"

namespace offergraph {

// The CPU priority of background reloads (the reloader thread only).
enum class ReloadPriority {
  // SCHED_IDLE: runs only on CPU time no other thread wants; a request
  // thread preempts it at once. A reload under load takes several times as
  // long, and does not finish while the cores are saturated.
  kIdle,
  // nice 10: request threads win most of the CPU; the reload still
  // progresses under saturation.
  kLow,
  // The server's own priority.
  kNormal,
};

// "idle", "low" or "normal"; false for anything else.
bool ParseReloadPriority(absl::string_view text, ReloadPriority* out);

// Owns one background thread that performs reloads. Requests that arrive
// while a load runs are coalesced into the next load. The previous snapshot
// is released on the reloader thread; if requests still hold it, the last of
// them frees it.
//
// Does not own the store. Thread safety: all public methods are thread-safe.
class Reloader {
 public:
  // Called with each load's result (the published snapshot or the error).
  using Done = std::function<void(const absl::StatusOr<SnapshotPtr>&)>;

  struct Stats {
    int64_t ok = 0;
    int64_t failed = 0;
    std::string last_error;  // empty when the last attempt succeeded
    // The last successful load's release of the snapshot it replaced (zero
    // when it replaced none): how long it waited for requests holding it,
    // and how long freeing it took.
    absl::Duration last_release_wait;
    absl::Duration last_release_free;
  };

  // `observer` runs on the loading thread after every attempt, before the
  // requesters' callbacks (metrics, logs).
  Reloader(SnapshotLoadOptions options, SnapshotStore* store, Done observer,
           ReloadPriority priority = ReloadPriority::kLow);
  ~Reloader();

  Reloader(const Reloader&) = delete;
  Reloader& operator=(const Reloader&) = delete;

  // Loads and publishes synchronously on the calling thread (start-up).
  absl::StatusOr<SnapshotPtr> LoadNow();

  // Asks for a reload; `done` runs on the reloader thread when it finished.
  void RequestReload(Done done);

  Stats stats() const;
  const SnapshotLoadOptions& options() const { return options_; }

 private:
  void Run();
  // `parse_threads` as in SnapshotLoadOptions.
  absl::StatusOr<SnapshotPtr> LoadAndPublish(int parse_threads)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(load_mu_);

  const SnapshotLoadOptions options_;
  SnapshotStore* const store_;
  const Done observer_;
  const ReloadPriority priority_;

  Mutex load_mu_;  // serialises loads (start-up vs. background)

  mutable Mutex mu_;
  std::vector<Done> pending_ ABSL_GUARDED_BY(mu_);
  CondVar work_;  // signalled when pending_ grows or stopping_ is set
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SNAPSHOT_RELOADER_H_
