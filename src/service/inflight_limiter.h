// File: inflight_limiter.h
// -----------------------------------------------------------------------------
// A bound on calls in flight. Beyond it a call fails fast with
// RESOURCE_EXHAUSTED instead of queueing without limit. A call counts from
// the moment gRPC starts it (queued or running) until its status is sent:
// AdmissionInterceptor calls Arrive and Depart, and the handler asks
// Admits() before it does any work.
#ifndef OFFERGRAPH_SERVICE_INFLIGHT_LIMITER_H_
#define OFFERGRAPH_SERVICE_INFLIGHT_LIMITER_H_

#include <atomic>

namespace offergraph {

// Thread safety: lock-free; safe for concurrent use.
class InflightLimiter {
 public:
  // `limit` <= 0 means unlimited.
  explicit InflightLimiter(int limit) : limit_(limit) {}

  // A call started (queued or running) / sent its status.
  void Arrive() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void Depart() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }

  // A handler's admission: false when more calls than the limit are in
  // flight, the asking one included.
  bool Admits() const {
    return limit_ <= 0 || in_flight_.load(std::memory_order_relaxed) <= limit_;
  }

  int limit() const { return limit_; }
  int in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  const int limit_;
  std::atomic<int> in_flight_{0};  // calls started, status not yet sent
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_INFLIGHT_LIMITER_H_
