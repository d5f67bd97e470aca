// File: reloader.h
// -----------------------------------------------------------------------------
// Loads the data directory into a new snapshot off the request path and
// publishes it; a failed load leaves the serving snapshot in place.
#ifndef OFFERGRAPH_SNAPSHOT_RELOADER_H_
#define OFFERGRAPH_SNAPSHOT_RELOADER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "offergraph/snapshot_loader.h"
#include "snapshot/snapshot_store.h"
#include "util/mutex.h"
#include "util/thread_priority.h"

namespace offergraph {

// The CPU priority of background reloads (the reloader thread only).
using ReloadPriority = BackgroundPriority;

// "idle", "lowest", "low" or "normal"; false for anything else.
inline bool ParseReloadPriority(absl::string_view text, ReloadPriority* out) {
  return ParseBackgroundPriority(text, out);
}


// Owns one background thread that performs reloads. Requests that arrive
// while a load runs are coalesced into the next load.
//
// Who frees a replaced snapshot: the reloader thread, always. Every snapshot
// it publishes carries a deleter that hands the snapshot to that thread, so
// a request that still holds it past the swap only enqueues it when it drops
// the last reference, and the reloader frees it (gigabytes of catalog and
// graph) at its own priority, never inside a request's latency. After the
// Reloader is destroyed, a late release frees on the dropping thread (the
// server destroys its services before the reloader, so only shutdown does).
//
// Does not own the store. Thread safety: all public methods are thread-safe.
class Reloader {
 public:
  // Called with each load's result (the published snapshot or the error).
  using Done = std::function<void(const absl::StatusOr<SnapshotPtr>&)>;

  // How a replaced snapshot was released.
  struct Release {
    int64_t generation = 0;  // the snapshot freed
    // From the swap that replaced it to the drop of its last reference (zero
    // when nothing held it).
    absl::Duration wait;
    absl::Duration free;  // freeing it
  };
  // Called on the reloader thread after each replaced snapshot was freed.
  using Released = std::function<void(const Release&)>;

  struct Stats {
    int64_t ok = 0;
    int64_t failed = 0;
    std::string last_error;  // empty when the last attempt succeeded
    // The last release of a replaced snapshot (zero before any): how long
    // requests held it past the swap, and how long freeing it took.
    absl::Duration last_release_wait;
    absl::Duration last_release_free;
    // Replaced snapshots freed, and those of them that requests still held
    // when their reload finished (freed later, still on the reloader thread).
    int64_t released = 0;
    int64_t released_late = 0;
  };

  // `observer` runs on the loading thread after every attempt, before the
  // requesters' callbacks (metrics, logs); `released` (may be empty) after
  // each release of a replaced snapshot, on the reloader thread.
  Reloader(SnapshotLoadOptions options, SnapshotStore* store, Done observer,
           ReloadPriority priority = ReloadPriority::kLow,
           Released released = nullptr);
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
  // The reloader's work: reload requests and retired snapshots. Shared with
  // the deleters of published snapshots, which may outlive the Reloader.
  struct Inbox;

  void Run();
  // `parse_threads` as in SnapshotLoadOptions.
  absl::StatusOr<SnapshotPtr> LoadAndPublish(int parse_threads)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(load_mu_);
  // Returns `loaded` with a deleter that hands it to the inbox.
  SnapshotPtr Adopt(SnapshotPtr loaded);
  // Frees every retired snapshot in the inbox, on the calling (reloader)
  // thread; `late`: retired after the reload that replaced it finished.
  void FreeRetired(bool late);

  const SnapshotLoadOptions options_;
  SnapshotStore* const store_;
  const Done observer_;
  const ReloadPriority priority_;
  const Released released_;
  const std::shared_ptr<Inbox> inbox_;

  Mutex load_mu_;  // serialises loads (start-up vs. background)

  mutable Mutex mu_;  // never held while taking the inbox's lock
  Stats stats_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SNAPSHOT_RELOADER_H_
