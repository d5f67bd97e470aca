// File: offer_ledger.h
// -----------------------------------------------------------------------------
// The offer ledger: what was offered to whom, what they did with it, and the
// customer's standing state (open complaint, budget sensitivity). The contact
// rules (cooldowns, decline rests, quiet period, daily cap) read it.
//
// History is keyed by a contact key: ContactKeyFor(customer_id, session_id)
// gives "c:<customer_id>" for known customers and "s:<session_id>" for guests.
// Skus are stored as strings, never as ProductIds, so history survives
// reloads. The history types the engine reads (ContactHistory,
// CustomerState, SkuContact) are in offergraph/contact_history.h, free of
// storage.
#ifndef OFFERGRAPH_LEDGER_OFFER_LEDGER_H_
#define OFFERGRAPH_LEDGER_OFFER_LEDGER_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "learn/evidence_store.h"
#include "ledger/experiment_aggregates.h"
#include "offergraph/contact_history.h"
#include "offergraph/rule_params.h"
#include "offergraph/v1/offer_service.pb.h"

namespace offergraph {

// Returns "c:<customer_id>" when customer_id is set, else "s:<session_id>"
// when session_id is set, else "" (no history kept).
std::string ContactKeyFor(absl::string_view customer_id,
                          absl::string_view session_id);

// A change to a customer's state: only the fields that are set change, the
// others keep their stored value (false for a customer never set).
struct CustomerStateUpdate {
  std::optional<bool> complaint_open;
  std::optional<bool> budget_sensitive;

  // Returns `state` with the set fields replaced.
  CustomerState ApplyTo(CustomerState state) const {
    if (complaint_open.has_value()) state.complaint_open = *complaint_open;
    if (budget_sensitive.has_value()) {
      state.budget_sensitive = *budget_sensitive;
    }
    return state;
  }
};

// What a decision logged about one offer for the learned propensity (issue
// 11): the numbers it was shown with, so that an outcome can update the
// model's evidence and calibration, and the probability with which the
// policy showed it (off-policy evaluation).
struct OfferLog {
  double affinity = 0;     // the graph's statistic
  double prior_score = 0;  // the model's reference prior (what it expected)
  double model_score = 0;  // the model's uncalibrated score
  double propensity = 0;   // the propensity returned
  double choice_probability = 1;
  // The context feature buckets (learn/context_features.h), in order.
  std::array<uint8_t, 8> features{};
  bool learned = false;  // false: learning was off for this decision
};

// A Suggest response that carried offers, or a ghost decision: one made
// for a unit in the holdout or a no_offers arm and not shown.
struct DecisionRecord {
  struct Item {
    std::string sku;
    v1::OfferKind kind = v1::OFFER_KIND_UNSPECIFIED;
    int64_t price = 0;  // minor units
    std::string currency;
    OfferLog log;
  };
  std::string decision_id;
  std::string contact_key;
  std::string customer_id;  // may be empty (guest)
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  absl::Time time;
  std::vector<Item> offers;
  // The experiment and arm it was made in (experiments.h); empty when none.
  std::string experiment;
  std::string arm;
  // Made but not shown: stored like any decision but adds no contact
  // history (it counts toward no cap or cooldown), and RecordOutcome refuses
  // outcomes for it (FAILED_PRECONDITION).
  bool ghost = false;
  // With a holdout configured: the unit's side of it, "holdout" or "rest"
  // (so experiment "holdout" can be reported against everyone else); empty
  // without one.
  std::string holdout_arm;
};

// An order placed by a unit (RecordOrder), offers or not.
struct OrderRecord {
  struct Line {
    std::string sku;
    int32_t quantity = 0;
    int64_t unit_price = 0;  // minor units
  };
  // The idempotency key.
  std::string order_id;
  // Optional: the decision it followed. When that decision is stored and
  // tagged with an experiment, its experiment, arm, holdout side and unit
  // replace the fields below.
  std::string decision_id;
  // ContactKeyFor(customer, session); may be empty when decision_id is set.
  std::string unit_key;
  int64_t total = 0;  // minor units
  std::string currency;
  std::vector<Line> lines;
  absl::Time time;
  // The unit's assignment under the serving rules (empty: none).
  std::string experiment;
  std::string arm;
  std::string holdout_arm;
  // The currency each experiment (and "holdout") measures revenue in
  // (ExperimentPlan::revenue_currencies), or null: an order that would
  // count in one of them in another currency is refused
  // (CheckOrderCurrency). Not owned; valid for the call.
  const absl::flat_hash_map<std::string, std::string>* revenue_currencies =
      nullptr;
};

struct OrderResult {
  // The order id was recorded before with the same total and currency.
  bool duplicate = false;
  // Where the order counted (for a duplicate: where it counted first).
  std::string experiment;
  std::string arm;
};

struct OutcomeRecord {
  std::string decision_id;
  std::string customer_id;  // optional; must match the decision's when set
  std::string sku;
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
  absl::Time time;
};

// What RecordOutcome learned, for KPI metrics.
struct OutcomeResult {
  bool duplicate = false;
  v1::OfferKind kind = v1::OFFER_KIND_UNSPECIFIED;
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  int64_t price = 0;
  std::string currency;
  // What the decision logged about the offer.
  OfferLog log;
  // True when an earlier outcome of the same offer of the same decision was
  // recorded (the showing is already counted).
  bool already_presented = false;
  // The decision's experiment and arm, so the outcome counts for its arm.
  std::string experiment;
  std::string arm;
};

struct LedgerOptions {
  // Records older than this are forgotten (and decisions older than this are
  // NOT_FOUND for RecordOutcome). Must cover the longest contact rule.
  absl::Duration retention = absl::Hours(24 * 90);

