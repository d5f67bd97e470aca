// File: memory_ledger.h
// -----------------------------------------------------------------------------
// An OfferLedger that keeps everything in process memory. For tests and
// throwaway single processes: history is lost on restart.
#ifndef OFFERGRAPH_LEDGER_MEMORY_LEDGER_H_
#define OFFERGRAPH_LEDGER_MEMORY_LEDGER_H_

#include <memory>

#include "offergraph/ledger/offer_ledger.h"

namespace offergraph {

// Returns a new in-memory ledger. Thread-safe (sharded mutexes).
std::unique_ptr<OfferLedger> NewMemoryLedger(const LedgerOptions& options);

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_MEMORY_LEDGER_H_
