#include "ledger/memory_ledger.h"

#include <algorithm>
#include <array>
#include <deque>
#include <functional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/customer_view.h"
#include "ledger/stored_records.h"
#include "util/mutex.h"
#include "util/status_macros.h"

namespace offergraph {
namespace {

constexpr int kShards = 16;
// Each write retires at most this many expired records of its shard: more
// than one, so a backlog (after a quiet spell, or a burst of old records)
// shrinks while writes go on, and few, so no write pays for many.
constexpr int kRetirePerWrite = 4;

// Keeps only the times at or after `oldest`; `times` is ascending.
void Trim(std::vector<absl::Time>* times, absl::Time oldest) {
  auto first = std::lower_bound(times->begin(), times->end(), oldest);
  times->erase(times->begin(), first);
}

// The key a decision is indexed under, for the customer view and erasure:
// the customer's contact key, else the guest session's.
std::string OwnerKey(const DecisionRecord& record) {
  return record.customer_id.empty() ? record.contact_key
                                    : ContactKeyFor(record.customer_id, "");
}

struct StoredDecision {
  DecisionRecord record;
  // (sku, outcome) pairs already recorded, for idempotency.
  absl::flat_hash_set<std::pair<std::string, int>> outcomes;
  // The same pairs in the order they arrived, for the customer view.
  std::vector<std::pair<std::string, v1::Outcome>> arrivals;
};

// A record that may be retired once `time` is past the retention.
struct Expiry {
  enum Kind { kDecision, kIndex, kHistory };
  absl::Time time;
  Kind kind;
  std::string key;
  // Orders the heap oldest first.
  bool operator>(const Expiry& other) const { return time > other.time; }
};

// Shard of decisions and histories. Decisions and histories are sharded by
// their own keys, so one RecordOutcome takes two shard locks in turn, never
// at once.
struct Shard {
  Mutex mu;
  absl::flat_hash_map<std::string, StoredDecision> decisions
      ABSL_GUARDED_BY(mu);
  absl::flat_hash_map<std::string, ContactHistory> histories
      ABSL_GUARDED_BY(mu);
  absl::flat_hash_map<std::string, CustomerState> states ABSL_GUARDED_BY(mu);
  // (time, decision id) per owner key (OwnerKey), in arrival order (may
  // name decisions already retired). Retiring pops from the front, so a
  // busy owner costs no more per write than a quiet one.
  absl::flat_hash_map<std::string,
                      std::deque<std::pair<absl::Time, std::string>>>
      index ABSL_GUARDED_BY(mu);
  // One entry per record written to this shard, oldest first.
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>>
      expiries ABSL_GUARDED_BY(mu);
  // The newest record time this shard has seen: its "now" for retiring.
  absl::Time newest ABSL_GUARDED_BY(mu) = absl::InfinitePast();
};

// The experiment aggregates and orders. One mutex: they are small writes,
// and the memory ledger serves tests and single processes.
struct ExperimentData {
  Mutex mu;
  // experiment -> (arm \0 unit key) -> aggregate.
  absl::flat_hash_map<std::string,
                      absl::flat_hash_map<std::string, UnitAggregate>>
      aggregates ABSL_GUARDED_BY(mu);
  absl::flat_hash_map<std::string, OrderRecord> orders ABSL_GUARDED_BY(mu);
  // unit key -> the (experiment, arm) pairs it has an aggregate in, and
  // the ids of the orders recorded under it: what erasing it removes.
  absl::flat_hash_map<std::string,
                      absl::flat_hash_set<std::pair<std::string, std::string>>>
      unit_arms ABSL_GUARDED_BY(mu);
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> unit_orders
      ABSL_GUARDED_BY(mu);
  // (time, order id), in arrival order, to retire orders past retention.
  std::deque<std::pair<absl::Time, std::string>> order_times
      ABSL_GUARDED_BY(mu);
};

// In-memory OfferLedger. Thread-safe: 16 shards, each with its own mutex,
// and one for the experiment aggregates and orders (always taken last).
class MemoryLedgerImpl final : public MemoryLedger {
 public:
  explicit MemoryLedgerImpl(const LedgerOptions& options) : options_(options) {}

