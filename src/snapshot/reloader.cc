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
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

absl::StatusOr<SnapshotPtr> Reloader::LoadNow() {
  absl::MutexLock lock(&load_mu_);
  return LoadAndPublish();
}

void Reloader::RequestReload(Done done) {
  absl::MutexLock lock(&mu_);
  pending_.push_back(std::move(done));
}

Reloader::Stats Reloader::stats() const {
  absl::MutexLock lock(&mu_);
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
    absl::MutexLock lock(&mu_);
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
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](Reloader* r) ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return r->stopping_ || !r->pending_.empty();
          },
          this));
      if (pending_.empty()) return;  // stopping with nothing to do
      batch.swap(pending_);
    }
    absl::StatusOr<SnapshotPtr> result;
    {
      absl::MutexLock lock(&load_mu_);
      result = LoadAndPublish();
    }
    for (Done& done : batch) {
      if (done) done(result);
    }
  }
}

}  // namespace offergraph
