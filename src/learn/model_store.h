// File: model_store.h
// -----------------------------------------------------------------------------
// The propensity model currently served, swapped like a snapshot: a request
// copies the pointer once and uses that model for the whole decision.
#ifndef OFFERGRAPH_LEARN_MODEL_STORE_H_
#define OFFERGRAPH_LEARN_MODEL_STORE_H_

#include "absl/base/thread_annotations.h"
#include "learn/propensity_model.h"
#include "util/mutex.h"

namespace offergraph {

// Thread safety: all methods are safe to call concurrently. The last holder
// of a replaced model frees it (models are small next to a snapshot).
class ModelStore {
 public:
  // The current model, or nullptr before the first Publish.
  PropensityModelPtr Current() const ABSL_LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    return current_;
  }

  void Publish(PropensityModelPtr model) ABSL_LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    current_.swap(model);
  }

 private:
  mutable Mutex mu_;
  PropensityModelPtr current_ ABSL_GUARDED_BY(mu_);
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_MODEL_STORE_H_