  absl::string_view name() const override { return "memory"; }

  Stats stats() override {
    Stats s;
    for (Shard& shard : shards_) {
      MutexLock lock(&shard.mu);
      s.decisions += static_cast<int64_t>(shard.decisions.size());
      s.histories += static_cast<int64_t>(shard.histories.size());
      s.indexed_contacts += static_cast<int64_t>(shard.index.size());
      s.states += static_cast<int64_t>(shard.states.size());
      s.pending_expiries += static_cast<int64_t>(shard.expiries.size());
    }
    return s;
  }

  absl::StatusOr<ContactHistory> GetHistory(absl::string_view contact_key,
                                            absl::Time now) override {
    ContactHistory out;
    {
      Shard& shard = ShardFor(contact_key);
      MutexLock lock(&shard.mu);
      auto it = shard.histories.find(contact_key);
      if (it != shard.histories.end()) {
        Prune(&it->second, now - options_.retention);
        out = it->second;
      }
    }
    if (absl::StartsWith(contact_key, "c:")) {
      absl::string_view customer = contact_key.substr(2);
      Shard& shard = ShardFor(customer);
      MutexLock lock(&shard.mu);
      auto it = shard.states.find(customer);
      if (it != shard.states.end()) out.state = it->second;
    }
    // Offer responses count over the last 24 hours only.
    Trim(&out.offer_responses, now - absl::Hours(24));
    return out;
  }

  absl::Status RecordDecision(const DecisionRecord& record) override {
    {
      Shard& shard = ShardFor(record.decision_id);
      MutexLock lock(&shard.mu);
      StoredDecision& stored = shard.decisions[record.decision_id];
      stored = StoredDecision();
      stored.record = record;
      Written(&shard, Expiry::kDecision, record.decision_id, record.time);
    }
    const std::string owner = OwnerKey(record);
    if (!owner.empty()) {
      Shard& shard = ShardFor(owner);
      MutexLock lock(&shard.mu);
      shard.index[owner].emplace_back(record.time, record.decision_id);
      Written(&shard, Expiry::kIndex, owner, record.time);
    }
    // A ghost decision was never shown: no offer response to count.
    if (!record.contact_key.empty() && !record.ghost) {
      Shard& shard = ShardFor(record.contact_key);
      MutexLock lock(&shard.mu);
      ContactHistory& h = shard.histories[record.contact_key];
      InsertSorted(&h.offer_responses, record.time);
      Written(&shard, Expiry::kHistory, record.contact_key, record.time);
    }
    CountDecision(record, static_cast<int64_t>(record.offers.size()));
    return absl::OkStatus();
  }

  absl::Status RecordExposure(const DecisionRecord& record) override {
    CountDecision(record, 0);
    return absl::OkStatus();
  }

