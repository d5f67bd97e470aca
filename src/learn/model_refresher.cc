#include "learn/model_refresher.h"

#include <utility>

#include "absl/time/clock.h"

namespace offergraph {

ModelRefresher::ModelRefresher(Learner* learner, ModelStore* store,
                               ModelRefresherOptions options)
    : learner_(learner), store_(store), options_(std::move(options)) {}

ModelRefresher::~ModelRefresher() { Stop(); }

void ModelRefresher::RefreshNow() {
  const absl::Time start = absl::Now();
  PropensityModelPtr model =
      learner_->Build(options_.params(), options_.clock());
  if (options_.on_model) options_.on_model(*model, absl::Now() - start);
  store_->Publish(std::move(model));
  MutexLock lock(&mu_);
  ++builds_;
  cv_.SignalAll();
}

int64_t ModelRefresher::lifted() const {
  MutexLock lock(&mu_);
  return lifted_;
}

void ModelRefresher::Start() {
  RefreshNow();
  thread_ = std::thread([this] { Loop(); });
  if (options_.priority == BackgroundPriority::kIdle) {
    watchdog_ = std::thread([this] { Watch(); });
  }
}

void ModelRefresher::Loop() {
  SetThreadPriority(options_.priority);
  {
    MutexLock lock(&mu_);
    tid_ = CurrentThreadId();
  }
  while (true) {
    const absl::Duration interval = options_.params().refresh_interval;
    {
      MutexLock lock(&mu_);
      const absl::Time deadline = absl::Now() + interval;
      while (!stopping_) {
        if (!cv_.WaitWithDeadline(&mu_, deadline)) break;
      }
      if (stopping_) return;
      due_ = deadline;
      cv_.SignalAll();  // the watchdog times this refresh
    }
    RefreshNow();
    bool lifted = false;
    {
      MutexLock lock(&mu_);
      due_ = absl::InfiniteFuture();
      std::swap(lifted, lifted_now_);
    }
    if (lifted) SetThreadPriority(options_.priority);
  }
}

void ModelRefresher::Watch() {
  MutexLock lock(&mu_);
  while (!stopping_) {
    // Sleep until the pending refresh would count as starved (or one falls
    // due).
    const absl::Time wake = due_ == absl::InfiniteFuture()
                                ? absl::InfiniteFuture()
                                : due_ + options_.starved_after;
    if (wake == absl::InfiniteFuture()) {
      cv_.Wait(&mu_);
      continue;
    }
    if (absl::Now() < wake) {
      cv_.WaitWithDeadline(&mu_, wake);
      continue;
    }
    if (due_ != absl::InfiniteFuture() && !lifted_now_) {
      SetThreadPriorityOf(tid_, BackgroundPriority::kLowest);
      lifted_now_ = true;
      ++lifted_;
    }
    // Until this refresh completes.
    while (!stopping_ && due_ != absl::InfiniteFuture()) cv_.Wait(&mu_);
  }
}

void ModelRefresher::Stop() {
  {
    MutexLock lock(&mu_);
    stopping_ = true;
    cv_.SignalAll();
  }
  if (thread_.joinable()) thread_.join();
  if (watchdog_.joinable()) watchdog_.join();
}

int64_t ModelRefresher::builds() const {
  MutexLock lock(&mu_);
  return builds_;
}

}  // namespace offergraph
