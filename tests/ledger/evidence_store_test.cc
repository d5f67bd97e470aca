// The learning evidence stores on the real databases: RocksDB in a temporary
// directory and a throwaway redis-server. Adds sum (across calls, stores and
// reopenings), scans read a range of buckets in order, old buckets go, and
// unreadable values are reported per counter instead of failing the read.
#include <hiredis/hiredis.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/redis_client.h"
#include "ledger/redis_ledger.h"
#include "ledger/redis_server.h"
#include "ledger/rocksdb_evidence_store.h"
#include "ledger/rocksdb_ledger.h"
#include "rocksdb/db.h"
#include "testing/temp_dir.h"

namespace offergraph::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

struct Read {
  // (bucket, field) -> value, and the errors by field.
  std::map<std::pair<int64_t, std::string>, int64_t> values;
  std::map<std::string, std::string> errors;
  std::vector<int64_t> order;  // buckets in visiting order
};

Read ScanAll(EvidenceStore* store, int64_t first, int64_t last) {
  Read out;
  absl::Status s = store->Scan(
      first, last,
      [&](int64_t bucket, absl::string_view field,
          const absl::StatusOr<int64_t>& value) {
        out.order.push_back(bucket);
        if (value.ok()) {
          out.values[{bucket, std::string(field)}] = *value;
        } else {
          out.errors[std::string(field)] = std::string(value.status().message());
        }
      });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

// The store-independent part, run on each store.
void ExpectAddsSumAndScansARange(EvidenceStore* a, EvidenceStore* b) {
  ASSERT_TRUE(a->Add(100, {{"p:o:1:1:BAG", 3}, {"a:o:1:1:BAG", 1}}).ok());
  ASSERT_TRUE(b->Add(100, {{"p:o:1:1:BAG", 2}}).ok());
  ASSERT_TRUE(a->Add(101, {{"p:c:1", 5}}).ok());
  ASSERT_TRUE(b->Add(99, {{"p:c:1", 9}}).ok());
  ASSERT_TRUE(a->Add(102, {}).ok());
  Read r = ScanAll(b, 100, 101);
  EXPECT_THAT(r.values,
              ElementsAre(Pair(Pair(100, "a:o:1:1:BAG"), 1),
                          Pair(Pair(100, "p:o:1:1:BAG"), 5),
                          Pair(Pair(101, "p:c:1"), 5)));
  EXPECT_TRUE(std::is_sorted(r.order.begin(), r.order.end()));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(ScanAll(a, 99, 99).values.size(), 1u);
  EXPECT_TRUE(ScanAll(a, 103, 200).values.empty());
}

TEST(RocksDbEvidenceStoreTest, AddsSumAndSurviveReopening) {
  TempDir dir;
  {
    absl::StatusOr<std::unique_ptr<OfferLedger>> ledger =
        NewRocksDbLedger(dir.path(), LedgerOptions());
    ASSERT_TRUE(ledger.ok()) << ledger.status();
    EvidenceStore* store = (*ledger)->evidence_store();
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->name(), "rocksdb");
    ExpectAddsSumAndScansARange(store, store);
  }
  absl::StatusOr<std::unique_ptr<OfferLedger>> reopened =
      NewRocksDbLedger(dir.path(), LedgerOptions());
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EvidenceStore* store = (*reopened)->evidence_store();
  EXPECT_EQ(ScanAll(store, 100, 100).values.at({100, "p:o:1:1:BAG"}), 5);
  ASSERT_TRUE(store->DropBefore(101).ok());
  EXPECT_TRUE(ScanAll(store, 0, 100).values.empty());
  EXPECT_EQ(ScanAll(store, 101, 101).values.size(), 1u);
}

TEST(RocksDbEvidenceStoreTest, OpensALedgerFromBeforeEvidence) {
  TempDir dir;
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(o, dir.path(), &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "unrelated", "x").ok());
    delete db;
  }
  absl::StatusOr<std::unique_ptr<OfferLedger>> ledger =
      NewRocksDbLedger(dir.path(), LedgerOptions());
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  EvidenceStore* store = (*ledger)->evidence_store();
  ASSERT_TRUE(store->Add(7, {{"p:c:1", 1}}).ok());
  EXPECT_EQ(ScanAll(store, 7, 7).values.size(), 1u);
}

