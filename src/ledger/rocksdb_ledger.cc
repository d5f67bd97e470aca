#include "ledger/rocksdb_ledger.h"

#include <algorithm>
#include <array>
#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/customer_view.h"
#include "ledger/history_codec.h"
#include "ledger/rocksdb_evidence_store.h"
#include "ledger/rocksdb_keys.h"
#include "ledger/rocksdb_statistics.h"
#include "ledger/rocksdb_write.h"
#include "ledger/stored_records.h"
#include "rocksdb/compaction_filter.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/memtablerep.h"
#include "rocksdb/options.h"
#include "rocksdb/statistics.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "util/mutex.h"
#include "util/status_macros.h"

namespace offergraph {
namespace {

namespace keys = rocksdb_keys;

namespace history = history_codec;

constexpr int kOutcomeStripes = 64;

// Drops decisions, outcome markers, orders and index entries older than the
// retention (by wall clock) during compaction. Experiment aggregates (and
// their 'U' index) stay. Histories are trimmed by their merge operator
// instead; customer state is kept until changed or erased.
// Thread-safe: stateless apart from the retention.
class RetentionFilter final : public rocksdb::CompactionFilter {
 public:
  explicit RetentionFilter(absl::Duration retention) : retention_(retention) {}

  const char* Name() const override { return "offergraph.RetentionFilter"; }

  bool Filter(int /*level*/, const rocksdb::Slice& key,
              const rocksdb::Slice& value, std::string* /*new_value*/,
              bool* /*value_changed*/) const override {
    const absl::Time oldest = absl::Now() - retention_;
    std::optional<keys::Parsed> p =
        keys::Parse(absl::string_view(key.data(), key.size()));
    if (!p) return false;
    switch (p->tag) {
      case keys::kCustomer:
      case keys::kSession:
      case keys::kUnitOrder:
        return p->rest.size() >= 8 &&
               keys::ReadTime(p->rest.substr(0, 8)) < oldest;
      case keys::kDecision: {
        internal::StoredDecision d;
        return d.ParseFromArray(value.data(), static_cast<int>(value.size())) &&
               FromMicros(d.time_unix_micros()) < oldest;
      }
      case keys::kOrder: {
        internal::StoredOrder o;
        return o.ParseFromArray(value.data(), static_cast<int>(value.size())) &&
               FromMicros(o.time_unix_micros()) < oldest;
      }
      case keys::kOutcome: {
        internal::StoredOutcome o;
        return o.ParseFromArray(value.data(), static_cast<int>(value.size())) &&
               FromMicros(o.decision_time_unix_micros()) < oldest;
      }
      default:
        return false;
    }
  }

 private:
  const absl::Duration retention_;
};

// OfferLedger on RocksDB. Thread-safe: RocksDB is; RecordOutcome's
// check-then-write of an idempotency marker (and the check for a
// contradicting one) runs under one of kOutcomeStripes mutexes chosen by
// decision id, SetCustomerState's read-modify-write under the one chosen by
// the customer's history key. Experiment aggregates are read, changed and
// written under one of kOutcomeStripes unit stripes chosen by the unit's
// contact key, always the last lock taken (after an outcome stripe or an
// order stripe), so no two threads wait on each other in a cycle. Owns the
// DB.
class RocksDbLedger final : public OfferLedger {
 public:
  RocksDbLedger(const LedgerOptions& options,
                std::unique_ptr<RetentionFilter> filter,
                std::shared_ptr<rocksdb::Statistics> statistics)
      : options_(options),
        filter_(std::move(filter)),
        statistics_(std::move(statistics)) {
    write_.sync = options.fsync;
  }