  // RocksDB: false (default) returns from a write once it is in the
  // write-ahead log in the OS page cache, which survives the process being
  // killed (SIGKILL, crash) but not a power loss or kernel crash; true also
  // fsyncs the log before returning, which survives those too at the cost of
  // one fsync per write.
  bool fsync = false;

  // Redis: the longest wait to open a connection and for one command's
  // reply; past them a call returns UNAVAILABLE.
  absl::Duration redis_connect_timeout = absl::Milliseconds(500);
  absl::Duration redis_command_timeout = absl::Milliseconds(250);
  // Redis: idle connections kept open for reuse (more are opened on demand).
  int redis_pool_size = 8;
  // Redis: prepended to every key, so several deployments can share one
  // Redis.
  std::string redis_key_prefix = "og:";
};

// A past decision and what the customer did with each of its offers.
struct DecisionView {
  struct Offer {
    std::string sku;
    v1::OfferKind kind = v1::OFFER_KIND_UNSPECIFIED;
    int64_t price = 0;  // minor units
    std::string currency;
    // Outcomes reported for this offer, in the order they arrived.
    std::vector<v1::Outcome> outcomes;
  };
  std::string decision_id;
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  absl::Time time;
  std::vector<Offer> offers;
  std::string experiment;
  std::string arm;
  bool ghost = false;
};

// Something that currently holds offers back for a customer.
struct ActiveRest {
  // The resting sku; empty when every offer rests (RECENT_ACCEPT,
  // FREQUENCY_CAP).
  std::string sku;
  // COOLDOWN, RECENTLY_DECLINED, RECENT_ACCEPT or FREQUENCY_CAP.
  v1::SuppressionReason reason = v1::SUPPRESSION_REASON_UNSPECIFIED;
  // When the rest ends.
  absl::Time until;
};

// What the support desk sees about one customer, as of one moment.
struct CustomerView {
  CustomerState state;
  // Decisions within the retention, newest first (at most
  // kMaxViewDecisions).
  std::vector<DecisionView> decisions;
  // Ordered by reason, then sku.
  std::vector<ActiveRest> active_rests;
  // Offer-bearing responses in (now - 24h, now].
  int offer_responses_last_24h = 0;
};

inline constexpr int kMaxViewDecisions = 200;

// The store behind the contact rules.
//
// Implementations: in-memory (memory_ledger.h); later durable and shared
// ones. Thread safety: every implementation is safe for concurrent use.
class OfferLedger {
 public:
  virtual ~OfferLedger() = default;

  // A short name for status and logs: "memory", "rocksdb", "redis".
  virtual absl::string_view name() const = 0;

  // Returns the history of `contact_key` as of `now` (records older than the
  // retention may be left out) and, for customer keys, the customer's state.
  // An unknown key yields an empty history, not an error.
  virtual absl::StatusOr<ContactHistory> GetHistory(
      absl::string_view contact_key, absl::Time now) = 0;

  // Records a response that carried offers, or a ghost decision (which
  // adds no contact history). Returns once it is stored.
  virtual absl::Status RecordDecision(const DecisionRecord& record) = 0;