TEST(RocksDbEvidenceStoreTest, AnUnreadableValueIsReportedNotFatal) {
  TempDir dir;
  {
    absl::StatusOr<std::unique_ptr<OfferLedger>> ledger =
        NewRocksDbLedger(dir.path(), LedgerOptions());
    ASSERT_TRUE(ledger.ok()) << ledger.status();
    ASSERT_TRUE((*ledger)->evidence_store()->Add(5, {{"p:c:1", 4}}).ok());
  }
  {
    // Damage one value behind the ledger's back: 3 bytes, not 8.
    absl::StatusOr<rocksdb::ColumnFamilyOptions> evidence =
        EvidenceColumnFamilyOptions();
    ASSERT_TRUE(evidence.ok());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(
                    rocksdb::DBOptions(), dir.path(),
                    {{rocksdb::kDefaultColumnFamilyName, {}},
                     {kEvidenceColumnFamily, *evidence}},
                    &handles, &db)
                    .ok());
    std::string key(8, '\0');
    key[7] = 5;
    ASSERT_TRUE(
        db->Put(rocksdb::WriteOptions(), handles[1], key + "p:c:2", "abc").ok());
    for (auto* h : handles) delete h;
    delete db;
  }
  absl::StatusOr<std::unique_ptr<OfferLedger>> ledger =
      NewRocksDbLedger(dir.path(), LedgerOptions());
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  Read r = ScanAll((*ledger)->evidence_store(), 0, 10);
  EXPECT_EQ(r.values.at({5, "p:c:1"}), 4);
  EXPECT_THAT(r.errors.at("p:c:2"), HasSubstr("3 bytes, not 8"));
}

class RedisEvidenceStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<OfferLedger> Ledger() {
    LedgerOptions o;
    o.retention = absl::Hours(48);
    absl::StatusOr<std::unique_ptr<OfferLedger>> ledger =
        NewRedisLedger("127.0.0.1", redis_.port(), o);
    EXPECT_TRUE(ledger.ok()) << ledger.status();
    return ledger.ok() ? *std::move(ledger) : nullptr;
  }
  RedisReply Run(const std::vector<std::string>& args) {
    RedisClient client("127.0.0.1", redis_.port(), absl::Seconds(2),
                       absl::Seconds(2), 1);
    absl::StatusOr<RedisReply> r = client.Run(args);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *std::move(r) : nullptr;
  }

  RedisServer redis_;
};

TEST_F(RedisEvidenceStoreTest, TwoReplicasAddToTheSameSums) {
  std::unique_ptr<OfferLedger> a = Ledger();
  std::unique_ptr<OfferLedger> b = Ledger();
  ASSERT_NE(a->evidence_store(), nullptr);
  EXPECT_EQ(a->evidence_store()->name(), "redis");
  ExpectAddsSumAndScansARange(a->evidence_store(), b->evidence_store());
}

TEST_F(RedisEvidenceStoreTest, BucketsExpireOneRetentionAfterTheLastAdd) {
  std::unique_ptr<OfferLedger> ledger = Ledger();
  ASSERT_TRUE(ledger->evidence_store()->Add(42, {{"p:c:1", 1}}).ok());
  RedisReply ttl = Run({"PTTL", "og:v:42"});
  ASSERT_EQ(ttl->type, REDIS_REPLY_INTEGER);
  EXPECT_GT(ttl->integer, absl::ToInt64Milliseconds(absl::Hours(47)));
  EXPECT_LE(ttl->integer, absl::ToInt64Milliseconds(absl::Hours(48)));
}

TEST_F(RedisEvidenceStoreTest, UnreadableValuesAndKeysAreReportedNotFatal) {
  std::unique_ptr<OfferLedger> ledger = Ledger();
  EvidenceStore* store = ledger->evidence_store();
  ASSERT_TRUE(store->Add(10, {{"p:c:1", 4}}).ok());
  Run({"HSET", "og:v:10", "p:c:2", "lots"});
  Run({"SET", "og:v:11", "not a hash"});
  Read r = ScanAll(store, 10, 11);
  EXPECT_EQ(r.values.at({10, "p:c:1"}), 4);
  EXPECT_THAT(r.errors.at("p:c:2"), HasSubstr("\"lots\" is not a count"));
  EXPECT_THAT(r.errors.at("og:v:11"), HasSubstr("WRONGTYPE"));
}

TEST_F(RedisEvidenceStoreTest, AnUnreachableRedisIsUnavailable) {
  std::unique_ptr<OfferLedger> ledger = Ledger();
  redis_.Kill();
  EvidenceStore* store = ledger->evidence_store();
  EXPECT_EQ(store->Add(1, {{"p:c:1", 1}}).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store->Scan(1, 1, [](int64_t, absl::string_view,
                                 const absl::StatusOr<int64_t>&) {})
                .code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace offergraph::testing
