#include "ledger/rocksdb_ledger.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/ledger_contract_test.h"
#include "ledger/rocksdb_statistics.h"
#include "rocksdb/db.h"
#include "rocksdb/statistics.h"
#include "testing/temp_dir.h"

namespace offergraph::testing {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1800000000);

// One directory per store, under a directory removed when the binary exits.
std::unique_ptr<OfferLedger> MakeRocksDbLedger(const LedgerOptions& options) {
  static TempDir root;  // removed at exit, after every test's store closed
  static int next = 0;
  absl::StatusOr<std::unique_ptr<OfferLedger>> ledger =
      NewRocksDbLedger(absl::StrCat(root.path(), "/db", next++), options);
  EXPECT_TRUE(ledger.ok()) << ledger.status();
  return ledger.ok() ? *std::move(ledger) : nullptr;
}

INSTANTIATE_TEST_SUITE_P(RocksDb, LedgerContractTest,
                         ::testing::Values(LedgerStore{"rocksdb",
                                                       &MakeRocksDbLedger}));

DecisionRecord AliceDecision(const std::string& id, absl::Time t) {
  DecisionRecord d;
  d.decision_id = id;
  d.customer_id = "alice-7f3e";
  d.contact_key = ContactKeyFor(d.customer_id, "");
  d.channel = v1::CHECKOUT;
  d.time = t;
  d.offers.push_back({"BAG", v1::CROSS_SELL, 4900, "USD"});
  return d;
}

OutcomeRecord AliceOutcome(const std::string& id, v1::Outcome outcome,
                           absl::Time t) {
  OutcomeRecord o;
  o.decision_id = id;
  o.sku = "BAG";
  o.outcome = outcome;
  o.time = t;
  return o;
}

TEST(RocksDbLedgerTest, HistorySurvivesReopening) {
  TempDir dir;
  LedgerOptions options;
  options.fsync = true;
  {
    auto ledger = NewRocksDbLedger(dir.path(), options);
    ASSERT_TRUE(ledger.ok()) << ledger.status();
    ASSERT_TRUE((*ledger)->RecordDecision(AliceDecision("d1", kT0)).ok());
    ASSERT_TRUE(
        (*ledger)->RecordOutcome(AliceOutcome("d1", v1::DECLINED, kT0)).ok());
    CustomerStateUpdate state;
    state.complaint_open = true;
    ASSERT_TRUE((*ledger)->SetCustomerState("alice-7f3e", state).ok());
  }
  auto ledger = NewRocksDbLedger(dir.path(), options);
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  absl::StatusOr<ContactHistory> h =
      (*ledger)->GetHistory("c:alice-7f3e", kT0 + absl::Minutes(1));
  ASSERT_TRUE(h.ok());
  EXPECT_THAT(h->offer_responses, ::testing::ElementsAre(kT0));
  EXPECT_EQ(h->skus.at("BAG").last_declined, kT0);
  EXPECT_TRUE(h->state.complaint_open);
  // The idempotency marker survived too.
  absl::StatusOr<OutcomeResult> r =
      (*ledger)->RecordOutcome(AliceOutcome("d1", v1::DECLINED, kT0));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->duplicate);
}

// Regression (issue 15, item 19): writes without fsync took turns under one
// ledger-wide mutex, so RocksDB never formed a commit group. Concurrent
// writers must reach RocksDB together: some write is committed by another
// writer's group (WRITE_DONE_BY_OTHER). Writers stop as soon as that is seen.
TEST(RocksDbLedgerTest, ConcurrentWritersShareCommitGroups) {
  TempDir dir;
  std::shared_ptr<rocksdb::Statistics> stats = rocksdb::CreateDBStatistics();
  auto ledger =
      NewRocksDbLedgerWithStatistics(dir.path(), LedgerOptions(), stats);
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  constexpr int kThreads = 4, kMaxPerThread = 5000;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kMaxPerThread; ++i) {
        if (stats->getTickerCount(rocksdb::WRITE_DONE_BY_OTHER) > 0) return;
        if (!(*ledger)
                 ->RecordDecision(
                     AliceDecision(absl::StrCat("d", t, "-", i), kT0))
                 .ok()) {
          errors.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_GT(stats->getTickerCount(rocksdb::WRITE_DONE_BY_OTHER), 0u)
      << "no write was ever committed in another writer's group: writes are "
         "serialised before they reach RocksDB";
}

TEST(RocksDbLedgerTest, SecondOpenOfTheSameDirectoryIsUnavailable) {
  TempDir dir;
  auto first = NewRocksDbLedger(dir.path(), LedgerOptions());
  ASSERT_TRUE(first.ok());
  auto second = NewRocksDbLedger(dir.path(), LedgerOptions());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable)
      << second.status();
}

