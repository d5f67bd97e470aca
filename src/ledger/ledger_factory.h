// File: ledger_factory.h
// -----------------------------------------------------------------------------
// Opens the OfferLedger the server's flags ask for.
#ifndef OFFERGRAPH_LEDGER_LEDGER_FACTORY_H_
#define OFFERGRAPH_LEDGER_LEDGER_FACTORY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "ledger/offer_ledger.h"

namespace offergraph {

struct LedgerConfig {
  // "memory", "rocksdb" or "redis".
  std::string store = "memory";
  // RocksDB directory (created when missing).
  std::string dir;
  // Redis "host:port".
  std::string redis_address = "127.0.0.1:6379";
  LedgerOptions options;
};

// Returns the opened store, or INVALID_ARGUMENT for an unknown store name,
// or the store's own error when it cannot be opened.
absl::StatusOr<std::unique_ptr<OfferLedger>> OpenLedger(
    const LedgerConfig& config);

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_LEDGER_FACTORY_H_
