// File: memory_ledger.h
// -----------------------------------------------------------------------------
// An OfferLedger that keeps everything in process memory. For tests and
// throwaway single processes: history is lost on restart.
//
// Memory stays bounded in long runs: every write also retires up to a few
// records that have passed the retention (decisions, histories, the index of
// a contact's decisions), oldest first, so what is held is what was written
// within the retention plus a backlog that each write shrinks. There is no
// pass over a whole shard on the request path. Time is the records' own
// (the newest a shard has seen), not a clock of the ledger's.
#ifndef OFFERGRAPH_LEDGER_MEMORY_LEDGER_H_
#define OFFERGRAPH_LEDGER_MEMORY_LEDGER_H_

#include <cstdint>
#include <memory>

#include "ledger/offer_ledger.h"

namespace offergraph {

// The in-memory OfferLedger. Thread-safe (sharded mutexes).
class MemoryLedger : public OfferLedger {
 public:
  // What the ledger holds, summed over its shards.
  struct Stats {
    int64_t decisions = 0;
    int64_t histories = 0;         // contact keys with a history
    int64_t indexed_contacts = 0;  // contact keys with a decision index
    int64_t states = 0;            // customers with a non-default state
    int64_t pending_expiries = 0;  // records waiting to be retired
  };
  virtual Stats stats() = 0;
};

// Returns a new in-memory ledger.
std::unique_ptr<MemoryLedger> NewMemoryLedger(const LedgerOptions& options);

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_MEMORY_LEDGER_H_