// Every key and value in the database, read with RocksDB itself.
std::string DumpDatabase(const std::string& path) {
  rocksdb::DB* raw = nullptr;
  rocksdb::Options o;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(o, path, &raw);
  EXPECT_TRUE(s.ok()) << s.ToString();
  if (!s.ok()) return "";
  std::unique_ptr<rocksdb::DB> db(raw);
  std::string all;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator({}));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    absl::StrAppend(&all, it->key().ToString(), "=", it->value().ToString(),
                    "\n");
  }
  return all;
}

// The raw bytes of the database's tables and write-ahead logs.
std::string DataFiles(const std::string& path) {
  std::string all;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    const std::string name = entry.path().filename().string();
    if (absl::EndsWith(name, ".sst") || absl::EndsWith(name, ".log")) {
      all += ReadFileOrDie(entry.path().string());
    }
  }
  return all;
}

TEST(RocksDbLedgerTest, EraseLeavesNothingOfTheCustomer) {
  TempDir dir;
  {
    auto ledger = NewRocksDbLedger(dir.path(), LedgerOptions());
    ASSERT_TRUE(ledger.ok());
    for (int i = 0; i < 20; ++i) {
      const std::string id = absl::StrCat("dec-", i);
      ASSERT_TRUE(
          (*ledger)
              ->RecordDecision(AliceDecision(id, kT0 + absl::Minutes(i)))
              .ok());
      ASSERT_TRUE(
          (*ledger)->RecordOutcome(AliceOutcome(id, v1::PRESENTED, kT0)).ok());
    }
    DecisionRecord bob = AliceDecision("bob-1", kT0);
    bob.customer_id = "bob";
    bob.contact_key = "c:bob";
    ASSERT_TRUE((*ledger)->RecordDecision(bob).ok());
    CustomerStateUpdate state;
    state.budget_sensitive = true;
    ASSERT_TRUE((*ledger)->SetCustomerState("alice-7f3e", state).ok());
    // Experiment figures and orders name the unit too (issue 12).
    DecisionRecord tagged = AliceDecision("dec-x", kT0);
    tagged.experiment = "promo";
    tagged.arm = "treatment";
    ASSERT_TRUE(RecordExperimentFigures(**ledger, tagged, "order-"));
    // Before: the customer is in keys and values.
    ASSERT_TRUE((*ledger)->EraseCustomer("nobody").ok());
  }
  ASSERT_THAT(DumpDatabase(dir.path()), ::testing::HasSubstr("alice-7f3e"));
  ASSERT_THAT(DataFiles(dir.path()), ::testing::HasSubstr("alice-7f3e"));
  {
    auto ledger = NewRocksDbLedger(dir.path(), LedgerOptions());
    ASSERT_TRUE(ledger.ok());
    absl::StatusOr<int64_t> erased = (*ledger)->EraseCustomer("alice-7f3e");
    ASSERT_TRUE(erased.ok()) << erased.status();
    // decision, response, marker, event; the state; the tagged decision,
    // its response, its aggregate and the two orders.
    EXPECT_EQ(*erased, 20 * 4 + 1 + 5);
  }
  const std::string all = DumpDatabase(dir.path());
  EXPECT_THAT(all, ::testing::Not(::testing::HasSubstr("alice-7f3e")));
  // Not only unreadable: gone from the data files (tables and logs) too.
  EXPECT_THAT(DataFiles(dir.path()),
              ::testing::Not(::testing::HasSubstr("alice-7f3e")));
  EXPECT_THAT(all, ::testing::HasSubstr("bob-1"));
}

}  // namespace
}  // namespace offergraph::testing
