// File: ledger_health.h
// -----------------------------------------------------------------------------
// The one record of whether the contact-history store works, and the one
// place its transitions happen: every change (a failed call after
// successes, a success after failures) and the listener that publishes it
// (the offergraph_ledger_healthy gauge, the offergraph.Ledger health status)
// run under one lock, in order, so the flag and everything it drives always
// agree once the calls settle.
#ifndef OFFERGRAPH_SERVICE_LEDGER_HEALTH_H_
#define OFFERGRAPH_SERVICE_LEDGER_HEALTH_H_

#include <atomic>
#include <functional>

#include "absl/base/thread_annotations.h"
#include "util/mutex.h"

namespace offergraph {

// Starts healthy. Thread safety: all methods are safe to call concurrently;
// the listener runs under the lock (one call at a time) and must not call
// back into this object.
class LedgerHealth {
 public:
  // Called with the new state on each transition; `change` is false only for
  // the call Listen makes to bring a new listener up to date.
  using Listener = std::function<void(bool healthy, bool change)>;

  // Installs `listener` (replacing any) and calls it at once with the
  // current state, so what it drives starts in agreement even when calls
  // reported before it was installed.
  void Listen(Listener listener) ABSL_LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    listener_ = std::move(listener);
    if (listener_) listener_(healthy_.load(std::memory_order_relaxed), false);
  }

  // Reports one store call's outcome. Returns true when it changed the
  // state (the listener has run by then). Lock-free when nothing changes.
  bool Report(bool ok) ABSL_LOCKS_EXCLUDED(mu_) {
    if (healthy_.load(std::memory_order_acquire) == ok) return false;
    MutexLock lock(&mu_);
    if (healthy_.load(std::memory_order_relaxed) == ok) return false;
    healthy_.store(ok, std::memory_order_release);
    if (listener_) listener_(ok, true);
    return true;
  }

  bool healthy() const { return healthy_.load(std::memory_order_acquire); }

 private:
  Mutex mu_;
  // Written only under mu_, read without it.
  std::atomic<bool> healthy_{true};
  Listener listener_ ABSL_GUARDED_BY(mu_);
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_LEDGER_HEALTH_H_
