// File: redis_evidence_store.h
// -----------------------------------------------------------------------------
// Acceptance evidence (learn/evidence_store.h) in the Redis of a fleet: one
// hash per hourly bucket, "<prefix>v:<bucket>", field = the counter's field,
// value = its count, grown with HINCRBY. An Add is one MULTI/EXEC, so a
// replica's delta lands whole or not at all, and each bucket expires
// (PEXPIRE) one retention after its last add.
//
// It has a connection of its own, with a longer command timeout than the
// request path's (a bucket of a busy hour is a large hash): only the model
// refresher uses it. A timeout after Redis applied an Add makes the retry
// count that delta twice; the learner's half-life washes such a slip out.
//
// Thread safety: thread-safe (a pool of connections).
#ifndef OFFERGRAPH_LEDGER_REDIS_EVIDENCE_STORE_H_
#define OFFERGRAPH_LEDGER_REDIS_EVIDENCE_STORE_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "learn/evidence_store.h"
#include "ledger/offer_ledger.h"
#include "ledger/redis_client.h"

namespace offergraph {

class RedisEvidenceStore final : public EvidenceStore {
 public:
  // The shortest command timeout the store uses, whatever the ledger's.
  static constexpr absl::Duration kMinCommandTimeout = absl::Seconds(5);

  RedisEvidenceStore(std::string host, int port, const LedgerOptions& options);

  absl::string_view name() const override { return "redis"; }
  absl::Duration retention() const override { return retention_; }
  absl::Status Add(int64_t bucket,
                   const std::vector<EvidenceCounter>& counters) override;
  absl::Status Scan(int64_t first, int64_t last,
                    const Visitor& visit) override;
  // Redis expires old buckets by itself.
  absl::Status DropBefore(int64_t) override { return absl::OkStatus(); }

 private:
  std::string Key(int64_t bucket) const;

  const absl::Duration retention_;
  const std::string prefix_;
  const std::string ttl_ms_;
  RedisClient redis_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_REDIS_EVIDENCE_STORE_H_
