// File: log_throttle.h
// -----------------------------------------------------------------------------
// Lets a warning through at most once per interval, so a failing dependency
// on the request path cannot flood the logs. Counts what it held back.
#ifndef OFFERGRAPH_OBSERVABILITY_LOG_THROTTLE_H_
#define OFFERGRAPH_OBSERVABILITY_LOG_THROTTLE_H_

#include <atomic>
#include <cstdint>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace offergraph {

// Thread safety: safe to call concurrently (lock-free).
class LogThrottle {
 public:
  explicit LogThrottle(absl::Duration interval)
      : interval_ns_(absl::ToInt64Nanoseconds(interval)) {}

  // Returns true when the caller should log now; then *suppressed holds how
  // many calls were held back since the last true.
  bool ShouldLog(int64_t* suppressed) {
    int64_t now = absl::GetCurrentTimeNanos();
    int64_t last = last_ns_.load(std::memory_order_relaxed);
    if (now - last >= interval_ns_ &&
        last_ns_.compare_exchange_strong(last, now)) {
      *suppressed = held_.exchange(0);
      return true;
    }
    held_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }

 private:
  const int64_t interval_ns_;
  std::atomic<int64_t> last_ns_{INT64_MIN / 2};
  std::atomic<int64_t> held_{0};
};

}  // namespace offergraph

#endif  // OFFERGRAPH_OBSERVABILITY_LOG_THROTTLE_H_