  absl::Status Open(const std::string& dir) {
    rocksdb::Options o;
    o.create_if_missing = true;
    o.IncreaseParallelism(2);
    o.compaction_filter = filter_.get();
    o.statistics = statistics_;
    o.merge_operator = history::NewHistoryMergeOperator(options_.retention);
    // Bounds the merge operands a read of a busy history has to combine.
    o.max_successive_merges = 32;
    o.prefix_extractor = keys::NewOwnerPrefixExtractor();
    o.memtable_prefix_bloom_size_ratio = 0.1;
    // Every read and scan stays within one owner's prefix, so the memtable
    // can hash on it: an insert or a Get walks one owner's short skip list
    // instead of a skip list of the whole memtable (one cache miss per
    // level). Hashed memtables take one writer at a time.
    o.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory());
    o.allow_concurrent_memtable_write = false;
    o.periodic_compaction_seconds = 24 * 60 * 60;
    o.compression = rocksdb::kLZ4Compression;
    rocksdb::BlockBasedTableOptions table;
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    table.whole_key_filtering = true;
    o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    absl::StatusOr<rocksdb::ColumnFamilyOptions> evidence =
        EvidenceColumnFamilyOptions();
    if (!evidence.ok()) return evidence.status();
    // The evidence column family is created in databases from before it.
    o.create_missing_column_families = true;
    const std::vector<rocksdb::ColumnFamilyDescriptor> families = {
        {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions(o)},
        {kEvidenceColumnFamily, *evidence}};
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    absl::Status s =
        RocksDbStatus(rocksdb::DB::Open(rocksdb::DBOptions(o), dir, families,
                                   &handles, &db),
                 absl::StrCat("open ", dir));
    db_.reset(db);
    if (!s.ok()) return s;
    // The DB keeps a default handle of its own.
    delete handles[0];
    evidence_family_.reset(handles[1]);
    evidence_ = std::make_unique<RocksDbEvidenceStore>(
        db_.get(), evidence_family_.get(), write_, options_.retention);
    return absl::OkStatus();
  }

  absl::string_view name() const override { return "rocksdb"; }

  EvidenceStore* evidence_store() override { return evidence_.get(); }

