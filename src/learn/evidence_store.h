// File: evidence_store.h
// -----------------------------------------------------------------------------
// Where acceptance evidence outlives the process and is shared by a fleet:
// named integer counters (evidence_codec.h) in hourly buckets. Replicas add
// their deltas; every replica reads the same sums, so each learns from every
// replica's outcomes, and a restart reads back what was learned.
//
// Buckets are hours since the Unix epoch, by the time the outcome was
// observed. Only the current hour (and, around the turn of the hour, the
// previous one) receives adds, so a reader caches older buckets.
//
// Implementations live with the ledger they share a database with
// (ledger/rocksdb_evidence_store.h, ledger/redis_evidence_store.h). Thread
// safety: every implementation is safe for concurrent use.
#ifndef OFFERGRAPH_LEARN_EVIDENCE_STORE_H_
#define OFFERGRAPH_LEARN_EVIDENCE_STORE_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "learn/evidence_codec.h"

namespace offergraph {

inline constexpr absl::Duration kEvidenceBucketWidth = absl::Hours(1);

// The bucket of time t, and the end of a bucket (the time its evidence is
// decayed from: an hour's evidence counts in full until the hour is over).
int64_t EvidenceBucketOf(absl::Time t);
absl::Time EvidenceBucketEnd(int64_t bucket);

class EvidenceStore {
 public:
  // Called for every counter read: its bucket, field and value, or
  // INVALID_ARGUMENT when the stored value is not a count (corruption).
  using Visitor =
      std::function<void(int64_t bucket, absl::string_view field,
                         const absl::StatusOr<int64_t>& value)>;

  virtual ~EvidenceStore() = default;

  // "rocksdb" or "redis", for status and logs.
  virtual absl::string_view name() const = 0;

  // Adds every counter to bucket `bucket`, atomically per call. Returns once
  // the adds are stored as durably as the ledger's own writes.
  virtual absl::Status Add(int64_t bucket,
                           const std::vector<EvidenceCounter>& counters) = 0;

  // Visits every counter of the buckets in [first, last], in bucket order.
  virtual absl::Status Scan(int64_t first, int64_t last,
                            const Visitor& visit) = 0;

  // How long the store keeps evidence (the ledger's retention).
  virtual absl::Duration retention() const = 0;

  // True when no other process can write the store while this one holds it
  // (RocksDB: the database's lock file), so a reader that is also the only
  // writer knows every change without reading it back.
  virtual bool single_process() const { return false; }

  // Forgets the buckets before `first` (retention).
  virtual absl::Status DropBefore(int64_t first) = 0;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_EVIDENCE_STORE_H_
