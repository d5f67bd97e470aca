// File: snapshot_store.h
// -----------------------------------------------------------------------------
// The one mutable pointer in the serving path: the snapshot currently served.
#ifndef OFFERGRAPH_SNAPSHOT_SNAPSHOT_STORE_H_
#define OFFERGRAPH_SNAPSHOT_SNAPSHOT_STORE_H_

#include "absl/base/thread_annotations.h"
#include "offergraph/snapshot.h"
#include "util/mutex.h"

namespace offergraph {

// Holds the current snapshot. A reader copies the pointer once per request
// and uses that snapshot for the whole request, so a concurrent Publish never
// changes data under it; the old snapshot is freed by its last reader.
//
// Thread safety: all methods are safe to call concurrently.
class SnapshotStore {
 public:
  // Returns the current snapshot, or nullptr before the first Publish.
  SnapshotPtr Current() const ABSL_LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    return current_;
  }

  // Makes `snapshot` current and returns the previous one (so the caller can
  // choose the thread that frees it).
  SnapshotPtr Publish(SnapshotPtr snapshot) ABSL_LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    current_.swap(snapshot);
    return snapshot;
  }

 private:
  mutable Mutex mu_;
  SnapshotPtr current_ ABSL_GUARDED_BY(mu_);
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SNAPSHOT_SNAPSHOT_STORE_H_