  absl::StatusOr<ContactHistory> GetHistory(absl::string_view contact_key,
                                            absl::Time now) override {
    ContactHistory out;
    std::string value;
    rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), keys::HistoryKey(contact_key), &value);
    if (s.IsNotFound()) return out;  // the bloom filters usually say so
    RETURN_IF_ERROR(RocksDbStatus(s, "read history"));
    history::Decode(value, now - options_.retention, now - absl::Hours(24),
                    &out);
    return out;
  }

  absl::Status RecordDecision(const DecisionRecord& record) override {
    const internal::StoredDecision stored = ToStored(record);
    rocksdb::WriteBatch batch;
    batch.Put(keys::DecisionKey(record.decision_id),
              stored.SerializeAsString());
    // A ghost decision was never shown: no offer response to count.
    if (!record.contact_key.empty() && !record.ghost) {
      batch.Merge(keys::HistoryKey(record.contact_key),
                  history::Event(history::kResponse, record.time, ""));
    }
    if (!record.customer_id.empty()) {
      batch.Put(keys::CustomerKey(record.customer_id, record.time,
                                  record.decision_id),
                "");
    } else if (absl::StartsWith(record.contact_key, "s:")) {
      batch.Put(keys::SessionKey(record.contact_key.substr(2), record.time,
                                 record.decision_id),
                "");
    }
    return CountDecisionAndWrite(
        record, static_cast<int64_t>(record.offers.size()), &batch);
  }

  absl::Status RecordExposure(const DecisionRecord& record) override {
    rocksdb::WriteBatch batch;
    return CountDecisionAndWrite(record, 0, &batch);
  }

  absl::StatusOr<OrderResult> RecordOrder(const OrderRecord& record) override {
    OrderRecord order = record;
    if (!record.decision_id.empty()) {
      std::string value;
      rocksdb::Status s = db_->Get(rocksdb::ReadOptions(),
                                   keys::DecisionKey(record.decision_id),
                                   &value);
      internal::StoredDecision decision;
      if (s.ok() && decision.ParseFromString(value)) {
        AttributeToDecision(decision, &order);
      } else if (!s.ok() && !s.IsNotFound()) {
        RETURN_IF_ERROR(RocksDbStatus(s, "read decision"));
      } else if (record.unit_key.empty()) {
        return DecisionNotFoundForOrder(record.decision_id);
      }
    }
    RETURN_IF_ERROR(CheckOrderCurrency(order));
    const std::string key = keys::OrderKey(order.order_id);
    MutexLock lock(&order_stripes_[absl::Hash<absl::string_view>()(key) %
                                   kOutcomeStripes]);
    {
      std::string value;
      rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &value);
      if (s.ok()) {
        internal::StoredOrder stored;
        if (!stored.ParseFromString(value)) {
          return absl::DataLossError(absl::StrCat(
              "rocksdb: order ", order.order_id, " is unreadable"));
        }
        if (stored.total() != order.total ||
            stored.currency() != order.currency) {
          return OrderConflictError(order.order_id);
        }
        return OrderResult{true, stored.experiment(), stored.arm()};
      }
      if (!s.IsNotFound()) RETURN_IF_ERROR(RocksDbStatus(s, "read order"));
    }
    rocksdb::WriteBatch batch;
    batch.Put(key, ToStored(order).SerializeAsString());
    if (order.unit_key.empty()) {
      RETURN_IF_ERROR(Write(write_, &batch, "write order"));
      return OrderResult{false, order.experiment, order.arm};
    }
    // Indexed under its unit, for erasure; under the unit's stripe, so an
    // erasure of the unit sees the order whole or not at all.
    batch.Put(keys::UnitOrderKey(order.unit_key, order.time, order.order_id),
              "");
    MutexLock unit_lock(&UnitStripe(order.unit_key));
    RETURN_IF_ERROR(UpdateAggregates(
        ArmsFor(order.experiment, order.arm, order.holdout_arm), order.unit_key,
        [&](UnitAggregate* a) { AddOrder(order.total, a); }, &batch));
    RETURN_IF_ERROR(Write(write_, &batch, "write order"));
    return OrderResult{false, order.experiment, order.arm};
  }

  absl::Status ScanExperiment(absl::string_view experiment,
                              const UnitVisitor& visit) override {
    const std::string prefix = keys::Prefix(keys::kAggregate, experiment);
    rocksdb::ReadOptions ro;
    ro.prefix_same_as_start = true;
    // A report reads each block once: keep it out of the block cache.
    ro.fill_cache = false;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
    internal::StoredUnitAggregate stored;
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      const absl::string_view rest(it->key().data() + prefix.size(),
                                   it->key().size() - prefix.size());
      const size_t nul = rest.find('\0');
      if (nul == absl::string_view::npos ||
          !stored.ParseFromArray(it->value().data(),
                                 static_cast<int>(it->value().size()))) {
        continue;
      }
      if (!visit(rest.substr(0, nul), FromStored(stored))) {
        return ScanCancelledError(experiment);
      }
    }
    return RocksDbStatus(it->status(), "scan experiment");
  }

  absl::StatusOr<OutcomeResult> RecordOutcome(
      const OutcomeRecord& record) override {
    internal::StoredDecision stored;
    {
      std::string value;
      rocksdb::Status s =
          db_->Get(rocksdb::ReadOptions(),
                   keys::DecisionKey(record.decision_id), &value);
      if (s.IsNotFound()) return DecisionNotFound(record.decision_id);
      RETURN_IF_ERROR(RocksDbStatus(s, "read"));
      if (!stored.ParseFromString(value)) {
        return absl::DataLossError(absl::StrCat(
            "rocksdb: decision ", record.decision_id, " is unreadable"));
      }
    }
    if (FromMicros(stored.time_unix_micros()) <
        record.time - options_.retention) {
      return DecisionNotFound(record.decision_id);
    }
    absl::StatusOr<OutcomeResult> result = CheckOutcome(stored, record);
    if (!result.ok()) return result;

    const std::string marker_key = keys::OutcomeKey(
        record.decision_id, static_cast<int>(record.outcome), record.sku);
    MutexLock lock(&StripeFor(record.decision_id));
    ASSIGN_OR_RETURN(result->duplicate, Exists(marker_key));
    if (result->duplicate) return result;
    const v1::Outcome contradicting = ContradictingOutcome(record.outcome);
    if (contradicting != v1::OUTCOME_UNSPECIFIED) {
      ASSIGN_OR_RETURN(const bool contradicted,
                       Exists(keys::OutcomeKey(record.decision_id,
                                               static_cast<int>(contradicting),
                                               record.sku)));
      if (contradicted) {
        return ContradictionError(record.decision_id, record.sku,
                                  record.outcome);
      }
    }
    for (v1::Outcome earlier : {v1::PRESENTED, v1::ACCEPTED, v1::DECLINED}) {
      if (earlier == record.outcome || earlier == contradicting) continue;
      ASSIGN_OR_RETURN(const bool seen,
                       Exists(keys::OutcomeKey(record.decision_id,
                                               static_cast<int>(earlier),
                                               record.sku)));
      result->already_presented |= seen;
    }

    internal::StoredOutcome marker;
    marker.set_decision_time_unix_micros(stored.time_unix_micros());
    marker.set_arrival_unix_micros(ToMicros(absl::Now()));
    marker.set_time_unix_micros(ToMicros(record.time));
    rocksdb::WriteBatch batch;
    batch.Put(marker_key, marker.SerializeAsString());
    const char type = EventType(record.outcome);
    if (type != 0 && !stored.contact_key().empty()) {
      batch.Merge(keys::HistoryKey(stored.contact_key()),
                  history::Event(type, record.time, record.sku));
    }
    const std::vector<ArmTag> arms =
        record.outcome == v1::ACCEPTED && !stored.contact_key().empty()
            ? ArmsFor(stored.experiment(), stored.arm(), stored.holdout_arm())
            : std::vector<ArmTag>();
    if (arms.empty()) {
      RETURN_IF_ERROR(Write(write_, &batch, "write outcome"));
      return result;
    }
    MutexLock unit_lock(&UnitStripe(stored.contact_key()));
    RETURN_IF_ERROR(UpdateAggregates(
        arms, stored.contact_key(),
        [](UnitAggregate* a) { ++a->offers_accepted; }, &batch));
    RETURN_IF_ERROR(Write(write_, &batch, "write outcome"));
    return result;
  }

  absl::StatusOr<CustomerState> SetCustomerState(
      absl::string_view customer_id,
      const CustomerStateUpdate& update) override {
    // Read, change, write under the customer's stripe, so two updates of
    // one customer cannot both start from the same old state.
    const std::string key = keys::HistoryKey(ContactKeyFor(customer_id, ""));
    MutexLock lock(&StripeFor(key));
    ContactHistory current;
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &value);
    if (s.ok()) {
      history::Decode(value, absl::InfiniteFuture(), absl::InfiniteFuture(),
                      &current);
    } else if (!s.IsNotFound()) {
      RETURN_IF_ERROR(RocksDbStatus(s, "read state"));
    }
    const CustomerState state = update.ApplyTo(current.state);
    rocksdb::WriteBatch batch;
    batch.Merge(key, history::State(state));
    RETURN_IF_ERROR(Write(write_, &batch, "write state"));
    return state;
  }

  absl::StatusOr<CustomerView> GetCustomerView(absl::string_view customer_id,
                                               const RuleParams& rules,
                                               absl::Time now) override {
    absl::StatusOr<ContactHistory> history =
        GetHistory(ContactKeyFor(customer_id, ""), now);
    if (!history.ok()) return history.status();
    const absl::Time oldest = now - options_.retention;
    std::vector<DecisionView> decisions;
    const std::string prefix = keys::Prefix(keys::kCustomer, customer_id);
    // Index keys sort by time: read forward from the oldest kept, keeping
    // the newest kMaxViewDecisions ids (the hashed memtable iterates one
    // owner forward only), then read those decisions newest first.
    std::string start = prefix;
    keys::AppendTime(&start, oldest);
    rocksdb::ReadOptions ro;
    ro.prefix_same_as_start = true;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
    std::deque<std::string> newest;
    for (it->Seek(start); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      const absl::string_view rest(it->key().data() + prefix.size(),
                                   it->key().size() - prefix.size());
      if (rest.size() < 8) continue;
      newest.emplace_back(rest.substr(8));
      if (newest.size() > static_cast<size_t>(kMaxViewDecisions)) {
        newest.pop_front();
      }
    }
    RETURN_IF_ERROR(RocksDbStatus(it->status(), "read"));
    for (auto id = newest.rbegin(); id != newest.rend(); ++id) {
      absl::StatusOr<DecisionView> view = ReadDecisionView(*id);
      if (!view.ok()) return view.status();
      if (!view->decision_id.empty()) decisions.push_back(*std::move(view));
    }
    RETURN_IF_ERROR(RocksDbStatus(it->status(), "read"));
    return BuildCustomerView(*history, std::move(decisions), rules, now);
  }

  absl::StatusOr<int64_t> EraseCustomer(
      absl::string_view customer_id) override {
    return EraseOwner(keys::kCustomer, customer_id,
                      ContactKeyFor(customer_id, ""));
  }

  absl::StatusOr<int64_t> EraseSession(absl::string_view session_id) override {
    return EraseOwner(keys::kSession, session_id,
                      ContactKeyFor("", session_id));
  }

 private:
  // Deletes the decisions indexed under (`index_tag`, `owner`) with their
  // outcome markers, the index itself, the history (with any state) of
  // `contact_key`, and the unit `contact_key`'s experiment aggregates and
  // orders with their indexes, in one batch written under the unit's
  // stripe (so no aggregate update of the unit interleaves), then compacts
  // them off the disk. Returns how many records went.
  absl::StatusOr<int64_t> EraseOwner(char index_tag, absl::string_view owner,
                                     const std::string& contact_key) {
    // Ranges to compact afterwards, so the bytes leave the files too.
    std::vector<std::pair<std::string, std::string>> ranges;
    int64_t erased = 0;
    {
      MutexLock unit_lock(&UnitStripe(contact_key));
      rocksdb::WriteBatch batch;
      ASSIGN_OR_RETURN(erased, BatchEraseOwner(index_tag, owner, contact_key,
                                               &batch, &ranges));
      ASSIGN_OR_RETURN(const int64_t unit,
                       BatchEraseUnit(contact_key, &batch, &ranges));
      erased += unit;
      rocksdb::WriteOptions sync;
      sync.sync = true;
      RETURN_IF_ERROR(Write(sync, &batch, "erase"));
    }
    RETURN_IF_ERROR(CompactAway(std::move(ranges)));
    return erased;
  }

  // Puts in `batch` the deletion of every key under `prefix` and adds its
  // range to `ranges`; returns how many keys.
  absl::StatusOr<int64_t> BatchErasePrefix(
      const std::string& prefix, rocksdb::WriteBatch* batch,
      std::vector<std::pair<std::string, std::string>>* ranges) {
    int64_t n = 0;
    rocksdb::ReadOptions ro;
    ro.prefix_same_as_start = true;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      batch->Delete(it->key());
      ++n;
    }
    RETURN_IF_ERROR(RocksDbStatus(it->status(), "read"));
    // Keys of one owner sort below prefix + 0xff... (past any suffix).
    ranges->emplace_back(prefix, prefix + std::string(16, '\xff'));
    return n;
  }

  // Puts in `batch` the deletion of the aggregates of `unit_key` (found
  // through its 'U' index) and of the orders recorded under it (its 'Q'
  // index), indexes included; returns how many aggregates and orders.
  absl::StatusOr<int64_t> BatchEraseUnit(
      const std::string& unit_key, rocksdb::WriteBatch* batch,
      std::vector<std::pair<std::string, std::string>>* ranges) {
    int64_t erased = 0;
    // Deletes `key` when stored (counting it) and notes its range.
    auto erase_key = [&](const std::string& key,
                         const std::function<bool(const std::string&)>& owned)
        -> absl::Status {
      std::string value;
      rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &value);
      if (s.IsNotFound()) return absl::OkStatus();
      RETURN_IF_ERROR(RocksDbStatus(s, "read"));
      if (!owned(value)) return absl::OkStatus();
      batch->Delete(key);
      ++erased;
      ranges->emplace_back(key, key + '\0');
      return absl::OkStatus();
    };
    for (const char tag : {keys::kUnitArm, keys::kUnitOrder}) {
      const std::string prefix = keys::Prefix(tag, unit_key);
      rocksdb::ReadOptions ro;
      ro.prefix_same_as_start = true;
      std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
      for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
           it->Next()) {
        const absl::string_view rest(it->key().data() + prefix.size(),
                                     it->key().size() - prefix.size());
        if (tag == keys::kUnitArm) {
          const size_t nul = rest.find('\0');
          if (nul == absl::string_view::npos) continue;
          RETURN_IF_ERROR(
              erase_key(keys::AggregateKey(rest.substr(0, nul),
                                           rest.substr(nul + 1), unit_key),
                        [](const std::string&) { return true; }));
        } else if (rest.size() >= 8) {
          // An order id recorded again, by another unit, after this one's
          // expired is not this unit's.
          RETURN_IF_ERROR(erase_key(keys::OrderKey(rest.substr(8)),
                                    [&](const std::string& value) {
                                      internal::StoredOrder order;
                                      return order.ParseFromString(value) &&
                                             order.unit_key() == unit_key;
                                    }));
        }
      }
      RETURN_IF_ERROR(RocksDbStatus(it->status(), "read"));
      // The index entries are not records of their own.
      RETURN_IF_ERROR(BatchErasePrefix(prefix, batch, ranges).status());
    }
    return erased;
  }

  // Puts in `batch` the deletion of the decisions indexed under
  // (`index_tag`, `owner`) with their outcome markers, the index itself and
  // the history of `contact_key`; returns how many records.
  absl::StatusOr<int64_t> BatchEraseOwner(
      char index_tag, absl::string_view owner, const std::string& contact_key,
      rocksdb::WriteBatch* batch,
      std::vector<std::pair<std::string, std::string>>* ranges) {
    int64_t erased = 0;
    // Decisions and their outcome markers, found through the index.
    const std::string index = keys::Prefix(index_tag, owner);
    {
      rocksdb::ReadOptions ro;
      ro.prefix_same_as_start = true;
      std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
      for (it->Seek(index); it->Valid() && it->key().starts_with(index);
           it->Next()) {
        const absl::string_view rest(it->key().data() + index.size(),
                                     it->key().size() - index.size());
        if (rest.size() < 8) continue;
        const std::string decision_key = keys::DecisionKey(rest.substr(8));
        std::string value;
        rocksdb::Status s =
            db_->Get(rocksdb::ReadOptions(), decision_key, &value);
        internal::StoredDecision d;
        const bool owned =
            s.ok() && d.ParseFromString(value) &&
            (index_tag == keys::kCustomer
                 ? d.customer_id() == owner
                 : d.customer_id().empty() && d.contact_key() == contact_key);
        if (owned) {
          batch->Delete(decision_key);
          ++erased;
          ranges->emplace_back(decision_key, decision_key + '\0');
          ASSIGN_OR_RETURN(
              const int64_t markers,
              BatchErasePrefix(keys::Prefix(keys::kOutcome, rest.substr(8)),
                               batch, ranges));
          erased += markers;
        } else if (!s.ok() && !s.IsNotFound()) {
          RETURN_IF_ERROR(RocksDbStatus(s, "read"));
        }
      }
      RETURN_IF_ERROR(RocksDbStatus(it->status(), "read"));
    }
    // The index entries are not records of their own.
    RETURN_IF_ERROR(BatchErasePrefix(index, batch, ranges).status());
    // State and history events under the contact key.
    const std::string key = keys::HistoryKey(contact_key);
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &value);
    if (s.ok()) {
      erased += history::CountRecords(value);
      batch->Delete(key);
      ranges->emplace_back(key, key + '\0');
    } else if (!s.IsNotFound()) {
      RETURN_IF_ERROR(RocksDbStatus(s, "read"));
    }
    return erased;
  }

  // Adds one decision with `offers` offers to its unit's aggregates in
  // `batch` and writes the batch.
  absl::Status CountDecisionAndWrite(const DecisionRecord& record,
                                     int64_t offers,
                                     rocksdb::WriteBatch* batch) {
    const std::vector<ArmTag> arms =
        record.contact_key.empty()
            ? std::vector<ArmTag>()
            : ArmsFor(record.experiment, record.arm, record.holdout_arm);
    if (arms.empty()) {
      if (batch->Count() == 0) return absl::OkStatus();
      return Write(write_, batch, "write decision");
    }
    const UnitAggregate delta = DecisionDelta(record.ghost, offers);
    MutexLock lock(&UnitStripe(record.contact_key));
    RETURN_IF_ERROR(UpdateAggregates(
        arms, record.contact_key, [&](UnitAggregate* a) { a->Add(delta); },
        batch));
    return Write(write_, batch, "write decision");
  }

  // Reads the aggregates of `unit_key` in `arms`, applies `change` to each
  // and puts the results in `batch`. The caller holds the unit's stripe
  // until the batch is written.
  absl::Status UpdateAggregates(
      const std::vector<ArmTag>& arms, absl::string_view unit_key,
      const std::function<void(UnitAggregate*)>& change,
      rocksdb::WriteBatch* batch) {
    for (const ArmTag& tag : arms) {
      const std::string key =
          keys::AggregateKey(tag.experiment, tag.arm, unit_key);
      std::string value;
      rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &value);
      UnitAggregate aggregate;
      if (s.ok()) {
        internal::StoredUnitAggregate stored;
        if (!stored.ParseFromString(value)) {
          return absl::DataLossError(
              absl::StrCat("rocksdb: an aggregate of experiment ",
                           tag.experiment, " is unreadable"));
        }
        aggregate = FromStored(stored);
      } else if (s.IsNotFound()) {
        // The unit's first figures in this arm: index them for erasure.
        batch->Put(keys::UnitArmKey(unit_key, tag.experiment, tag.arm), "");
      } else {
        RETURN_IF_ERROR(RocksDbStatus(s, "read aggregate"));
      }
      change(&aggregate);
      batch->Put(key, ToStored(aggregate).SerializeAsString());
    }
    return absl::OkStatus();
  }

  Mutex& UnitStripe(absl::string_view unit_key) {
    return unit_stripes_[absl::Hash<absl::string_view>()(unit_key) %
                         kOutcomeStripes];
  }

  // Whether `key` is stored.
  absl::StatusOr<bool> Exists(const std::string& key) {
    std::string ignored;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &ignored);
    if (s.IsNotFound()) return false;
    RETURN_IF_ERROR(RocksDbStatus(s, "read"));
    return true;
  }

  Mutex& StripeFor(absl::string_view key) {
    return stripes_[absl::Hash<absl::string_view>()(key) % kOutcomeStripes];
  }

  // Rewrites the files holding `ranges` so erased records leave the disk,
  // not only the reads. Past kMaxErasedRanges ranges, compacts the span from
  // the smallest to the largest instead (one pass, not one per decision).
  absl::Status CompactAway(
      std::vector<std::pair<std::string, std::string>> ranges) {
    constexpr size_t kMaxErasedRanges = 64;
    if (ranges.empty()) return absl::OkStatus();
    RETURN_IF_ERROR(
        RocksDbStatus(db_->Flush(rocksdb::FlushOptions()), "flush erased customer"));
    if (ranges.size() > kMaxErasedRanges) {
      std::sort(ranges.begin(), ranges.end());
      std::string last;
      for (const auto& r : ranges) last = std::max(last, r.second);
      ranges = {{ranges.front().first, last}};
    }
    rocksdb::CompactRangeOptions compact;
    compact.bottommost_level_compaction =
        rocksdb::BottommostLevelCompaction::kForce;
    for (const auto& [begin, end] : ranges) {
      rocksdb::Slice b(begin), e(end);
      RETURN_IF_ERROR(RocksDbStatus(db_->CompactRange(compact, &b, &e),
                               "compact erased customer"));
    }
    return absl::OkStatus();
  }

  // Writes one batch (see rocksdb_write.h).
  absl::Status Write(const rocksdb::WriteOptions& wo,
                     rocksdb::WriteBatch* batch, absl::string_view what) {
    return RocksDbWrite(db_.get(), wo, batch, what);
  }

  static char EventType(v1::Outcome outcome) {
    switch (outcome) {
      case v1::PRESENTED:
        return history::kPresented;
      case v1::DECLINED:
        return history::kDeclined;
      case v1::ACCEPTED:
        return history::kAccepted;
      default:
        return 0;
    }
  }

  // The decision with its outcomes in arrival order; an empty view when the
  // decision is gone.
  absl::StatusOr<DecisionView> ReadDecisionView(absl::string_view decision_id) {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(),
                                 keys::DecisionKey(decision_id), &value);
    if (s.IsNotFound()) return DecisionView();
    RETURN_IF_ERROR(RocksDbStatus(s, "read"));
    internal::StoredDecision stored;
    if (!stored.ParseFromString(value)) return DecisionView();
    DecisionView view = ToView(stored);
    struct Arrival {
      int64_t at;
      std::string sku;
      v1::Outcome outcome;
    };
    std::vector<Arrival> arrivals;
    const std::string prefix = keys::Prefix(keys::kOutcome, decision_id);
    rocksdb::ReadOptions ro;
    ro.prefix_same_as_start = true;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      const absl::string_view rest(it->key().data() + prefix.size(),
                                   it->key().size() - prefix.size());
      internal::StoredOutcome marker;
      if (rest.empty() ||
          !marker.ParseFromArray(it->value().data(),
                                 static_cast<int>(it->value().size()))) {
        continue;
      }
      arrivals.push_back({marker.arrival_unix_micros(),
                          std::string(rest.substr(1)),
                          static_cast<v1::Outcome>(rest[0])});
    }
    RETURN_IF_ERROR(RocksDbStatus(it->status(), "read"));
    std::stable_sort(
        arrivals.begin(), arrivals.end(),
        [](const Arrival& a, const Arrival& b) { return a.at < b.at; });
    for (DecisionView::Offer& offer : view.offers) {
      for (const Arrival& a : arrivals) {
        if (a.sku == offer.sku) offer.outcomes.push_back(a.outcome);
      }
    }
    return view;
  }

  const LedgerOptions options_;
  const std::unique_ptr<RetentionFilter> filter_;          // outlives db_
  const std::shared_ptr<rocksdb::Statistics> statistics_;  // may be null
  std::unique_ptr<rocksdb::DB> db_;
  // Closed before db_, used by evidence_.
  std::unique_ptr<rocksdb::ColumnFamilyHandle> evidence_family_;
  std::unique_ptr<RocksDbEvidenceStore> evidence_;
  rocksdb::WriteOptions write_;
  std::array<Mutex, kOutcomeStripes> stripes_;
  std::array<Mutex, kOutcomeStripes> order_stripes_;
  std::array<Mutex, kOutcomeStripes> unit_stripes_;  // always locked last
};

}  // namespace

absl::StatusOr<std::unique_ptr<OfferLedger>> NewRocksDbLedger(
    absl::string_view dir, const LedgerOptions& options) {
  return NewRocksDbLedgerWithStatistics(dir, options, nullptr);
}

absl::StatusOr<std::unique_ptr<OfferLedger>> NewRocksDbLedgerWithStatistics(
    absl::string_view dir, const LedgerOptions& options,
    std::shared_ptr<rocksdb::Statistics> statistics) {
  auto ledger = std::make_unique<RocksDbLedger>(
      options, std::make_unique<RetentionFilter>(options.retention),
      std::move(statistics));
  absl::Status s = ledger->Open(std::string(dir));
  if (!s.ok()) return s;
  return ledger;
}

}  // namespace offergraph
