// File: call_deadline.h
// -----------------------------------------------------------------------------
// The deadline of the request a ledger call serves, for stores that wait on
// the network: a store bounds each call by the earlier of this deadline and
// its own timeout, and returns DEADLINE_EXCEEDED without sending anything
// once it has passed. Set for the calling thread by the request path.
//
// Example:
//   ScopedLedgerDeadline bound(request_deadline);
//   absl::StatusOr<ContactHistory> h = ledger->GetHistory(key, now);
#ifndef OFFERGRAPH_LEDGER_CALL_DEADLINE_H_
#define OFFERGRAPH_LEDGER_CALL_DEADLINE_H_

#include "absl/time/time.h"

namespace offergraph {

// The calling thread's ledger call deadline; InfiniteFuture when none is set.
absl::Time LedgerCallDeadline();

// Sets the calling thread's ledger call deadline for its scope (restoring the
// previous one after). Not copyable; use on one thread.
class ScopedLedgerDeadline {
 public:
  explicit ScopedLedgerDeadline(absl::Time deadline);
  ~ScopedLedgerDeadline();
  ScopedLedgerDeadline(const ScopedLedgerDeadline&) = delete;
  ScopedLedgerDeadline& operator=(const ScopedLedgerDeadline&) = delete;

 private:
  const absl::Time previous_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_CALL_DEADLINE_H_
