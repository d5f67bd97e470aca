// File: rocksdb_write.h
// -----------------------------------------------------------------------------
// What every RocksDB store of ours shares: RocksDB statuses as absl::Status
// (UNAVAILABLE for a locked directory, busy or timed-out calls; INTERNAL
// otherwise), and a batch write that ThreadSanitizer builds can check.
//
// Under ThreadSanitizer the accesses made inside DB::Write are ignored: the
// group commit's leader copies the followers' batches (and reuses its own
// buffers) inside Debian's uninstrumented librocksdb, which hands them over
// with atomics TSan cannot see, so every group commit looked like a race on
// the batches' memory. No suppression entry can name these reports: TSan
// records no frames of uninstrumented code, so they show only libstdc++'s
// string code under our calling line. What stays checked: everything before
// and after the call, and our merge operators and compaction filter on the
// read and compaction paths (inside Write, RocksDB may run a merge operator,
// which is stateless: it reads its operands and writes its result).
#ifndef OFFERGRAPH_LEDGER_ROCKSDB_WRITE_H_
#define OFFERGRAPH_LEDGER_ROCKSDB_WRITE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace offergraph {

absl::Status RocksDbStatus(const rocksdb::Status& s, absl::string_view what);

// Writes `batch`; concurrent writers share RocksDB's group commit.
absl::Status RocksDbWrite(rocksdb::DB* db, const rocksdb::WriteOptions& wo,
                          rocksdb::WriteBatch* batch, absl::string_view what);

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_ROCKSDB_WRITE_H_
