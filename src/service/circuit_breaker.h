// File: circuit_breaker.h
// -----------------------------------------------------------------------------
// A circuit breaker in front of a store: after `failure_threshold` failed
// calls in a row it opens and refuses calls at once (no waiting for a store
// that is down) for `cool_down`; then it lets one trial call through
// (half-open), whose result closes it again or reopens it for another
// cool-down.
//
// Example:
//   if (!breaker.Allow()) return absl::UnavailableError("circuit open");
//   absl::Status s = store->Call();
//   breaker.Record(!IsStoreFailure(s));
#ifndef OFFERGRAPH_SERVICE_CIRCUIT_BREAKER_H_
#define OFFERGRAPH_SERVICE_CIRCUIT_BREAKER_H_

#include <atomic>
#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "util/mutex.h"

namespace offergraph {

// Thread safety: all methods are safe to call concurrently. Allow and Record
// take no lock while the circuit is closed and calls succeed; the listener
// runs under the breaker's lock, one transition at a time, and must not call
// back into the breaker.
class CircuitBreaker {
 public:
  // The values are the offergraph_ledger_circuit_state gauge's.
  enum class State { kClosed = 0, kOpen = 1, kHalfOpen = 2 };

  struct Options {
    // Failed calls in a row that open the circuit; >= 1.
    int failure_threshold = 5;
    // How long an open circuit refuses calls before it lets one trial call
    // through; > 0.
    absl::Duration cool_down = absl::Seconds(5);
  };

  using Clock = std::function<absl::Time()>;
  // Called with each new state.
  using Listener = std::function<void(State)>;

  explicit CircuitBreaker(Options options, Clock clock = &absl::Now,
                          Listener listener = nullptr)
      : options_(options),
        clock_(std::move(clock)),
        listener_(std::move(listener)) {}

  // Returns whether a call may go to the store now: always while closed;
  // while open, not until the cool-down has passed, then for one trial call
  // (the circuit turns half-open) and not for others until it reports.
  bool Allow() ABSL_LOCKS_EXCLUDED(mu_);

  // Reports how an allowed call went (`ok`: the store answered).
  void Record(bool ok) ABSL_LOCKS_EXCLUDED(mu_);

  State state() const { return state_.load(std::memory_order_acquire); }

 private:
  void Enter(State state) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Options options_;
  const Clock clock_;
  const Listener listener_;
  Mutex mu_;
  // Written only under mu_; read without it on the fast paths.
  std::atomic<State> state_{State::kClosed};
  std::atomic<int> failures_{0};  // in a row, while closed
  absl::Time opened_at_ ABSL_GUARDED_BY(mu_);
  bool trial_in_flight_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_CIRCUIT_BREAKER_H_
