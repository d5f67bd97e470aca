#include "snapshot/reloader.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "spdlog/spdlog.h"

namespace offergraph {

struct Reloader::Inbox {
  // A snapshot whose last outside reference was dropped.
  struct Retired {
    SnapshotPtr snapshot;  // the only reference left (the plain deleter)
    absl::Time at;         // when it was dropped
  };

  // Takes the last reference to a published snapshot, from whichever thread
  // dropped it, for the reloader thread to free. Once the reloader has
  // stopped, frees it here and logs that.
  static void Retire(const std::shared_ptr<Inbox>& inbox,
                     SnapshotPtr snapshot) {
    {
      MutexLock lock(&inbox->mu);
      if (!inbox->closed) {
        inbox->retired.push_back({std::move(snapshot), absl::Now()});
        inbox->work.SignalAll();
        return;
      }
    }
    spdlog::info(
        "snapshot generation {} freed on the thread that dropped it: the "
        "reloader has stopped",
        snapshot->generation);
  }

  Mutex mu;
  // Signalled when pending or retired grows, or stopping is set.
  CondVar work;
  std::vector<Done> pending ABSL_GUARDED_BY(mu);
  std::vector<Retired> retired ABSL_GUARDED_BY(mu);
  // When each replaced, not yet retired snapshot was swapped out.
  absl::flat_hash_map<const Snapshot*, absl::Time> replaced_at
      ABSL_GUARDED_BY(mu);
  bool stopping ABSL_GUARDED_BY(mu) = false;
  // The reloader thread has exited: Retire frees in place.
  bool closed ABSL_GUARDED_BY(mu) = false;
};

Reloader::Reloader(SnapshotLoadOptions options, SnapshotStore* store,
                   Done observer, ReloadPriority priority, Released released)
    : options_(std::move(options)),
      store_(store),
      observer_(std::move(observer)),
      priority_(priority),
      released_(std::move(released)),
      inbox_(std::make_shared<Inbox>()),
      thread_([this] { Run(); }) {}

Reloader::~Reloader() {
  {
    MutexLock lock(&inbox_->mu);
    inbox_->stopping = true;
  }
  inbox_->work.SignalAll();
  thread_.join();
  std::vector<Inbox::Retired> left;
  {
    MutexLock lock(&inbox_->mu);
    inbox_->closed = true;
    left.swap(inbox_->retired);
  }
  // Freed here, after the thread: snapshots retired while it stopped.
}

absl::StatusOr<SnapshotPtr> Reloader::LoadNow() {
  MutexLock lock(&load_mu_);
  return LoadAndPublish(options_.parse_threads);
}

void Reloader::RequestReload(Done done) {
  {
    MutexLock lock(&inbox_->mu);
    inbox_->pending.push_back(std::move(done));
  }
  inbox_->work.SignalAll();
}

Reloader::Stats Reloader::stats() const {
  MutexLock lock(&mu_);
  return stats_;
}

SnapshotPtr Reloader::Adopt(SnapshotPtr loaded) {
  const Snapshot* raw = loaded.get();
  // The deleter runs on the thread that drops the last reference; it only
  // moves the real (plainly deleted) pointer into the inbox.
  return SnapshotPtr(raw, [inbox = inbox_, loaded = std::move(loaded)](
                              const Snapshot*) mutable {
    Inbox::Retire(inbox, std::move(loaded));
  });
}

absl::StatusOr<SnapshotPtr> Reloader::LoadAndPublish(int parse_threads) {
  SnapshotPtr current = store_->Current();
  const int64_t generation = current ? current->generation + 1 : 1;
  SnapshotLoadOptions options = options_;
  options.parse_threads = parse_threads;
  absl::StatusOr<std::shared_ptr<const Snapshot>> loaded =
      LoadSnapshot(options, generation);
  absl::StatusOr<SnapshotPtr> result;
  if (loaded.ok()) {
    SnapshotPtr fresh = Adopt(*std::move(loaded));
    if (current != nullptr) {
      MutexLock lock(&inbox_->mu);
      inbox_->replaced_at[current.get()] = absl::Now();
    }
    // Loads are serialised (load_mu_) and only loads publish: the snapshot
    // replaced is `current`.
    store_->Publish(fresh);
    current.reset();  // retires it unless requests still hold it
    result = std::move(fresh);
  } else {
    result = loaded.status();
  }
  {
    MutexLock lock(&mu_);
    if (result.ok()) {
      ++stats_.ok;
      stats_.last_error.clear();
    } else {
      ++stats_.failed;
      stats_.last_error = std::string(result.status().message());
    }
  }
  if (observer_) observer_(result);
  return result;
}

void Reloader::FreeRetired(bool late) {
  std::vector<Inbox::Retired> retired;
  std::vector<absl::Time> replaced_at;
  {
    MutexLock lock(&inbox_->mu);
    retired.swap(inbox_->retired);
    for (const Inbox::Retired& r : retired) {
      auto it = inbox_->replaced_at.find(r.snapshot.get());
      replaced_at.push_back(it == inbox_->replaced_at.end() ? r.at
                                                            : it->second);
      if (it != inbox_->replaced_at.end()) inbox_->replaced_at.erase(it);
    }
  }
  for (size_t i = 0; i < retired.size(); ++i) {
    Release release;
    release.generation = retired[i].snapshot->generation;
    release.wait = retired[i].at - replaced_at[i];
    const absl::Time freeing = absl::Now();
    retired[i].snapshot.reset();
    release.free = absl::Now() - freeing;
    {
      MutexLock lock(&mu_);
      stats_.last_release_wait = release.wait;
      stats_.last_release_free = release.free;
      ++stats_.released;
      if (late) ++stats_.released_late;
    }
    if (released_) released_(release);
  }
}

void Reloader::Run() {
  // Background reloads parse gigabytes on a machine whose cores serve
  // requests: by default they run at a lower priority (nice 10) so request
  // threads win the CPU. LoadNow (start-up) runs on the caller's thread at
  // its priority. Retired snapshots are freed here, at the same priority.
  SetThreadPriority(priority_);
  while (true) {
    std::vector<Done> batch;
    {
      MutexLock lock(&inbox_->mu);
      while (!inbox_->stopping && inbox_->pending.empty() &&
             inbox_->retired.empty()) {
        inbox_->work.Wait(&inbox_->mu);
      }
      if (inbox_->pending.empty() && inbox_->retired.empty()) {
        return;  // stopping with nothing to do
      }
      batch.swap(inbox_->pending);
    }
    if (batch.empty()) {
      // Woken by a request that held a replaced snapshot past its reload.
      FreeRetired(/*late=*/true);
      continue;
    }
    absl::StatusOr<SnapshotPtr> result;
    {
      MutexLock lock(&load_mu_);
      // One parse thread: the other core serves requests meanwhile.
      result = LoadAndPublish(/*parse_threads=*/1);
    }
    // The snapshot this load replaced, unless requests still hold it.
    FreeRetired(/*late=*/false);
    for (Done& done : batch) {
      if (done) done(result);
    }
  }
}

}  // namespace offergraph
