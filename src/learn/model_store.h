// File: model_store.h
// -----------------------------------------------------------------------------
// The propensity model currently served, swapped like a snapshot: a request
// copies the pointer once and uses that model for the whole decision.
#ifndef OFFERGRAPH_LEARN_MODEL_STORE_H_
#define OFFERGRAPH_LEARN_MODEL_STORE_H_

#include <vector>

#include "absl/base/thread_annotations.h"
#include "learn/propensity_model.h"
#include "util/mutex.h"

namespace offergraph {

// Thread safety: all methods are safe to call concurrently. A replaced model
// is never freed on a request's thread: Publish keeps it until no request
// holds it and frees it at a later Publish, on the publisher's (refresher's)
// thread. A model of 100k offers takes a millisecond or more to free.
class ModelStore {
 public:
  // The current model, or nullptr before the first Publish.
  PropensityModelPtr Current() const ABSL_LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    return current_;
  }

  void Publish(PropensityModelPtr model) ABSL_LOCKS_EXCLUDED(mu_) {
    std::vector<PropensityModelPtr> unused;
    {
      MutexLock lock(&mu_);
      current_.swap(model);
      // Nobody can take a new reference to a retired model, so one held only
      // here stays unused.
      for (PropensityModelPtr& m : retired_) {
        (m.use_count() == 1 ? unused : kept_).push_back(std::move(m));
      }
      retired_.swap(kept_);
      kept_.clear();
      if (model != nullptr) retired_.push_back(std::move(model));
    }
    // `unused` is freed here, outside the lock.
  }

 private:
  mutable Mutex mu_;
  PropensityModelPtr current_ ABSL_GUARDED_BY(mu_);
  // Replaced models, until no request holds them.
  std::vector<PropensityModelPtr> retired_ ABSL_GUARDED_BY(mu_);
  std::vector<PropensityModelPtr> kept_ ABSL_GUARDED_BY(mu_);  // scratch
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_MODEL_STORE_H_
