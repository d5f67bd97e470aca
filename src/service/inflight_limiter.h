// File: inflight_limiter.h
// -----------------------------------------------------------------------------
// A bound on calls in flight. Beyond it a call fails fast with
// RESOURCE_EXHAUSTED instead of queueing without limit. A call counts from
// the moment gRPC starts it (queued or running) until its status is sent:
// AdmissionInterceptor calls Arrive and Depart, and the handler asks
// Admits() before it does any work.
//
// Shutdown drains through it: after StartDraining(), handlers refuse new
// calls (draining()) and WaitUntilIdle returns as soon as the calls in
// flight are done. gRPC's own graceful shutdown also waits for idle client
// connections to close, so one idle channel held every shutdown for the whole
// grace period while calls on it were accepted and then cancelled.
#ifndef OFFERGRAPH_SERVICE_INFLIGHT_LIMITER_H_
#define OFFERGRAPH_SERVICE_INFLIGHT_LIMITER_H_

#include <atomic>

#include "absl/time/time.h"
#include "util/mutex.h"

namespace offergraph {

// Thread safety: safe for concurrent use; lock-free except while draining.
class InflightLimiter {
 public:
  // `limit` <= 0 means unlimited.
  explicit InflightLimiter(int limit) : limit_(limit) {}

  // A call started (queued or running) / sent its status.
  void Arrive() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void Depart() {
    if (in_flight_.fetch_sub(1) == 1 && draining_.load()) {
      MutexLock lock(&mu_);
      idle_.SignalAll();
    }
  }

  // A handler's admission: false when more calls than the limit are in
  // flight, the asking one included.
  bool Admits() const {
    return limit_ <= 0 || in_flight_.load(std::memory_order_relaxed) <= limit_;
  }

  // Shutdown has begun: handlers answer UNAVAILABLE.
  bool draining() const { return draining_.load(std::memory_order_relaxed); }

  // Shutdown: from now on handlers refuse new calls. Idempotent.
  void StartDraining() { draining_.store(true); }

  // After StartDraining: waits until no call is in flight or `deadline`
  // passes; returns whether none is. Calls that arrive meanwhile count
  // until they are refused.
  bool WaitUntilIdle(absl::Time deadline) {
    MutexLock lock(&mu_);
    while (in_flight_.load() > 0) {
      if (!idle_.WaitWithDeadline(&mu_, deadline)) {
        return in_flight_.load() == 0;
      }
    }
    return true;
  }

  int limit() const { return limit_; }
  int in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  const int limit_;
  std::atomic<int> in_flight_{0};  // calls started, status not yet sent
  std::atomic<bool> draining_{false};
  // WaitUntilIdle waits on idle_ (under mu_) for in_flight_ to reach 0; Depart
  // signals it only while draining, so the request path takes no lock.
  Mutex mu_;
  CondVar idle_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_INFLIGHT_LIMITER_H_
