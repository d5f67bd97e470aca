#include "ledger/rocksdb_evidence_store.h"

#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/big_endian.h"
#include "ledger/rocksdb_write.h"
#include "rocksdb/convenience.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/write_batch.h"
#include "util/status_macros.h"

namespace offergraph {
namespace {

std::string BucketKey(int64_t bucket) {
  std::string key(8, '\0');
  big_endian::Store<uint64_t>(key.data(), static_cast<uint64_t>(bucket));
  return key;
}

// uint64add's operand and value: 8 bytes, little-endian.
std::string Fixed64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>(v >> (8 * i));
  return out;
}

absl::StatusOr<int64_t> ParseFixed64(const rocksdb::Slice& value) {
  if (value.size() != 8) {
    return absl::InvalidArgumentError(
        absl::StrCat("value of ", value.size(), " bytes, not 8"));
  }
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(value.data()[i]);
  }
  if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return absl::InvalidArgumentError(absl::StrCat("value ", v, " too large"));
  }
  return static_cast<int64_t>(v);
}

}  // namespace

absl::StatusOr<rocksdb::ColumnFamilyOptions> EvidenceColumnFamilyOptions() {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::ConfigOptions config;
  rocksdb::Status s = rocksdb::MergeOperator::CreateFromString(
      config, "uint64add", &o.merge_operator);
  RETURN_IF_ERROR(RocksDbStatus(s, "create the uint64add merge operator"));
  if (o.merge_operator == nullptr) {
    return absl::InternalError("rocksdb has no uint64add merge operator");
  }
  o.compression = rocksdb::kLZ4Compression;
  return o;
}

RocksDbEvidenceStore::RocksDbEvidenceStore(rocksdb::DB* db,
                                           rocksdb::ColumnFamilyHandle* family,
                                           rocksdb::WriteOptions write,
                                           absl::Duration retention)
    : db_(db), family_(family), write_(write), retention_(retention) {}

absl::Status RocksDbEvidenceStore::Add(
    int64_t bucket, const std::vector<EvidenceCounter>& counters) {
  if (counters.empty()) return absl::OkStatus();
  const std::string prefix = BucketKey(bucket);
  rocksdb::WriteBatch batch;
  for (const EvidenceCounter& c : counters) {
    if (c.value < 0) continue;
    RETURN_IF_ERROR(RocksDbStatus(
        batch.Merge(family_, absl::StrCat(prefix, c.field),
                    Fixed64(static_cast<uint64_t>(c.value))),
        "batch evidence"));
  }
  return RocksDbWrite(db_, write_, &batch, "write evidence");
}

absl::Status RocksDbEvidenceStore::Scan(int64_t first, int64_t last,
                                        const Visitor& visit) {
  if (last < first) return absl::OkStatus();
  const std::string begin = BucketKey(first);
  const std::string end = BucketKey(last + 1);
  const rocksdb::Slice upper(end);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, family_));
  for (it->Seek(begin); it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    if (key.size() < 8) {
      visit(first, absl::string_view(key.data(), key.size()),
            absl::InvalidArgumentError("evidence key shorter than a bucket"));
      continue;
    }
    const int64_t bucket =
        static_cast<int64_t>(big_endian::Load<uint64_t>(key.data()));
    visit(bucket, absl::string_view(key.data() + 8, key.size() - 8),
          ParseFixed64(it->value()));
  }
  return RocksDbStatus(it->status(), "read evidence");
}

absl::Status RocksDbEvidenceStore::DropBefore(int64_t first) {
  return RocksDbStatus(
      db_->DeleteRange(write_, family_, BucketKey(0), BucketKey(first)),
      "drop old evidence");
}

}  // namespace offergraph
