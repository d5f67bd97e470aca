// File: model_refresher.h
// -----------------------------------------------------------------------------
// Rebuilds the propensity model from the learner's evidence every
// LearningParams.refresh_interval, off the request path, and publishes it to
// a ModelStore (swapped like a snapshot). The parameters are read from the
// serving snapshot's rules at every build, so a reload changes them and
// keeps what was learned.
//
// Thread safety: Start, Stop and RefreshNow are safe to call from any
// thread; the refresh loop runs on one thread of its own.
#ifndef OFFERGRAPH_LEARN_MODEL_REFRESHER_H_
#define OFFERGRAPH_LEARN_MODEL_REFRESHER_H_

#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/time/time.h"
#include "learn/learner.h"
#include "offergraph/learning_params.h"
#include "learn/model_store.h"
#include "util/mutex.h"
#include "util/thread_priority.h"

namespace offergraph {

struct ModelRefresherOptions {
  // The parameters to build with (the serving snapshot's rules.learning).
  std::function<LearningParams()> params = [] { return LearningParams(); };
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  // Called after each build with the time it took (reading and writing the
  // evidence included), on the refresher's thread (metrics).
  std::function<void(const PropensityModel& model, absl::Duration took)>
      on_model;
  // The refresh thread's CPU priority (builds read the store and rebuild
  // the whole model: background work that must not take cores from
  // requests). With kIdle, a watchdog thread lifts a refresh that is
  // overdue by more than `starved_after` (the CPU is saturated) to
  // kLowest until it completes, so the model never stops learning.
  BackgroundPriority priority = BackgroundPriority::kIdle;
  absl::Duration starved_after = absl::Seconds(1);
};

// Does not own the learner or the store; they must outlive it.
class ModelRefresher {
 public:
  ModelRefresher(Learner* learner, ModelStore* store,
                 ModelRefresherOptions options);
  ~ModelRefresher();
  ModelRefresher(const ModelRefresher&) = delete;
  ModelRefresher& operator=(const ModelRefresher&) = delete;

  // Builds and publishes once, then keeps refreshing on a thread until
  // Stop().
  void Start() ABSL_LOCKS_EXCLUDED(mu_);
  // Ends the loop and joins its thread; idempotent.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_);
  // Builds and publishes now, on the calling thread.
  void RefreshNow();
  // Builds completed so far, and refreshes the watchdog had to lift.
  int64_t builds() const ABSL_LOCKS_EXCLUDED(mu_);
  int64_t lifted() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Loop() ABSL_LOCKS_EXCLUDED(mu_);
  void Watch() ABSL_LOCKS_EXCLUDED(mu_);

  Learner* const learner_;
  ModelStore* const store_;
  const ModelRefresherOptions options_;
  mutable Mutex mu_;
  CondVar cv_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int64_t builds_ ABSL_GUARDED_BY(mu_) = 0;
  // The loop thread's id, when the next refresh fell due (InfiniteFuture:
  // none pending), whether the watchdog lifted it, and how often.
  int tid_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time due_ ABSL_GUARDED_BY(mu_) = absl::InfiniteFuture();
  bool lifted_now_ ABSL_GUARDED_BY(mu_) = false;
  int64_t lifted_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
  std::thread watchdog_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_MODEL_REFRESHER_H_
