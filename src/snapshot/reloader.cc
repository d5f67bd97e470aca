#include "snapshot/reloader.h"

#include <utility>

namespace offergraph {

Reloader::Reloader(SnapshotLoadOptions options, SnapshotStore* store,
                   Done observer)
    : options_(std::move(options)),
      store_(store),
      observer_(std::move(observer)),
      thread_([this] { Run(); }) {}

Reloader::~Reloader() {
  {
    MutexLock lock(&mu_);
    stopping_ = true;
  }
  work_.SignalAll();
  thread_.join();
}

absl::StatusOr<SnapshotPtr> Reloader::LoadNow() {
  MutexLock lock(&load_mu_);
  return LoadAndPublish();
}

void Reloader::RequestReload(Done done) {
  {
    MutexLock lock(&mu_);
    pending_.push_back(std::move(done));
  }
  work_.SignalAll();
}

Reloader::Stats Reloader::stats() const {
  MutexLock lock(&mu_);
  return stats_;
}

absl::StatusOr<SnapshotPtr> Reloader::LoadAndPublish() {
  SnapshotPtr current = store_->Current();
  const int64_t generation = current ? current->generation + 1 : 1;
  absl::StatusOr<std::shared_ptr<const Snapshot>> loaded =
      LoadSnapshot(options_, generation);
  absl::StatusOr<SnapshotPtr> result;
  if (loaded.ok()) {
    SnapshotPtr fresh = *std::move(loaded);
    SnapshotPtr old = store_->Publish(fresh);
    current.reset();
    old.reset();  // freed here unless a request still holds it
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

void Reloader::Run() {
  while (true) {
    std::vector<Done> batch;
    {
      MutexLock lock(&mu_);
      while (!stopping_ && pending_.empty()) work_.Wait(&mu_);
      if (pending_.empty()) return;  // stopping with nothing to do
      batch.swap(pending_);
    }
    absl::StatusOr<SnapshotPtr> result;
    {
      MutexLock lock(&load_mu_);
      result = LoadAndPublish();
    }
    for (Done& done : batch) {
      if (done) done(result);
    }
  }
}

}  // namespace offergraph
