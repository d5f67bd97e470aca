#include "ledger/call_deadline.h"

namespace offergraph {
namespace {

thread_local absl::Time call_deadline = absl::InfiniteFuture();

}  // namespace

absl::Time LedgerCallDeadline() { return call_deadline; }

ScopedLedgerDeadline::ScopedLedgerDeadline(absl::Time deadline)
    : previous_(call_deadline) {
  call_deadline = deadline;
}

ScopedLedgerDeadline::~ScopedLedgerDeadline() { call_deadline = previous_; }

}  // namespace offergraph