  // Records an outcome. Idempotent per (decision, sku, outcome): a repeat
  // returns duplicate = true and changes nothing. Errors: NOT_FOUND for an
  // unknown or expired decision; INVALID_ARGUMENT when the sku was not
  // offered in it or the customer does not match; FAILED_PRECONDITION for
  // a ghost decision (GhostOutcomeError) and when it contradicts the sku's
  // recorded outcome (ACCEPTED after DECLINED or
  // the reverse, see ContradictingOutcome), which changes nothing. Atomic:
  // of two concurrent contradicting outcomes exactly one succeeds. Returns
  // once it is stored.
  virtual absl::StatusOr<OutcomeResult> RecordOutcome(
      const OutcomeRecord& record) = 0;

  // Counts a decision that carried no offers (and so is not stored) in its
  // unit's experiment aggregates: a unit is in an experiment's report from
  // its first decision, offers or not. Records with no experiment and no
  // holdout side, or no contact key, change nothing.
  virtual absl::Status RecordExposure(const DecisionRecord& record) = 0;

  // Records an order and adds it to its unit's experiment aggregates (before
  // the unit's first decision in an arm it counts as pre-period revenue, the
  // CUPED covariate). Idempotent per order id: a repeat with the same total
  // and currency returns duplicate = true and changes nothing; with another
  // total or currency it is FAILED_PRECONDITION (OrderConflictError).
  // NOT_FOUND when only a decision id identifies the unit and that decision
  // is unknown. INVALID_ARGUMENT (CheckOrderCurrency, checked once the
  // order's experiment is known and before the order id is looked up) when
  // it would count in an experiment in another currency; nothing is
  // recorded. Atomic per order id. Returns once it is stored.
  virtual absl::StatusOr<OrderResult> RecordOrder(
      const OrderRecord& record) = 0;

  // Calls `visit` once per unit of `experiment` (any arm) with its
  // aggregate, in no particular order; reads one record per unit, holds
  // none. An experiment with no units visits nothing. Stops at the first
  // read error, and with ScanCancelledError when `visit` returns false.
  virtual absl::Status ScanExperiment(absl::string_view experiment,
                                      const UnitVisitor& visit) = 0;

  // Changes the fields of a customer's standing state that `update` sets,
  // atomically, and returns the whole state after the change. Seen by every
  // channel.
  virtual absl::StatusOr<CustomerState> SetCustomerState(
      absl::string_view customer_id, const CustomerStateUpdate& update) = 0;

  // Returns the customer's recent decisions with their outcomes, the rests
  // the contact rules in `rules` currently impose, and the customer's state,
  // as of `now`. An unknown customer yields an empty view.
  virtual absl::StatusOr<CustomerView> GetCustomerView(
      absl::string_view customer_id, const RuleParams& rules, absl::Time now);

  // Deletes everything stored about the customer: decisions, their outcome
  // markers, history events and state. Returns how many records were
  // removed; an unknown customer removes 0. Guest ("s:") history is not
  // touched.
  virtual absl::StatusOr<int64_t> EraseCustomer(absl::string_view customer_id);

  // Deletes everything stored about a guest session: the history of
  // "s:<session_id>" and the decisions recorded under it (those without a
  // customer id) with their outcome markers. Returns how many records were
  // removed; an unknown session removes 0. Customers' records are not
  // touched, even when a request named this session beside a customer id.
  virtual absl::StatusOr<int64_t> EraseSession(absl::string_view session_id);

  // Where the learned propensity keeps its evidence in this store, shared
  // like the rest of the ledger; nullptr when the store keeps none (the
  // memory ledger: the learner then keeps evidence in process). Owned by the
  // ledger.
  virtual EvidenceStore* evidence_store() { return nullptr; }
};

// The outcome that `outcome` contradicts for the same offer (ACCEPTED for
// DECLINED and the reverse), or OUTCOME_UNSPECIFIED when none does
// (PRESENTED goes with either).
v1::Outcome ContradictingOutcome(v1::Outcome outcome);

// The FAILED_PRECONDITION every store returns for an outcome of a ghost
// decision: its offers were never shown.
absl::Status GhostOutcomeError(absl::string_view decision_id);

// The FAILED_PRECONDITION every store returns for an order id recorded
// before with another total or currency.
absl::Status OrderConflictError(absl::string_view order_id);

// OK unless `order`, attributed (its experiment, arm and holdout side set,
// as it would count), would count in an experiment of
// `order.revenue_currencies` that measures revenue in another currency:
// then the INVALID_ARGUMENT every store returns, naming total.currency.
absl::Status CheckOrderCurrency(const OrderRecord& order);

// The FAILED_PRECONDITION every store returns when `outcome` for `sku` in
// `decision_id` contradicts the outcome already recorded for it.
absl::Status ContradictionError(absl::string_view decision_id,
                                absl::string_view sku, v1::Outcome outcome);

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_OFFER_LEDGER_H_
