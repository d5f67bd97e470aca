// The learner over an EvidenceStore: sharing between learners, restarts,
// decay by bucket, and failures (write, read, corrupt counters). The store
// here is a map in memory, a test double of our own interface; the real
// RocksDB and Redis stores are tested in tests/ledger/evidence_store_test.cc
// and with the real server in tests/server/ledger_process_test.cc.
#include "learn/shared_evidence.h"

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "learn/learner.h"

namespace offergraph {
namespace {

using ::testing::HasSubstr;

const absl::Time kStart = absl::FromUnixSeconds(1'700'000'000);

class MapEvidenceStore final : public EvidenceStore {
 public:
  absl::string_view name() const override { return "map"; }
  absl::Duration retention() const override { return absl::Hours(24 * 30); }
  bool single_process() const override { return single; }
  absl::Status Add(int64_t bucket,
                   const std::vector<EvidenceCounter>& counters) override {
    if (!up) return absl::UnavailableError("store down");
    ++adds;
    for (const EvidenceCounter& c : counters) {
      counters_[{bucket, c.field}] += c.value;
    }
    return absl::OkStatus();
  }
  absl::Status Scan(int64_t first, int64_t last,
                    const Visitor& visit) override {
    if (!up) return absl::UnavailableError("store down");
    ++scans;
    scanned_from = first;
    for (const auto& [key, value] : counters_) {
      if (key.first < first || key.first > last) continue;
      if (corrupt.count(key.second)) {
        visit(key.first, key.second,
              absl::InvalidArgumentError("not a number"));
      } else {
        visit(key.first, key.second, value);
      }
    }
    return absl::OkStatus();
  }
  absl::Status DropBefore(int64_t first) override {
    counters_.erase(counters_.begin(),
                    counters_.lower_bound({first, std::string()}));
    return absl::OkStatus();
  }
  int64_t total(const std::string& field) const {
    int64_t n = 0;
    for (const auto& [key, value] : counters_) {
      if (key.second == field) n += value;
    }
    return n;
  }

  bool up = true;
  bool single = false;  // single_process()
  int adds = 0;
  int scans = 0;
  int64_t scanned_from = 0;
  std::set<std::string> corrupt;

 private:
  std::map<std::pair<int64_t, std::string>, int64_t> counters_;
};

OutcomeEvidence Outcome(v1::Outcome outcome, const std::string& sku = "BAG") {
  OutcomeEvidence e;
  e.channel = v1::CHECKOUT;
  e.kind = v1::CROSS_SELL;
  e.sku = sku;
  e.affinity = 0.3;
  e.outcome = outcome;
  return e;
}

double Showings(Learner& learner, absl::Time now,
                absl::Duration half_life = absl::InfiniteDuration(),
                const std::string& sku = "BAG") {
  const EvidenceTable table = learner.Evidence(half_life, now);
  const AcceptanceEvidence* e = table.Offer(v1::CHECKOUT, v1::CROSS_SELL, sku);
  return e == nullptr ? 0 : e->presented;
}

TEST(SharedEvidenceTest, LearnersOnOneStoreLearnFromEachOther) {
  MapEvidenceStore store;
  Learner a(kStart, &store);
  Learner b(kStart, &store);
  for (int i = 0; i < 30; ++i) a.Observe(Outcome(v1::DECLINED), kStart);
  for (int i = 0; i < 10; ++i) b.Observe(Outcome(v1::ACCEPTED), kStart);
  EXPECT_EQ(Showings(a, kStart), 30);  // b has not written yet
  EXPECT_EQ(Showings(b, kStart), 40);  // b wrote, then read a's too
  EXPECT_EQ(Showings(a, kStart), 40);
  const EvidenceTable t = a.Evidence(absl::InfiniteDuration(), kStart);
  EXPECT_EQ(t.Offer(v1::CHECKOUT, v1::CROSS_SELL, "BAG")->accepted, 10);
  EXPECT_EQ(store.total("p:o:1:1:BAG"), 40);
}

TEST(SharedEvidenceTest, ANewLearnerReadsWhatWasLearnedBefore) {
  MapEvidenceStore store;
  {
    Learner before(kStart, &store);
    for (int i = 0; i < 7; ++i) before.Observe(Outcome(v1::ACCEPTED), kStart);
    before.Flush();  // at shutdown, without a build
  }
  Learner after(kStart + absl::Minutes(5), &store);
  EXPECT_EQ(Showings(after, kStart + absl::Minutes(5)), 7);
  EXPECT_EQ(after.store_health()->unflushed, 0);
}

TEST(SharedEvidenceTest, OldBucketsAreReadOnceAndDecayByTheHalfLife) {
  MapEvidenceStore store;
  Learner learner(kStart, &store);
  const absl::Duration half_life = absl::Hours(24);
  // Observed within an hour, counted in full until the hour is over.
  const absl::Time hour0 = EvidenceBucketEnd(EvidenceBucketOf(kStart));
  for (int i = 0; i < 64; ++i) learner.Observe(Outcome(v1::DECLINED), kStart);
  EXPECT_NEAR(Showings(learner, kStart, half_life), 64, 1e-9);
  EXPECT_NEAR(Showings(learner, hour0, half_life), 64, 1e-9);
  // Two days later the bucket counts a quarter; it is folded into the
  // cache, so the next read starts two buckets back (the hour turned).
  const absl::Time later = hour0 + absl::Hours(48);
  EXPECT_NEAR(Showings(learner, later, half_life), 16, 1e-9);
  EXPECT_NEAR(Showings(learner, later + absl::Hours(1), half_life),
              16 / std::exp2(1.0 / 24), 1e-9);
  EXPECT_EQ(store.scanned_from, EvidenceBucketOf(later) - 1);
  EXPECT_NEAR(Showings(learner, later + absl::Hours(24), half_life), 8, 1e-9);
  // A new half-life reads everything again.
  EXPECT_NEAR(Showings(learner, later, absl::InfiniteDuration()), 64, 1e-9);
}

// What a learner reading the whole store now sees.
AcceptanceEvidence Fresh(MapEvidenceStore& store, absl::Time now,
                         absl::Duration half_life) {
  Learner fresh(now, &store);
  const EvidenceTable t = fresh.Evidence(half_life, now);
  const AcceptanceEvidence* e = t.Offer(v1::CHECKOUT, v1::CROSS_SELL, "BAG");
  return e == nullptr ? AcceptanceEvidence() : *e;
}

TEST(SharedEvidenceTest, ASingleProcessStoreIsReadOnceThenFollowedByItsWrites) {
  MapEvidenceStore store;
  store.single = true;
  const absl::Duration half_life = absl::Hours(24);
  {  // evidence from before this process
    Learner before(kStart, &store);
    for (int i = 0; i < 6; ++i) before.Observe(Outcome(v1::ACCEPTED), kStart);
    before.Flush();
  }
  Learner learner(kStart, &store);
  auto same_as_fresh = [&](absl::Time now) {
    const EvidenceTable t = learner.Evidence(half_life, now);
    const AcceptanceEvidence* e = t.Offer(v1::CHECKOUT, v1::CROSS_SELL, "BAG");
    ASSERT_NE(e, nullptr);
    const int scans = store.scans;
    const AcceptanceEvidence want = Fresh(store, now, half_life);
    store.scans = scans;  // the fresh reader's scan does not count
    EXPECT_NEAR(e->presented, want.presented, 1e-9);
    EXPECT_NEAR(e->accepted, want.accepted, 1e-9);
    EXPECT_NEAR(e->expected, want.expected, 1e-9);
  };
  for (int i = 0; i < 10; ++i) learner.Observe(Outcome(v1::DECLINED), kStart);
  EXPECT_EQ(Showings(learner, kStart, half_life), 16);
  EXPECT_EQ(store.scans, 1);
  // Later refreshes fold in what this learner wrote, without reading back.
  const absl::Time t1 = kStart + absl::Minutes(10);
  for (int i = 0; i < 5; ++i) learner.Observe(Outcome(v1::ACCEPTED), t1);
  same_as_fresh(t1);
  // Hours turn (the recent buckets settle and decay), a write fails and is
  // retried, and an outcome stamped hours ago arrives late.
  const absl::Time t2 = EvidenceBucketEnd(EvidenceBucketOf(kStart)) +
                        absl::Hours(3) + absl::Minutes(7);
  for (int i = 0; i < 4; ++i) learner.Observe(Outcome(v1::DECLINED), t2);
  same_as_fresh(t2);
  store.up = false;
  for (int i = 0; i < 3; ++i) learner.Observe(Outcome(v1::ACCEPTED), t2);
  const double before_retry = Showings(learner, t2, half_life);
  store.up = true;
  same_as_fresh(t2);
  EXPECT_NEAR(Showings(learner, t2, half_life), before_retry + 3, 1e-9);
  learner.Observe(Outcome(v1::DECLINED), kStart);
  same_as_fresh(t2 + absl::Minutes(1));
  EXPECT_EQ(store.scans, 1);
  EXPECT_TRUE(learner.store_health()->ok);
  // A new half-life reads the store again.
  learner.Evidence(absl::Hours(12), t2);
  EXPECT_EQ(store.scans, 2);
}

TEST(SharedEvidenceTest, AFailedWriteIsRetriedAndAFailedReadKeepsTheEvidence) {
  MapEvidenceStore store;
  Learner learner(kStart, &store);
  for (int i = 0; i < 5; ++i) learner.Observe(Outcome(v1::DECLINED), kStart);
  EXPECT_EQ(Showings(learner, kStart), 5);
  store.up = false;
  for (int i = 0; i < 3; ++i) learner.Observe(Outcome(v1::DECLINED), kStart);
  // Down: the model keeps the evidence read last.
  EXPECT_EQ(Showings(learner, kStart), 5);
  SharedEvidenceHealth h = *learner.store_health();
  EXPECT_FALSE(h.ok);
  EXPECT_THAT(h.error, HasSubstr("store down"));
  EXPECT_EQ(h.unflushed, 3);
  EXPECT_EQ(h.write_failures, 1);
  EXPECT_EQ(h.read_failures, 1);
  // Back: the three are written, once.
  store.up = true;
  EXPECT_EQ(Showings(learner, kStart), 8);
  EXPECT_EQ(Showings(learner, kStart), 8);
  h = *learner.store_health();
  EXPECT_TRUE(h.ok);
  EXPECT_EQ(h.error, "");
  EXPECT_EQ(h.unflushed, 0);
}

TEST(SharedEvidenceTest, AStoreDownFromTheStartServesThePrior) {
  MapEvidenceStore store;
  store.up = false;
  Learner learner(kStart, &store);
  learner.Observe(Outcome(v1::ACCEPTED), kStart);
  LearningParams params;
  PropensityModelPtr model = learner.Build(params, kStart);
  PropensityPrediction p =
      model->Predict(v1::CHECKOUT, v1::CROSS_SELL, "BAG", 0.3, {});
  EXPECT_FALSE(p.learned);
  EXPECT_EQ(p.evidence, 0);
  EXPECT_FALSE(learner.store_health()->ok);
}

TEST(SharedEvidenceTest, UnreadableCountersAreSkippedAndCounted) {
  MapEvidenceStore store;
  Learner learner(kStart, &store);
  learner.Observe(Outcome(v1::DECLINED, "BAG"), kStart);
  learner.Observe(Outcome(v1::DECLINED, "HAT"), kStart);
  store.corrupt.insert("p:o:1:1:HAT");
  EXPECT_EQ(Showings(learner, kStart, absl::InfiniteDuration(), "BAG"), 1);
  EXPECT_EQ(Showings(learner, kStart, absl::InfiniteDuration(), "HAT"), 0);
  SharedEvidenceHealth h = *learner.store_health();
  EXPECT_EQ(h.corrupt_counters, 1);
  EXPECT_THAT(h.corrupt_example, HasSubstr("not a number"));
  // Counted once per read of the evidence, not once per refresh.
  EXPECT_EQ(Showings(learner, kStart, absl::InfiniteDuration(), "BAG"), 1);
  EXPECT_EQ(learner.store_health()->corrupt_counters, 1);
}

}  // namespace
}  // namespace offergraph