  absl::StatusOr<OrderResult> RecordOrder(const OrderRecord& record) override {
    OrderRecord order = record;
    if (!record.decision_id.empty()) {
      Shard& shard = ShardFor(record.decision_id);
      MutexLock lock(&shard.mu);
      auto it = shard.decisions.find(record.decision_id);
      if (it != shard.decisions.end()) {
        const DecisionRecord& d = it->second.record;
        if (!d.experiment.empty() || !d.holdout_arm.empty()) {
          order.experiment = d.experiment;
          order.arm = d.arm;
          order.holdout_arm = d.holdout_arm;
          order.unit_key = d.contact_key;
        }
      } else if (record.unit_key.empty()) {
        return DecisionNotFoundForOrder(record.decision_id);
      }
    }
    RETURN_IF_ERROR(CheckOrderCurrency(order));
    MutexLock lock(&experiments_.mu);
    auto found = experiments_.orders.find(order.order_id);
    if (found != experiments_.orders.end()) {
      if (found->second.total != order.total ||
          found->second.currency != order.currency) {
        return OrderConflictError(order.order_id);
      }
      return OrderResult{true, found->second.experiment, found->second.arm};
    }
    if (!order.unit_key.empty()) {
      for (const ArmTag& tag :
           ArmsFor(order.experiment, order.arm, order.holdout_arm)) {
        AddOrder(order.total, &AggregateOf(tag, order.unit_key));
      }
      experiments_.unit_orders[order.unit_key].insert(order.order_id);
    }
    experiments_.order_times.emplace_back(order.time, order.order_id);
    for (int i = 0; i < kRetirePerWrite && !experiments_.order_times.empty();
         ++i) {
      const auto& [time, id] = experiments_.order_times.front();
      if (time >= order.time - options_.retention) break;
      RetireOrder(id);
      experiments_.order_times.pop_front();
    }
    OrderResult result{false, order.experiment, order.arm};
    order.revenue_currencies = nullptr;  // valid for this call only
    experiments_.orders.emplace(order.order_id, std::move(order));
    return result;
  }

  absl::Status ScanExperiment(absl::string_view experiment,
                              const UnitVisitor& visit) override {
    // Copied out, so `visit` runs without the lock.
    std::vector<std::pair<std::string, UnitAggregate>> units;
    {
      MutexLock lock(&experiments_.mu);
      auto it = experiments_.aggregates.find(experiment);
      if (it == experiments_.aggregates.end()) return absl::OkStatus();
      units.reserve(it->second.size());
      for (const auto& [key, aggregate] : it->second) {
        units.emplace_back(key.substr(0, key.find('\0')), aggregate);
      }
    }
    for (const auto& [arm, aggregate] : units) {
      if (!visit(arm, aggregate)) return ScanCancelledError(experiment);
    }
    return absl::OkStatus();
  }

  absl::StatusOr<OutcomeResult> RecordOutcome(
      const OutcomeRecord& record) override {
    OutcomeResult result;
    std::string contact_key;
    std::vector<ArmTag> accepted_in;
    {
      Shard& shard = ShardFor(record.decision_id);
      MutexLock lock(&shard.mu);
      auto it = shard.decisions.find(record.decision_id);
      if (it == shard.decisions.end() ||
          it->second.record.time < record.time - options_.retention) {
        return absl::NotFoundError(
            absl::StrCat("decision ", record.decision_id,
                         " not found (unknown or expired)"));
      }
      StoredDecision& stored = it->second;
      if (!record.customer_id.empty() &&
          record.customer_id != stored.record.customer_id) {
        return absl::InvalidArgumentError(
            "customer_id does not match the decision");
      }
      if (stored.record.ghost) return GhostOutcomeError(record.decision_id);
      const DecisionRecord::Item* item = nullptr;
      for (const DecisionRecord::Item& i : stored.record.offers) {
        if (i.sku == record.sku) item = &i;
      }
      if (item == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat(
            "sku \"", record.sku, "\" was not offered in decision ",
            record.decision_id));
      }
      result.kind = item->kind;
      result.channel = stored.record.channel;
      result.price = item->price;
      result.currency = item->currency;
      result.log = item->log;
      result.experiment = stored.record.experiment;
      result.arm = stored.record.arm;
      const std::pair<std::string, int> marker(
          record.sku, static_cast<int>(record.outcome));
      result.duplicate = stored.outcomes.contains(marker);
      if (result.duplicate) return result;
      for (v1::Outcome earlier : {v1::PRESENTED, v1::ACCEPTED, v1::DECLINED}) {
        result.already_presented |= stored.outcomes.contains(
            {record.sku, static_cast<int>(earlier)});
      }
      if (stored.outcomes.contains(
              {record.sku,
               static_cast<int>(ContradictingOutcome(record.outcome))})) {
        return ContradictionError(record.decision_id, record.sku,
                                  record.outcome);
      }
      stored.outcomes.insert(marker);
      stored.arrivals.emplace_back(record.sku, record.outcome);
      contact_key = stored.record.contact_key;
      if (record.outcome == v1::ACCEPTED) {
        accepted_in = ArmsFor(stored.record.experiment, stored.record.arm,
                              stored.record.holdout_arm);
      }
    }
    if (!accepted_in.empty() && !contact_key.empty()) {
      MutexLock lock(&experiments_.mu);
      for (const ArmTag& tag : accepted_in) {
        ++AggregateOf(tag, contact_key).offers_accepted;
      }
    }
    if (contact_key.empty()) return result;
    Shard& shard = ShardFor(contact_key);
    MutexLock lock(&shard.mu);
    ContactHistory& h = shard.histories[contact_key];
    switch (record.outcome) {
      case v1::PRESENTED:
        InsertSorted(&h.skus[record.sku].presented, record.time);
        break;
      case v1::DECLINED: {
        SkuContact& c = h.skus[record.sku];
        c.last_declined = std::max(c.last_declined, record.time);
        break;
      }
      case v1::ACCEPTED:
        h.last_accepted = std::max(h.last_accepted, record.time);
        break;
      default:
        break;
    }
    Written(&shard, Expiry::kHistory, contact_key, record.time);
    return result;
  }

