// File: ledger_pool.h
// -----------------------------------------------------------------------------
// A few threads dedicated to ledger calls, so that gRPC's callback threads
// never wait on a store: a handler hands its work here and returns, and the
// work finishes the call's reactor when it is done. A store that hangs ties
// up these threads (each call bounded by its request's deadline and the
// store's timeout), not the ones serving health checks and other calls.
#ifndef OFFERGRAPH_SERVICE_LEDGER_POOL_H_
#define OFFERGRAPH_SERVICE_LEDGER_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "util/mutex.h"

namespace offergraph {

// Runs submitted work in FIFO order on `threads` threads. The destructor
// runs what is queued, then joins. Thread safety: Submit is safe to call
// concurrently.
class LedgerPool {
 public:
  explicit LedgerPool(int threads);
  ~LedgerPool();
  LedgerPool(const LedgerPool&) = delete;
  LedgerPool& operator=(const LedgerPool&) = delete;

  void Submit(std::function<void()> work) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Run() ABSL_LOCKS_EXCLUDED(mu_);

  Mutex mu_;
  CondVar work_cv_;  // signalled when queue_ grows or stopping_ is set
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_LEDGER_POOL_H_
