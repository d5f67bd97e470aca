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

void ModelRefresher::Start() {
  RefreshNow();
  thread_ = std::thread([this] { Loop(); });
}

void ModelRefresher::Loop() {
  SetThreadPriority(options_.priority);
  while (true) {
    const absl::Duration interval = options_.params().refresh_interval;
    {
      MutexLock lock(&mu_);
      const absl::Time deadline = absl::Now() + interval;
      while (!stopping_) {
        if (!cv_.WaitWithDeadline(&mu_, deadline)) break;
      }
      if (stopping_) return;
    }
    RefreshNow();
  }
}

void ModelRefresher::Stop() {
  {
    MutexLock lock(&mu_);
    stopping_ = true;
    cv_.SignalAll();
  }
  if (thread_.joinable()) thread_.join();
}

int64_t ModelRefresher::builds() const {
  MutexLock lock(&mu_);
  return builds_;
}

}  // namespace offergraph
