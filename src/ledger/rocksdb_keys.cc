#include "ledger/rocksdb_keys.h"

#include "ledger/big_endian.h"
#include "ledger/stored_records.h"

namespace offergraph::rocksdb_keys {
namespace {

constexpr size_t kHeader = 5;  // tag + 4-byte length

void AppendU32(std::string* out, uint32_t v) {
  char buf[4];
  big_endian::Store<uint32_t>(buf, v);
  out->append(buf, 4);
}

class OwnerPrefix final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "offergraph.OwnerPrefix.v1"; }
  // A key of no owner (not InDomain: none of ours, but a database may hold
  // one from elsewhere) is its own prefix, since the hashed memtable hashes
  // every key it holds, in domain or not.
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    if (!InDomain(key)) return key;
    return rocksdb::Slice(key.data(), kHeader + Len(key));
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return key.size() >= kHeader && key.size() >= kHeader + Len(key);
  }

 private:
  static size_t Len(const rocksdb::Slice& key) {
    return big_endian::Load<uint32_t>(key.data() + 1);
  }
};

}  // namespace

std::string Prefix(char tag, absl::string_view owner) {
  std::string out;
  out.reserve(kHeader + owner.size() + 24);
  out.push_back(tag);
  AppendU32(&out, static_cast<uint32_t>(owner.size()));
  out.append(owner.data(), owner.size());
  return out;
}

void AppendTime(std::string* key, absl::Time t) {
  char buf[8];
  big_endian::Store<uint64_t>(
      buf, static_cast<uint64_t>(ToMicros(t)) ^ (uint64_t{1} << 63));
  key->append(buf, 8);
}

absl::Time ReadTime(absl::string_view eight_bytes) {
  const uint64_t v =
      big_endian::Load<uint64_t>(eight_bytes.data()) ^ (uint64_t{1} << 63);
  return FromMicros(static_cast<int64_t>(v));
}

namespace {
// tag + owner + first \0 second.
std::string PairKey(char tag, absl::string_view owner, absl::string_view first,
                    absl::string_view second) {
  std::string key = Prefix(tag, owner);
  key.append(first.data(), first.size());
  key.push_back('\0');
  key.append(second.data(), second.size());
  return key;
}
}  // namespace

std::string AggregateKey(absl::string_view experiment, absl::string_view arm,
                         absl::string_view unit_key) {
  return PairKey(kAggregate, experiment, arm, unit_key);
}

std::string OrderKey(absl::string_view order_id) {
  return Prefix(kOrder, order_id);
}

std::string HistoryKey(absl::string_view contact_key) {
  return Prefix(kHistory, contact_key);
}

std::string DecisionKey(absl::string_view decision_id) {
  return Prefix(kDecision, decision_id);
}

std::string OutcomeKey(absl::string_view decision_id, int outcome,
                       absl::string_view sku) {
  std::string key = Prefix(kOutcome, decision_id);
  key.push_back(static_cast<char>(outcome));
  key.append(sku.data(), sku.size());
  return key;
}

namespace {
std::string IndexKey(char tag, absl::string_view owner, absl::Time t,
                     absl::string_view decision_id) {
  std::string key = Prefix(tag, owner);
  AppendTime(&key, t);
  key.append(decision_id.data(), decision_id.size());
  return key;
}
}  // namespace

std::string CustomerKey(absl::string_view customer_id, absl::Time t,
                        absl::string_view decision_id) {
  return IndexKey(kCustomer, customer_id, t, decision_id);
}

std::string SessionKey(absl::string_view session_id, absl::Time t,
                       absl::string_view decision_id) {
  return IndexKey(kSession, session_id, t, decision_id);
}

std::string UnitArmKey(absl::string_view unit_key, absl::string_view experiment,
                       absl::string_view arm) {
  return PairKey(kUnitArm, unit_key, experiment, arm);
}

std::string UnitOrderKey(absl::string_view unit_key, absl::Time t,
                         absl::string_view order_id) {
  return IndexKey(kUnitOrder, unit_key, t, order_id);
}

std::optional<Parsed> Parse(absl::string_view key) {
  if (key.size() < kHeader) return std::nullopt;
  const size_t len = big_endian::Load<uint32_t>(key.data() + 1);
  if (key.size() - kHeader < len) return std::nullopt;
  Parsed p;
  p.tag = key[0];
  p.owner = key.substr(kHeader, len);
  p.rest = key.substr(kHeader + len);
  return p;
}

std::shared_ptr<const rocksdb::SliceTransform> NewOwnerPrefixExtractor() {
  return std::make_shared<OwnerPrefix>();
}

}  // namespace offergraph::rocksdb_keys