  absl::StatusOr<CustomerState> SetCustomerState(
      absl::string_view customer_id,
      const CustomerStateUpdate& update) override {
    Shard& shard = ShardFor(customer_id);
    MutexLock lock(&shard.mu);
    auto it = shard.states.find(customer_id);
    const CustomerState state =
        update.ApplyTo(it == shard.states.end() ? CustomerState() : it->second);
    if (!state.complaint_open && !state.budget_sensitive) {
      if (it != shard.states.end()) shard.states.erase(it);
    } else {
      shard.states[customer_id] = state;
    }
    return state;
  }

  absl::StatusOr<CustomerView> GetCustomerView(absl::string_view customer_id,
                                               const RuleParams& rules,
                                               absl::Time now) override {
    const std::string key = ContactKeyFor(customer_id, "");
    absl::StatusOr<ContactHistory> history = GetHistory(key, now);
    if (!history.ok()) return history.status();
    std::vector<std::string> ids;
    {
      Shard& shard = ShardFor(key);
      MutexLock lock(&shard.mu);
      auto it = shard.index.find(key);
      if (it != shard.index.end()) {
        for (const auto& [time, id] : it->second) ids.push_back(id);
      }
    }
    std::vector<DecisionView> decisions;
    const absl::Time oldest = now - options_.retention;
    for (const std::string& id : ids) {
      Shard& shard = ShardFor(id);
      MutexLock lock(&shard.mu);
      auto it = shard.decisions.find(id);
      if (it == shard.decisions.end()) continue;
      const DecisionRecord& d = it->second.record;
      if (d.customer_id != customer_id || d.time < oldest) continue;
      DecisionView view;
      view.decision_id = d.decision_id;
      view.channel = d.channel;
      view.time = d.time;
      view.experiment = d.experiment;
      view.arm = d.arm;
      view.ghost = d.ghost;
      for (const DecisionRecord::Item& item : d.offers) {
        DecisionView::Offer offer;
        offer.sku = item.sku;
        offer.kind = item.kind;
        offer.price = item.price;
        offer.currency = item.currency;
        for (const auto& [sku, outcome] : it->second.arrivals) {
          if (sku == item.sku) offer.outcomes.push_back(outcome);
        }
        view.offers.push_back(std::move(offer));
      }
      decisions.push_back(std::move(view));
    }
    return BuildCustomerView(*history, std::move(decisions), rules, now);
  }

  absl::StatusOr<int64_t> EraseCustomer(
      absl::string_view customer_id) override {
    const std::string key = ContactKeyFor(customer_id, "");
    int64_t erased = EraseOwner(key) + EraseUnit(key);
    Shard& shard = ShardFor(customer_id);
    MutexLock lock(&shard.mu);
    erased += static_cast<int64_t>(shard.states.erase(customer_id));
    return erased;
  }

