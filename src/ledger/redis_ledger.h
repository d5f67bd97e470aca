// File: redis_ledger.h
// -----------------------------------------------------------------------------
// An OfferLedger in Redis, shared by a fleet of servers. Every key but a
// customer's standing state carries a TTL of the retention, so Redis forgets
// old history by itself; reads also ignore records past the retention.
// Needs a single Redis (or a primary), not Redis Cluster: updates that touch
// several keys run as one MULTI/EXEC or Lua script.
//
// When Redis cannot be reached or does not answer within
// LedgerOptions.redis_connect_timeout / redis_command_timeout, calls return
// UNAVAILABLE; the caller decides to fail open or closed. Broken connections
// are dropped and new ones opened on the next call, so the ledger recovers
// when Redis comes back.
#ifndef OFFERGRAPH_LEDGER_REDIS_LEDGER_H_
#define OFFERGRAPH_LEDGER_REDIS_LEDGER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/offer_ledger.h"

namespace offergraph {

// Returns a ledger on the Redis at host:port. Thread-safe (a pool of
// connections). Connects lazily: an unreachable Redis is not an error here
// but UNAVAILABLE on each call until it is reachable. Ignores SIGPIPE for the
// process (if it was at its default) so a write to a dead connection fails
// instead of killing the process.
absl::StatusOr<std::unique_ptr<OfferLedger>> NewRedisLedger(
    absl::string_view host, int port, const LedgerOptions& options);

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_REDIS_LEDGER_H_
