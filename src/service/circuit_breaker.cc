#include "service/circuit_breaker.h"

namespace offergraph {

bool CircuitBreaker::Allow() {
  if (state() == State::kClosed) return true;  // the common case
  MutexLock lock(&mu_);
  switch (state_.load(std::memory_order_relaxed)) {
    case State::kClosed:
      return true;
    case State::kOpen:
      if (clock_() < opened_at_ + options_.cool_down) return false;
      Enter(State::kHalfOpen);
      trial_in_flight_ = true;
      return true;
    case State::kHalfOpen:
      if (trial_in_flight_) return false;
      trial_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::Record(bool ok) {
  if (ok && state() == State::kClosed &&
      failures_.load(std::memory_order_relaxed) == 0) {
    return;  // the common case
  }
  MutexLock lock(&mu_);
  switch (state_.load(std::memory_order_relaxed)) {
    case State::kClosed:
      if (ok) {
        failures_.store(0, std::memory_order_relaxed);
      } else if (failures_.fetch_add(1, std::memory_order_relaxed) + 1 >=
                 options_.failure_threshold) {
        opened_at_ = clock_();
        Enter(State::kOpen);
      }
      return;
    case State::kOpen:
      return;  // a call allowed before it opened; the cool-down stands
    case State::kHalfOpen:
      trial_in_flight_ = false;
      if (ok) {
        Enter(State::kClosed);
      } else {
        opened_at_ = clock_();
        Enter(State::kOpen);
      }
      return;
  }
}

void CircuitBreaker::Enter(State state) {
  failures_.store(0, std::memory_order_relaxed);
  state_.store(state, std::memory_order_release);
  if (listener_) listener_(state);
}

}  // namespace offergraph
