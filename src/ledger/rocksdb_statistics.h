// File: rocksdb_statistics.h
// -----------------------------------------------------------------------------
// Opens the RocksDB ledger with RocksDB's own statistics collected, for
// tests that check how the store writes (e.g. that concurrent writers share
// group commits instead of taking turns).
#ifndef OFFERGRAPH_LEDGER_ROCKSDB_STATISTICS_H_
#define OFFERGRAPH_LEDGER_ROCKSDB_STATISTICS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/offer_ledger.h"
#include "rocksdb/statistics.h"

namespace offergraph {

// As NewRocksDbLedger; RocksDB records its tickers into `statistics` (may be
// null: none).
absl::StatusOr<std::unique_ptr<OfferLedger>> NewRocksDbLedgerWithStatistics(
    absl::string_view dir, const LedgerOptions& options,
    std::shared_ptr<rocksdb::Statistics> statistics);

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_ROCKSDB_STATISTICS_H_