  absl::StatusOr<int64_t> EraseSession(absl::string_view session_id) override {
    const std::string key = ContactKeyFor("", session_id);
    return EraseOwner(key) + EraseUnit(key);
  }

 private:
  // Erases the experiment aggregates of unit `key` and the orders recorded
  // under it; returns how many went. One lock: a report sees the unit
  // either whole or not at all.
  int64_t EraseUnit(const std::string& key) {
    if (key.empty()) return 0;
    int64_t erased = 0;
    MutexLock lock(&experiments_.mu);
    auto arms = experiments_.unit_arms.find(key);
    if (arms != experiments_.unit_arms.end()) {
      for (const auto& [experiment, arm] : arms->second) {
        auto it = experiments_.aggregates.find(experiment);
        if (it == experiments_.aggregates.end()) continue;
        erased +=
            static_cast<int64_t>(it->second.erase(AggregateKey(arm, key)));
        if (it->second.empty()) experiments_.aggregates.erase(it);
      }
      experiments_.unit_arms.erase(arms);
    }
    auto orders = experiments_.unit_orders.find(key);
    if (orders != experiments_.unit_orders.end()) {
      for (const std::string& id : orders->second) {
        erased += static_cast<int64_t>(experiments_.orders.erase(id));
      }
      experiments_.unit_orders.erase(orders);
    }
    return erased;
  }

  // The aggregate of `unit` in `tag`, created (and indexed for erasure)
  // when new.
  UnitAggregate& AggregateOf(const ArmTag& tag, const std::string& unit)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(experiments_.mu) {
    auto [it, inserted] = experiments_.aggregates[tag.experiment].try_emplace(
        AggregateKey(tag.arm, unit));
    if (inserted) experiments_.unit_arms[unit].emplace(tag.experiment, tag.arm);
    return it->second;
  }

  // Forgets order `id` (past the retention) and its place in its unit's
  // orders.
  void RetireOrder(const std::string& id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(experiments_.mu) {
    auto it = experiments_.orders.find(id);
    if (it == experiments_.orders.end()) return;
    auto unit = experiments_.unit_orders.find(it->second.unit_key);
    if (unit != experiments_.unit_orders.end()) {
      unit->second.erase(id);
      if (unit->second.empty()) experiments_.unit_orders.erase(unit);
    }
    experiments_.orders.erase(it);
  }

  // Erases the decisions indexed under `key` (with their outcome markers)
  // and the history of `key`; returns how many records went.
  int64_t EraseOwner(const std::string& key) {
    if (key.empty()) return 0;
    int64_t erased = 0;
    std::vector<std::string> ids;
    {
      Shard& shard = ShardFor(key);
      MutexLock lock(&shard.mu);
      auto it = shard.index.find(key);
      if (it != shard.index.end()) {
        for (auto& [time, id] : it->second) ids.push_back(std::move(id));
        shard.index.erase(it);
      }
    }
    for (const std::string& id : ids) {
      Shard& shard = ShardFor(id);
      MutexLock lock(&shard.mu);
      auto it = shard.decisions.find(id);
      if (it == shard.decisions.end() || OwnerKey(it->second.record) != key) {
        continue;
      }
      erased += 1 + static_cast<int64_t>(it->second.arrivals.size());
      shard.decisions.erase(it);
    }
    Shard& shard = ShardFor(key);
    MutexLock lock(&shard.mu);
    auto it = shard.histories.find(key);
    if (it != shard.histories.end()) {
      const ContactHistory& h = it->second;
      erased += static_cast<int64_t>(h.offer_responses.size()) +
                (h.last_accepted != absl::InfinitePast() ? 1 : 0);
      for (const auto& [sku, contact] : h.skus) {
        erased += static_cast<int64_t>(contact.presented.size()) +
                  (contact.last_declined != absl::InfinitePast() ? 1 : 0);
      }
      shard.histories.erase(it);
    }
    return erased;
  }

  // Notes a record written at `time` under `key`, then retires up to
  // kRetirePerWrite of the shard's records that are past the retention.
  void Written(Shard* shard, Expiry::Kind kind, const std::string& key,
               absl::Time time) ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard->mu) {
    shard->expiries.push({time, kind, key});
    shard->newest = std::max(shard->newest, time);
    const absl::Time oldest = shard->newest - options_.retention;
    for (int i = 0; i < kRetirePerWrite && !shard->expiries.empty() &&
                    shard->expiries.top().time < oldest;
         ++i) {
      Retire(shard, shard->expiries.top(), oldest);
      shard->expiries.pop();
    }
  }

