// File: rocksdb_evidence_store.h
// -----------------------------------------------------------------------------
// Acceptance evidence (learn/evidence_store.h) in the RocksDB ledger's
// database, in a column family of its own ("evidence") whose merge operator
// is RocksDB's built-in uint64add: a key is the bucket (8 bytes, big-endian,
// so buckets sort in time order) followed by the counter's field; a value is
// a little-endian uint64. Adds are merges written in one batch, as durable
// as the ledger's writes (LedgerOptions.fsync).
//
// Thread safety: thread-safe (RocksDB is). Does not own the database or the
// column family; they must outlive it.
#ifndef OFFERGRAPH_LEDGER_ROCKSDB_EVIDENCE_STORE_H_
#define OFFERGRAPH_LEDGER_ROCKSDB_EVIDENCE_STORE_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "learn/evidence_store.h"
#include "rocksdb/db.h"

namespace offergraph {

inline constexpr char kEvidenceColumnFamily[] = "evidence";

// The options of the evidence column family (its merge operator);
// INTERNAL when RocksDB lacks the built-in operator.
absl::StatusOr<rocksdb::ColumnFamilyOptions> EvidenceColumnFamilyOptions();

class RocksDbEvidenceStore final : public EvidenceStore {
 public:
  RocksDbEvidenceStore(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                       rocksdb::WriteOptions write, absl::Duration retention);

  absl::string_view name() const override { return "rocksdb"; }
  absl::Duration retention() const override { return retention_; }
  // One process opens a RocksDB database at a time (its LOCK file).
  bool single_process() const override { return true; }
  absl::Status Add(int64_t bucket,
                   const std::vector<EvidenceCounter>& counters) override;
  absl::Status Scan(int64_t first, int64_t last,
                    const Visitor& visit) override;
  absl::Status DropBefore(int64_t first) override;

 private:
  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const family_;
  const rocksdb::WriteOptions write_;
  const absl::Duration retention_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_ROCKSDB_EVIDENCE_STORE_H_
