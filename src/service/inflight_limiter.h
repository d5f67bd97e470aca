// File: inflight_limiter.h
// -----------------------------------------------------------------------------
// A bound on calls in flight. Beyond it a call fails fast with
// RESOURCE_EXHAUSTED instead of queueing without limit. Calls count from the
// moment gRPC starts them (Arrive/Depart, called by AdmissionInterceptor)
// and, in servers built without the interceptor, while a handler runs
// (TryAcquire).
#ifndef OFFERGRAPH_SERVICE_INFLIGHT_LIMITER_H_
#define OFFERGRAPH_SERVICE_INFLIGHT_LIMITER_H_

#include <atomic>

namespace offergraph {

// Thread safety: lock-free; safe for concurrent use.
class InflightLimiter {
 public:
  // RAII: holds one slot while alive (if acquired()).
  class Slot {
   public:
    explicit Slot(InflightLimiter* owner) : owner_(owner) {}
    Slot(Slot&& other) noexcept : owner_(other.owner_) {
      other.owner_ = nullptr;
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() {
      if (owner_ != nullptr)
        owner_->in_flight_.fetch_sub(1, std::memory_order_relaxed);
    }
    bool acquired() const { return owner_ != nullptr; }

   private:
    InflightLimiter* owner_;
  };

  // `limit` <= 0 means unlimited.
  explicit InflightLimiter(int limit) : limit_(limit) {}

  // A call started (queued or running) / ended.
  void Arrive() { arrived_.fetch_add(1, std::memory_order_relaxed); }
  void Depart() { arrived_.fetch_sub(1, std::memory_order_relaxed); }

  // A handler's admission: refused when more calls than the limit have
  // arrived, or are running handlers.
  Slot TryAcquire() {
    int now = in_flight_.fetch_add(1, std::memory_order_relaxed) + 1;
    if (limit_ > 0 &&
        (now > limit_ || arrived_.load(std::memory_order_relaxed) > limit_)) {
      in_flight_.fetch_sub(1, std::memory_order_relaxed);
      return Slot(nullptr);
    }
    return Slot(this);
  }

  int limit() const { return limit_; }
  int in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  int arrived() const { return arrived_.load(std::memory_order_relaxed); }

 private:
  const int limit_;
  std::atomic<int> in_flight_{0};  // handlers running
  std::atomic<int> arrived_{0};    // calls started and not yet done
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_INFLIGHT_LIMITER_H_
