#include "learn/shared_evidence.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"

namespace offergraph {
namespace {

// The cache is rebuilt from the store this often, so that buckets past the
// retention leave it and nothing drifts.
constexpr absl::Duration kRebuildEvery = absl::Hours(24);

double DecayFactor(absl::Duration age, absl::Duration half_life) {
  if (half_life == absl::InfiniteDuration() ||
      half_life <= absl::ZeroDuration() || age <= absl::ZeroDuration()) {
    return 1.0;
  }
  return std::exp2(-absl::FDivDuration(age, half_life));
}

}  // namespace

int64_t EvidenceBucketOf(absl::Time t) {
  return absl::ToInt64Seconds(t - absl::UnixEpoch()) /
             absl::ToInt64Seconds(kEvidenceBucketWidth) -
         (t < absl::UnixEpoch() ? 1 : 0);
}

absl::Time EvidenceBucketEnd(int64_t bucket) {
  return absl::UnixEpoch() + (bucket + 1) * kEvidenceBucketWidth;
}

SharedEvidence::SharedEvidence(EvidenceStore* store, absl::Duration retention)
    : store_(store), retention_(retention) {
  health_.store = std::string(store->name());
}

void SharedEvidence::Fail(absl::string_view what, const absl::Status& status) {
  health_.ok = false;
  health_.error = absl::StrCat(what, ": ", status.message());
}

void SharedEvidence::Write(std::vector<TimedObservation> observations) {
  for (TimedObservation& o : observations) {
    unflushed_[EvidenceBucketOf(o.time)].Add(o.observation);
    ++unflushed_count_;
  }
  while (unflushed_.size() > kMaxUnflushedBuckets) {
    unflushed_.erase(unflushed_.begin());
  }
  bool failed = false;
  for (auto it = unflushed_.begin(); it != unflushed_.end();) {
    absl::Status s = store_->Add(it->first, EvidenceCodec::Encode(it->second));
    if (!s.ok()) {
      ++health_.write_failures;
      Fail("writing evidence", s);
      failed = true;
      break;
    }
    if (store_->single_process()) {  // Read() folds it in without a scan
      auto [written, first] = written_.try_emplace(it->first);
      if (first) {
        written->second = std::move(it->second);
      } else {
        written->second.Merge(it->second);
      }
    }
    it = unflushed_.erase(it);
  }
  if (unflushed_.empty()) unflushed_count_ = 0;
  health_.unflushed = unflushed_count_;
  if (!failed && health_.error.rfind("writing", 0) == 0) {
    health_.ok = true;
    health_.error.clear();
  }
}

double SharedEvidence::Weight(int64_t bucket, absl::Time now) const {
  return DecayFactor(now - EvidenceBucketEnd(bucket), half_life_);
}

EvidenceTable SharedEvidence::Served(absl::Time now) const {
  EvidenceTable out = settled_;
  out.Decay(DecayFactor(now - settled_time_, half_life_));
  for (const auto& [bucket, raw] : recent_) out.Merge(raw, Weight(bucket, now));
  return out;
}

void SharedEvidence::Fold(std::map<int64_t, EvidenceTable> fresh,
                          int64_t current, absl::Time now) {
  recent_.clear();
  for (auto& [bucket, raw] : fresh) {
    if (bucket >= current - 1) {
      recent_[bucket] = std::move(raw);
      continue;
    }
    // Settled for good: decay the cache to now (only when it changes, so a
    // refresh does not touch every offer) and add the bucket at its weight.
    if (settled_time_ != now) {
      settled_.Decay(DecayFactor(now - settled_time_, half_life_));
      settled_time_ = now;
    }
    settled_.Merge(raw, Weight(bucket, now));
  }
  settled_through_ = std::max(settled_through_, current - 2);
  settled_valid_ = true;
  health_.last_read = now;
  if (health_.error.rfind("reading", 0) == 0) {
    health_.ok = true;
    health_.error.clear();
  }
}

EvidenceTable SharedEvidence::Read(absl::Duration half_life, absl::Time now) {
  const int64_t current = EvidenceBucketOf(now);
  const int64_t oldest = EvidenceBucketOf(now - retention_);
  if (!settled_valid_ || half_life != half_life_ ||
      now - settled_since_ > kRebuildEvery) {
    // Start over: read every bucket within the retention.
    settled_ = EvidenceTable();
    settled_corrupt_ = 0;
    settled_through_ = oldest - 1;
    settled_time_ = now;
    settled_since_ = now;
    settled_valid_ = false;
    recent_.clear();
    half_life_ = half_life;
  }
  if (settled_valid_ && store_->single_process()) {
    // Nobody else writes the store: it changed by what Write() stored since
    // the last read, and nothing else.
    std::map<int64_t, EvidenceTable> fresh = std::move(recent_);
    for (auto& [bucket, raw] : written_) {
      if (bucket > settled_through_) {
        fresh[bucket].Merge(raw);
      } else {  // a late write into a settled hour
        settled_.Merge(raw, DecayFactor(settled_time_ - EvidenceBucketEnd(bucket),
                                        half_life_));
      }
    }
    written_.clear();
    Fold(std::move(fresh), current, now);
  } else {
    written_.clear();  // the scan reads them
    std::map<int64_t, EvidenceTable> read;
    std::map<int64_t, int64_t> corrupt;  // per bucket
    absl::Status s = store_->Scan(
        settled_through_ + 1, current,
        [&](int64_t bucket, absl::string_view field,
            const absl::StatusOr<int64_t>& value) {
          absl::Status added =
              value.ok()
                  ? EvidenceCodec::Add(field, *value, 1.0, &read[bucket])
                  : value.status();
          if (!added.ok() && corrupt[bucket]++ == 0) {
            health_.corrupt_example = std::string(added.message());
          }
        });
    if (!s.ok()) {
      ++health_.read_failures;
      Fail("reading evidence", s);
      // Keep serving what was read last (or nothing: the prior).
      return Served(now);
    }
    recent_corrupt_ = 0;
    for (const auto& [bucket, n] : corrupt) {
      (bucket < current - 1 ? settled_corrupt_ : recent_corrupt_) += n;
    }
    Fold(std::move(read), current, now);
  }
  health_.corrupt_counters = settled_corrupt_ + recent_corrupt_;
  if (oldest > dropped_before_) {
    if (store_->DropBefore(oldest).ok()) dropped_before_ = oldest;
  }
  return Served(now);
}

}  // namespace offergraph
