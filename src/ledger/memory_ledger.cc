#include "offergraph/ledger/memory_ledger.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/customer_view.h"
#include "offergraph/common/mutex.h"

namespace offergraph {
namespace {

constexpr int kShards = 16;
// A shard drops its expired decisions once per this many new ones.
constexpr int kSweepEvery = 4096;

// Keeps only the times within (now - keep, now]; `times` is ascending.
void Trim(std::vector<absl::Time>* times, absl::Time oldest) {
  auto first = std::lower_bound(times->begin(), times->end(), oldest);
  times->erase(times->begin(), first);
}

struct StoredDecision {
  DecisionRecord record;
  // (sku, outcome) pairs already recorded, for idempotency.
  absl::flat_hash_set<std::pair<std::string, int>> outcomes;
  // The same pairs in the order they arrived, for the customer view.
  std::vector<std::pair<std::string, v1::Outcome>> arrivals;
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
  // (time, decision id) per customer id, in arrival order (may name
  // decisions already swept).
  absl::flat_hash_map<std::string,
                      std::vector<std::pair<absl::Time, std::string>>>
      by_customer ABSL_GUARDED_BY(mu);
  int decisions_since_sweep ABSL_GUARDED_BY(mu) = 0;
  int customers_since_sweep ABSL_GUARDED_BY(mu) = 0;
};

// In-memory OfferLedger. Thread-safe: 16 shards, each with its own mutex.
class MemoryLedger final : public OfferLedger {
 public:
  explicit MemoryLedger(const LedgerOptions& options) : options_(options) {}

  absl::string_view name() const override { return "memory"; }

  absl::StatusOr<ContactHistory> GetHistory(absl::string_view contact_key,
                                            absl::Time now) override {
    ContactHistory out;
    {
      Shard& shard = ShardFor(contact_key);
      MutexLock lock(&shard.mu);
      auto it = shard.histories.find(contact_key);
      if (it != shard.histories.end()) {
        Prune(&it->second, now);
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
      if (++shard.decisions_since_sweep >= kSweepEvery) {
        shard.decisions_since_sweep = 0;
        SweepDecisions(&shard, record.time - options_.retention);
      }
      StoredDecision& stored = shard.decisions[record.decision_id];
      stored = StoredDecision();
      stored.record = record;
    }
    if (!record.customer_id.empty()) {
      Shard& shard = ShardFor(record.customer_id);
      MutexLock lock(&shard.mu);
      if (++shard.customers_since_sweep >= kSweepEvery) {
        shard.customers_since_sweep = 0;
        SweepCustomers(&shard, record.time - options_.retention);
      }
      shard.by_customer[record.customer_id].emplace_back(record.time,
                                                         record.decision_id);
    }
    if (!record.contact_key.empty()) {
      Shard& shard = ShardFor(record.contact_key);
      MutexLock lock(&shard.mu);
      ContactHistory& h = shard.histories[record.contact_key];
      InsertSorted(&h.offer_responses, record.time);
    }
    return absl::OkStatus();
  }

  absl::StatusOr<OutcomeResult> RecordOutcome(
      const OutcomeRecord& record) override {
    OutcomeResult result;
    std::string contact_key;
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
      result.duplicate =
          !stored.outcomes.emplace(record.sku, static_cast<int>(record.outcome))
               .second;
      if (!result.duplicate) {
        stored.arrivals.emplace_back(record.sku, record.outcome);
      }
      contact_key = stored.record.contact_key;
    }
    if (result.duplicate || contact_key.empty()) return result;
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
    return result;
  }

  absl::Status SetCustomerState(absl::string_view customer_id,
                                const CustomerState& state) override {
    Shard& shard = ShardFor(customer_id);
    MutexLock lock(&shard.mu);
    if (!state.complaint_open && !state.budget_sensitive) {
      shard.states.erase(customer_id);
    } else {
      shard.states[customer_id] = state;
    }
    return absl::OkStatus();
  }

  absl::StatusOr<CustomerView> GetCustomerView(absl::string_view customer_id,
                                               const RuleParams& rules,
                                               absl::Time now) override {
    absl::StatusOr<ContactHistory> history =
        GetHistory(ContactKeyFor(customer_id, ""), now);
    if (!history.ok()) return history.status();
    std::vector<std::string> ids;
    {
      Shard& shard = ShardFor(customer_id);
      MutexLock lock(&shard.mu);
      auto it = shard.by_customer.find(customer_id);
      if (it != shard.by_customer.end()) {
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
    int64_t erased = 0;
    std::vector<std::string> ids;
    {
      Shard& shard = ShardFor(customer_id);
      MutexLock lock(&shard.mu);
      auto it = shard.by_customer.find(customer_id);
      if (it != shard.by_customer.end()) {
        for (auto& [time, id] : it->second) ids.push_back(std::move(id));
        shard.by_customer.erase(it);
      }
      erased += static_cast<int64_t>(shard.states.erase(customer_id));
    }
    for (const std::string& id : ids) {
      Shard& shard = ShardFor(id);
      MutexLock lock(&shard.mu);
      auto it = shard.decisions.find(id);
      if (it == shard.decisions.end() ||
          it->second.record.customer_id != customer_id) {
        continue;
      }
      erased += 1 + static_cast<int64_t>(it->second.arrivals.size());
      shard.decisions.erase(it);
    }
    const std::string key = ContactKeyFor(customer_id, "");
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

 private:
  // Drops decisions older than `oldest` from one shard.
  static void SweepDecisions(Shard* shard, absl::Time oldest)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard->mu) {
    absl::erase_if(shard->decisions, [oldest](const auto& entry) {
      return entry.second.record.time < oldest;
    });
  }

  // Drops index entries older than `oldest`, and customers left with none.
  static void SweepCustomers(Shard* shard, absl::Time oldest)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard->mu) {
    absl::erase_if(shard->by_customer, [oldest](auto& entry) {
      auto& list = entry.second;
      list.erase(
          std::remove_if(list.begin(), list.end(),
                         [oldest](const auto& e) { return e.first < oldest; }),
          list.end());
      return list.empty();
    });
  }

  Shard& ShardFor(absl::string_view key) {
    return shards_[absl::Hash<absl::string_view>()(key) % kShards];
  }

  static void InsertSorted(std::vector<absl::Time>* times, absl::Time t) {
    times->insert(std::upper_bound(times->begin(), times->end(), t), t);
  }

  // Forgets what is older than the retention.
  void Prune(ContactHistory* h, absl::Time now) {
    const absl::Time oldest = now - options_.retention;
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
};

}  // namespace

std::unique_ptr<OfferLedger> NewMemoryLedger(const LedgerOptions& options) {
  return std::make_unique<MemoryLedger>(options);
}

}  // namespace offergraph