  // Drops what `e` names if nothing newer than `oldest` is left in it (a
  // newer write has an entry of its own, retired later).
  static void Retire(Shard* shard, const Expiry& e, absl::Time oldest)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard->mu) {
    switch (e.kind) {
      case Expiry::kDecision: {
        auto it = shard->decisions.find(e.key);
        if (it != shard->decisions.end() && it->second.record.time < oldest) {
          shard->decisions.erase(it);
        }
        break;
      }
      case Expiry::kIndex: {
        auto it = shard->index.find(e.key);
        if (it == shard->index.end()) break;
        // Arrival order is time order up to clock skew: an entry behind a
        // newer one goes with it (readers check decision times anyway).
        auto& list = it->second;
        while (!list.empty() && list.front().first < oldest) list.pop_front();
        if (list.empty()) shard->index.erase(it);
        break;
      }
      case Expiry::kHistory: {
        auto it = shard->histories.find(e.key);
        if (it == shard->histories.end()) break;
        Prune(&it->second, oldest);
        if (it->second.empty()) shard->histories.erase(it);
        break;
      }
    }
  }

  static std::string AggregateKey(absl::string_view arm,
                                  absl::string_view unit) {
    return absl::StrCat(arm, absl::string_view("\0", 1), unit);
  }

  // Adds one decision with `offers` offers to its unit's aggregates.
  void CountDecision(const DecisionRecord& record, int64_t offers) {
    if (record.contact_key.empty()) return;
    const std::vector<ArmTag> arms =
        ArmsFor(record.experiment, record.arm, record.holdout_arm);
    if (arms.empty()) return;
    const UnitAggregate delta = DecisionDelta(record.ghost, offers);
    MutexLock lock(&experiments_.mu);
    for (const ArmTag& tag : arms) {
      AggregateOf(tag, record.contact_key).Add(delta);
    }
  }

  Shard& ShardFor(absl::string_view key) {
    return shards_[absl::Hash<absl::string_view>()(key) % kShards];
  }

  static void InsertSorted(std::vector<absl::Time>* times, absl::Time t) {
    times->insert(std::upper_bound(times->begin(), times->end(), t), t);
  }

  // Forgets what is older than `oldest`.
  static void Prune(ContactHistory* h, absl::Time oldest) {
    Trim(&h->offer_responses, oldest);
    for (auto it = h->skus.begin(); it != h->skus.end();) {
      Trim(&it->second.presented, oldest);
      if (it->second.last_declined < oldest) {
        it->second.last_declined = absl::InfinitePast();
      }
      if (it->second.presented.empty() &&
          it->second.last_declined == absl::InfinitePast()) {
        h->skus.erase(it++);
      } else {
        ++it;
      }
    }
    if (h->last_accepted < oldest) h->last_accepted = absl::InfinitePast();
  }

  const LedgerOptions options_;
  std::array<Shard, kShards> shards_;
  ExperimentData experiments_;
};

}  // namespace

std::unique_ptr<MemoryLedger> NewMemoryLedger(const LedgerOptions& options) {
  return std::make_unique<MemoryLedgerImpl>(options);
}

}  // namespace offergraph
