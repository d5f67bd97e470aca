#include "learn/learner.h"

#include <algorithm>
#include <cmath>

namespace offergraph {
namespace {

// Weights above this (about 2^60, 60 half-lives after t0) trigger a rebase.
constexpr double kMaxWeight = 1e18;

}  // namespace

Observation ObservationFor(const OutcomeEvidence& outcome) {
  Observation o;
  o.channel = outcome.channel;
  o.kind = outcome.kind;
  o.sku = outcome.sku;
  o.features = outcome.features;
  o.affinity = outcome.affinity;
  o.model_score = outcome.model_score;
  o.prior_score = outcome.prior_score;
  o.presented = outcome.already_presented ? 0 : 1;
  o.accepted = outcome.outcome == v1::ACCEPTED ? 1 : 0;
  return o;
}

Learner::Learner(absl::Time start) : t0_(start) {}

Learner::Learner(absl::Time start, EvidenceStore* store)
    : shared_(std::make_unique<SharedEvidence>(store, store->retention())),
      t0_(start) {}

double Learner::Weight(absl::Duration half_life, absl::Time t0, absl::Time t) {
  if (half_life == absl::InfiniteDuration() ||
      half_life <= absl::ZeroDuration()) {
    return 1.0;
  }
  return std::exp2(absl::FDivDuration(t - t0, half_life));
}

void Learner::Observe(const OutcomeEvidence& outcome, absl::Time now) {
  Observation o = ObservationFor(outcome);
  MutexLock lock(&mu_);
  ++observed_;
  if (pending_.size() >= kMaxPending) {
    ++dropped_;
    return;
  }
  pending_.push_back({std::move(o), now});
}

std::vector<Learner::Pending> Learner::TakePending() {
  std::vector<Pending> pending;
  MutexLock lock(&mu_);
  pending.swap(pending_);
  return pending;
}

void Learner::Flush() {
  std::vector<Pending> pending = TakePending();
  MutexLock lock(&table_mu_);
  if (shared_ != nullptr) shared_->Write(std::move(pending));
}

std::optional<SharedEvidenceHealth> Learner::store_health() const {
  MutexLock lock(&table_mu_);
  if (shared_ == nullptr) return std::nullopt;
  return shared_->health();
}

EvidenceTable Learner::Evidence(absl::Duration half_life, absl::Time now) {
  std::vector<Pending> pending = TakePending();
  MutexLock lock(&table_mu_);
  if (shared_ != nullptr) {
    shared_->Write(std::move(pending));
    return shared_->Read(half_life, now);
  }
  if (half_life != half_life_ || Weight(half_life_, t0_, now) > kMaxWeight) {
    // Decay to `now` under the half-life the weights were written with, then
    // weigh from `now` on with the new one.
    table_.Decay(1.0 / std::max(1.0, Weight(half_life_, t0_, now)));
    t0_ = now;
    half_life_ = half_life;
  }
  for (Pending& p : pending) {
    // An outcome older than t0 (clock skew) counts at full weight.
    const double w = std::max(1.0, Weight(half_life_, t0_, p.time));
    p.observation.presented *= w;
    p.observation.accepted *= w;
    table_.Add(p.observation);
  }
  EvidenceTable copy = table_;
  copy.Decay(1.0 / std::max(1.0, Weight(half_life_, t0_, now)));
  return copy;
}

PropensityModelPtr Learner::Build(const LearningParams& params,
                                  absl::Time now) {
  return PropensityModel::Build(Evidence(params.half_life, now), params, now);
}

int64_t Learner::observed() const {
  MutexLock lock(&mu_);
  return observed_;
}

int64_t Learner::dropped() const {
  MutexLock lock(&mu_);
  return dropped_;
}

}  // namespace offergraph
