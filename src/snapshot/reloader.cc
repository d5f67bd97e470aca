#include "snapshot/reloader.h"

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace offergraph {
namespace {

// How releasing a retired snapshot went.
struct Release {
  absl::Duration wait;  // until this was the last reference
  absl::Duration free;  // freeing it
};

// Frees a retired snapshot on the calling (reloader) thread. Requests copy
// the pointer for the few microseconds of one decision; if the reloader just
// dropped its reference, the last request would free gigabytes of catalog
// and graph inside its own latency. So wait until this is the last
// reference, then release it here. Nothing can take a new reference: the
// store no longer holds it and only holders can copy it. A holder that keeps
// it beyond the patience (none on the request path should) frees it itself.
Release ReleaseOffRequestPath(SnapshotPtr old) {
  Release r;
  if (old == nullptr) return r;
  const absl::Time start = absl::Now();
  const absl::Time give_up = start + absl::Seconds(30);
  absl::Duration pause = absl::Microseconds(50);
  while (old.use_count() > 1) {
    if (absl::Now() >= give_up) {
      r.wait = absl::Now() - start;
      return r;
    }
    absl::SleepFor(pause);
    pause = std::min(pause * 2, absl::Milliseconds(10));
  }
  const absl::Time freeing = absl::Now();
  r.wait = freeing - start;
  old.reset();
  r.free = absl::Now() - freeing;
  return r;
}

// Applies `priority` to the calling thread (Linux: scheduling policy and
// nice value are per thread). Best effort: a container may forbid it.
void SetThreadPriority(ReloadPriority priority) {
  switch (priority) {
    case ReloadPriority::kIdle: {
      sched_param param{};
      sched_setscheduler(0, SCHED_IDLE, &param);
      return;
    }
    case ReloadPriority::kLow:
      setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
      return;
    case ReloadPriority::kNormal:
      return;
  }
}

}  // namespace

bool ParseReloadPriority(absl::string_view text, ReloadPriority* out) {
  if (text == "idle") {
    *out = ReloadPriority::kIdle;
  } else if (text == "low") {
    *out = ReloadPriority::kLow;
  } else if (text == "normal") {
    *out = ReloadPriority::kNormal;
  } else {
    return false;
  }
  return true;
}

Reloader::Reloader(SnapshotLoadOptions options, SnapshotStore* store,
                   Done observer, ReloadPriority priority)
    : options_(std::move(options)),
      store_(store),
      observer_(std::move(observer)),
      priority_(priority),
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
  return LoadAndPublish(options_.parse_threads);
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

absl::StatusOr<SnapshotPtr> Reloader::LoadAndPublish(int parse_threads) {
  SnapshotPtr current = store_->Current();
  const int64_t generation = current ? current->generation + 1 : 1;
  SnapshotLoadOptions options = options_;
  options.parse_threads = parse_threads;
  absl::StatusOr<std::shared_ptr<const Snapshot>> loaded =
      LoadSnapshot(options, generation);
  absl::StatusOr<SnapshotPtr> result;
  Release release;
  if (loaded.ok()) {
    SnapshotPtr fresh = *std::move(loaded);
    SnapshotPtr old = store_->Publish(fresh);
    current.reset();
    release = ReleaseOffRequestPath(std::move(old));
    result = std::move(fresh);
  } else {
    result = loaded.status();
  }
  {
    MutexLock lock(&mu_);
    if (result.ok()) {
      ++stats_.ok;
      stats_.last_error.clear();
      stats_.last_release_wait = release.wait;
      stats_.last_release_free = release.free;
    } else {
      ++stats_.failed;
      stats_.last_error = std::string(result.status().message());
    }
  }
  if (observer_) observer_(result);
  return result;
}

void Reloader::Run() {
  // Background reloads parse gigabytes on a machine whose cores serve
  // requests: by default they run at a lower priority (nice 10) so request
  // threads win the CPU. LoadNow (start-up) runs on the caller's thread at
  // its priority.
  SetThreadPriority(priority_);
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
      // One parse thread: the other core serves requests meanwhile.
      result = LoadAndPublish(/*parse_threads=*/1);
    }
    for (Done& done : batch) {
      if (done) done(result);
    }
  }
}

}  // namespace offergraph
