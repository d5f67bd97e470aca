// File: rocksdb_ledger.h
// -----------------------------------------------------------------------------
// The durable OfferLedger: RocksDB in a local directory, one process at a
// time (RocksDB locks the directory).
//
// Durability: a write returns once it is in RocksDB's write-ahead log. With
// LedgerOptions.fsync = false that survives the process being killed; with
// fsync = true it also survives power loss (one fsync per write).
// Retention: reads ignore records older than the retention, and compaction
// drops them from disk (every file is compacted at least daily), judging age
// by the wall clock.
// Cost: a contact key's history and state are one value that writes append
// to (RocksDB merge), so GetHistory is one point lookup, and an unknown key
// is usually answered by bloom filters without reading a data block.
#ifndef OFFERGRAPH_LEDGER_ROCKSDB_LEDGER_H_
#define OFFERGRAPH_LEDGER_ROCKSDB_LEDGER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/offer_ledger.h"

namespace offergraph {

// Opens (creating when missing) the ledger in `dir`. Thread-safe. Returns
// UNAVAILABLE when the directory is locked by another process, INTERNAL for
// other RocksDB errors.
absl::StatusOr<std::unique_ptr<OfferLedger>> NewRocksDbLedger(
    absl::string_view dir, const LedgerOptions& options);

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_ROCKSDB_LEDGER_H_
