// File: shared_evidence.h
// -----------------------------------------------------------------------------
// The learner's side of an EvidenceStore: writes this process's new
// evidence into the store's hourly buckets, and reads back everyone's,
// decayed to now by the learning half-life.
//
// Reads are incremental: buckets older than the previous hour no longer
// change, so they are folded once into a cached table (decayed as time
// passes) and only the last two buckets are read again at each refresh. The
// cache is rebuilt from the store once a day and when the half-life changes.
// A bucket decays from its end, so evidence ages in steps of an hour and
// the current hour's counts in full.
//
// A single-process store (RocksDB: EvidenceStore::single_process()) is
// read in full once (and at each daily rebuild); after that nobody but this
// process writes it, so each refresh adds what it wrote itself instead of
// reading the recent hours back, and costs what changed, not what is
// stored. This relies on one SharedEvidence per store, as the server has
// (one learner per ledger).
//
// Failures never lose the model: a write that fails is kept and retried at
// the next refresh; a read that fails keeps the evidence read last (none at
// all, the prior, when nothing could be read yet); counters that are not
// readable (corruption) are skipped and counted. health() says which.
//
// Thread safety: not thread-safe; the Learner calls it under its lock.
// Does not own the store.
#ifndef OFFERGRAPH_LEARN_SHARED_EVIDENCE_H_
#define OFFERGRAPH_LEARN_SHARED_EVIDENCE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "learn/evidence_store.h"
#include "learn/evidence_table.h"

namespace offergraph {

struct TimedObservation {
  Observation observation;
  absl::Time time;
};

struct SharedEvidenceHealth {
  std::string store;  // the store's name
  // False after a failed write or read, until the next success of both.
  bool ok = true;
  std::string error;  // the last failure; empty when ok
  // When evidence was last read in full or in part (InfinitePast: never).
  absl::Time last_read = absl::InfinitePast();
  // Counters skipped because they could not be read (corruption), in the
  // evidence now served, and what was wrong with one of them.
  int64_t corrupt_counters = 0;
  std::string corrupt_example;
  // Observations not written yet (waiting for the next refresh or a retry).
  int64_t unflushed = 0;
  int64_t write_failures = 0;
  int64_t read_failures = 0;
};

class SharedEvidence {
 public:
  // Buckets waiting to be written beyond this are dropped, oldest first.
  static constexpr size_t kMaxUnflushedBuckets = 48;

  // `retention`: how far back evidence is read, and when the store forgets.
  SharedEvidence(EvidenceStore* store, absl::Duration retention);

  // Writes `observations` (raw) into their buckets, with anything a failed
  // write left behind.
  void Write(std::vector<TimedObservation> observations);

  // All evidence in the store within the retention, decayed to `now`.
  EvidenceTable Read(absl::Duration half_life, absl::Time now);

  const SharedEvidenceHealth& health() const { return health_; }

 private:
  void Fail(absl::string_view what, const absl::Status& status);
  // settled_ plus the recent buckets, decayed to `now`.
  EvidenceTable Served(absl::Time now) const;
  // Takes the raw evidence of the buckets after settled_through_ (read back,
  // or known from writes): hours before the previous one are settled into
  // settled_, the last two become recent_.
  void Fold(std::map<int64_t, EvidenceTable> fresh, int64_t current,
            absl::Time now);
  double Weight(int64_t bucket, absl::Time now) const;

  EvidenceStore* const store_;
  const absl::Duration retention_;
  SharedEvidenceHealth health_;

  // Raw evidence per bucket not yet written.
  std::map<int64_t, EvidenceTable> unflushed_;
  int64_t unflushed_count_ = 0;

  // Buckets up to settled_through_, decayed to settled_time_.
  EvidenceTable settled_;
  int64_t settled_corrupt_ = 0;
  int64_t settled_through_ = 0;
  absl::Time settled_time_;
  absl::Time settled_since_ = absl::InfinitePast();  // when it was rebuilt
  absl::Duration half_life_ = absl::ZeroDuration();
  bool settled_valid_ = false;
  // Raw evidence of the buckets after settled_through_ (read every time,
  // but from a single-process store, kept and added to).
  std::map<int64_t, EvidenceTable> recent_;
  int64_t recent_corrupt_ = 0;
  // Single-process store: raw evidence written since the last Read().
  std::map<int64_t, EvidenceTable> written_;
  int64_t dropped_before_ = 0;  // buckets before this were dropped
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_SHARED_EVIDENCE_H_
