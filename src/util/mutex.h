// File: mutex.h
// -----------------------------------------------------------------------------
// offergraph::Mutex, MutexLock and CondVar: std::mutex and
// std::condition_variable with Abseil's thread-safety annotations, so clang's
// -Wthread-safety checks ABSL_GUARDED_BY as it would with absl::Mutex.
//
// Why not absl::Mutex: Debian's Abseil is a prebuilt shared library not
// compiled with ThreadSanitizer, so its lock operations are invisible to TSan
// and every access it guards is reported as a race. std::mutex goes through
// pthread, which TSan intercepts, so the concurrency tests run clean under
// TSan without suppressing our own code.
//
// Example:
//   Mutex mu_;
//   int count_ ABSL_GUARDED_BY(mu_);
//   void Add() { MutexLock lock(&mu_); ++count_; }
#ifndef OFFERGRAPH_UTIL_MUTEX_H_
#define OFFERGRAPH_UTIL_MUTEX_H_

#include <condition_variable>
#include <mutex>

#include "absl/base/thread_annotations.h"
#include "absl/time/time.h"

namespace offergraph {

class ABSL_LOCKABLE Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION() { mu_.unlock(); }

 private:
  friend class CondVar;
  std::mutex mu_;
};

// Holds a Mutex for its scope.
class ABSL_SCOPED_LOCKABLE MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) {
    mu_->Lock();
  }
  ~MutexLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

// Waits on a Mutex the caller holds.
class CondVar {
 public:
  // Releases `mu` while waiting; holds it again on return. May wake
  // spuriously: call in a loop that re-checks the condition.
  void Wait(Mutex* mu) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();
  }
  // Like Wait, until `deadline` at the latest; returns false when the
  // deadline passed.
  bool WaitWithDeadline(Mutex* mu, absl::Time deadline)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    const bool signalled = cv_.wait_until(lock, absl::ToChronoTime(deadline)) ==
                           std::cv_status::no_timeout;
    lock.release();
    return signalled;
  }
  void SignalAll() { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_UTIL_MUTEX_H_
