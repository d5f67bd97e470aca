// File: learner.h
// -----------------------------------------------------------------------------
// Turns reported outcomes into acceptance evidence and the evidence into
// propensity models (issue 11's "Where the learning lives", in process).
//
// Forgetting without touching every count: an observation at time t adds
// weight 2^((t - t0) / half_life), growing with time, and Build() scales the
// copy it builds from by 2^(-(now - t0) / half_life), so every count comes out
// decayed to `now`. When the weights grow large (or the half-life changes) the
// table is rescaled once and t0 moves to now.
//
// With an EvidenceStore (RocksDB, Redis) the evidence lives there instead:
// each Build() writes the outcomes observed since the last one into the
// store and reads everyone's back (shared_evidence.h), so replicas learn
// from each other and a restart keeps what was learned. Outcomes observed
// after the last Build() reach the store at the next one or at Flush().
//
// Thread safety: all methods are safe to call concurrently. Observe() (on the
// request path) only appends to a pending list under a short lock; Build()
// takes the pending list in O(1), folds it into the table (or the store) and
// builds, under a second lock that Observe() never takes.
#ifndef OFFERGRAPH_LEARN_LEARNER_H_
#define OFFERGRAPH_LEARN_LEARNER_H_

#include <memory>
#include <optional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/time/time.h"
#include "learn/evidence_store.h"
#include "learn/evidence_table.h"
#include "learn/propensity_model.h"
#include "learn/shared_evidence.h"
#include "offergraph/learning_params.h"
#include "util/mutex.h"

namespace offergraph {

// What the ledger knows about an outcome that updates the model: the
// decision's logged context for the offer, and whether an earlier outcome
// already counted the showing.
struct OutcomeEvidence {
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  v1::OfferKind kind = v1::OFFER_KIND_UNSPECIFIED;
  std::string sku;
  ContextFeatures features;
  double affinity = 0;
  double model_score = 0;
  double prior_score = 0;
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
  // True when an earlier outcome of the same offer of the same decision was
  // recorded (then this one does not count a new showing).
  bool already_presented = false;
};

// The Observation an outcome contributes (presented once per offer of a
// decision: an ACCEPTED or DECLINED without PRESENTED counts as presented).
Observation ObservationFor(const OutcomeEvidence& outcome);

class Learner {
 public:
  // Pending observations beyond this are dropped (and counted) until the
  // next Build().
  static constexpr size_t kMaxPending = 1 << 20;

  explicit Learner(absl::Time start);
  // Keeps evidence in `store` (not owned; must outlive the learner), read
  // back as far as the store's retention.
  Learner(absl::Time start, EvidenceStore* store);

  // Queues `outcome`'s evidence as of `now`; the next Build() counts it.
  void Observe(const OutcomeEvidence& outcome, absl::Time now)
      ABSL_LOCKS_EXCLUDED(mu_);

  // Folds the queued outcomes in and returns the evidence decayed to `now`
  // with `half_life`.
  EvidenceTable Evidence(absl::Duration half_life, absl::Time now)
      ABSL_LOCKS_EXCLUDED(mu_, table_mu_);

  // A model from the evidence decayed to `now`, under `params`.
  PropensityModelPtr Build(const LearningParams& params, absl::Time now)
      ABSL_LOCKS_EXCLUDED(mu_, table_mu_);

  // Writes the queued outcomes to the store now (at shutdown); without a
  // store, does nothing.
  void Flush() ABSL_LOCKS_EXCLUDED(mu_, table_mu_);

  // The store's state; nullopt without a store.
  std::optional<SharedEvidenceHealth> store_health() const
      ABSL_LOCKS_EXCLUDED(table_mu_);

  // Outcomes observed so far, and those dropped because too many were
  // pending.
  int64_t observed() const ABSL_LOCKS_EXCLUDED(mu_);
  int64_t dropped() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  using Pending = TimedObservation;
  std::vector<Pending> TakePending() ABSL_LOCKS_EXCLUDED(mu_);
  static double Weight(absl::Duration half_life, absl::Time t0, absl::Time t);

  mutable Mutex mu_;
  std::vector<Pending> pending_ ABSL_GUARDED_BY(mu_);
  int64_t observed_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t dropped_ ABSL_GUARDED_BY(mu_) = 0;

  mutable Mutex table_mu_ ABSL_ACQUIRED_AFTER(mu_);
  // With a store: the evidence is there, and table_ stays empty.
  std::unique_ptr<SharedEvidence> shared_ ABSL_GUARDED_BY(table_mu_);
  // Counts weighted by Weight(half_life_, t0_, time of the outcome).
  EvidenceTable table_ ABSL_GUARDED_BY(table_mu_);
  absl::Time t0_ ABSL_GUARDED_BY(table_mu_);
  absl::Duration half_life_ ABSL_GUARDED_BY(table_mu_) =
      absl::InfiniteDuration();
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_LEARNER_H_
