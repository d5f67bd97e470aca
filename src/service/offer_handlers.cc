#include "service/offer_handlers.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "learn/propensity_model.h"
#include "ledger/call_deadline.h"
#include "offergraph/experiments.h"
#include "service/id_checks.h"
#include "service/learning_convert.h"
#include "service/suggest_convert.h"
#include "spdlog/spdlog.h"
#include "util/status_macros.h"

namespace offergraph {
namespace {

// Turns every offer of `decision` into a suppression with `reason`.
void SuppressAll(v1::SuppressionReason reason, bool explain,
                 Decision* decision) {
  for (const RankedOffer& offer : decision->offers) {
    ++decision->suppression_counts[reason];
    if (explain) {
      decision->suppressed.push_back(
          {offer.product, offer.kind, reason, offer.bundle});
    }
  }
  decision->offers.clear();
  decision->suppression = reason;
}

// The unit's side of the holdout ("holdout" or "rest"), empty when the
// rules configure none.
std::string HoldoutArm(const ExperimentPlan& plan, const Assignment& a) {
  if (plan.holdout_share() <= 0) return "";
  return std::string(a.holdout ? kHoldoutName : kHoldoutRestArm);
}

bool IsCurrencyCode(absl::string_view c) {
  return c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) {
           return ch >= 'A' && ch <= 'Z';
         });
}

constexpr int kMaxOrderLines = 1000;
constexpr int32_t kMaxLineQuantity = 1000000;

// Checks a RecordOrder request; INVALID_ARGUMENT naming the field.
absl::Status CheckOrder(const v1::RecordOrderRequest& r) {
  RETURN_IF_ERROR(CheckId("order_id", r.order_id(), IdRequired::kYes));
  RETURN_IF_ERROR(CheckId("decision_id", r.decision_id(), IdRequired::kNo));
  RETURN_IF_ERROR(CheckId("customer_id", r.customer_id(), IdRequired::kNo));
  RETURN_IF_ERROR(CheckId("session_id", r.session_id(), IdRequired::kNo));
  if (r.decision_id().empty() && r.customer_id().empty() &&
      r.session_id().empty()) {
    return absl::InvalidArgumentError(
        "decision_id, customer_id, session_id: set at least one (the unit "
        "the order counts for)");
  }
  if (!r.has_total()) {
    return absl::InvalidArgumentError("total: required");
  }
  if (r.total().units() < 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "total.units: must be >= 0, got %d", r.total().units()));
  }
  if (!IsCurrencyCode(r.total().currency())) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "total.currency: must be a 3-letter ISO 4217 code, got \"%s\"",
        absl::CHexEscape(r.total().currency().substr(0, 16))));
  }
  if (r.lines_size() > kMaxOrderLines) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "lines: at most %d, got %d", kMaxOrderLines, r.lines_size()));
  }
  for (int i = 0; i < r.lines_size(); ++i) {
    const v1::OrderLine& line = r.lines(i);
    RETURN_IF_ERROR(CheckId(absl::StrFormat("lines[%d].sku", i), line.sku(),
                            IdRequired::kYes));
    if (line.quantity() < 1 || line.quantity() > kMaxLineQuantity) {
      return absl::InvalidArgumentError(
          absl::StrFormat("lines[%d].quantity: must be in 1..%d, got %d", i,
                          kMaxLineQuantity, line.quantity()));
    }
    if (line.unit_price().units() < 0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("lines[%d].unit_price.units: must be >= 0, got %d", i,
                          line.unit_price().units()));
    }
    if (!line.unit_price().currency().empty() &&
        line.unit_price().currency() != r.total().currency()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "lines[%d].unit_price.currency: must be the total's (%s), got "
          "\"%s\"",
          i, r.total().currency(),
          absl::CHexEscape(line.unit_price().currency().substr(0, 16))));
    }
  }
  if (r.time_unix_seconds() < 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "time_unix_seconds: must be >= 0, got %d", r.time_unix_seconds()));
  }
  return absl::OkStatus();
}

}  // namespace

double OfferServiceOptions::DefaultUniform() {
  thread_local absl::BitGen gen;
  return absl::Uniform<double>(gen, 0.0, 1.0);
}

std::string NewDecisionId() {
  thread_local absl::BitGen gen;
  // 128 random bits as 32 hex digits (absl::StrFormat cost ~1,100
  // instructions here; BytesToHexString is a table lookup per byte).
  const uint64_t bits[2] = {absl::Uniform<uint64_t>(gen),
                            absl::Uniform<uint64_t>(gen)};
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bits), sizeof(bits)));
}

OfferHandlers::OfferHandlers(const SnapshotStore* store, OfferLedger* ledger,
                             Metrics* metrics, const Authorizer* authorizer,
                             InflightLimiter* limiter,
                             OfferServiceOptions options)
    : store_(store),
      metrics_(metrics),
      authorizer_(authorizer),
      limiter_(limiter),
      options_(std::move(options)),
      ledger_breaker_(options_.ledger_circuit, &absl::Now,
                      [metrics, name = std::string(ledger->name())](
                          CircuitBreaker::State state) {
                        metrics->SetLedgerCircuitState(static_cast<int>(state));
                        if (state == CircuitBreaker::State::kOpen) {
                          spdlog::warn(
                              "ledger ({}) circuit open: ledger calls fail "
                              "fast until a trial call succeeds",
                              name);
                        }
                      }),
      guarded_ledger_(ledger, &ledger_breaker_, &ledger_health_,
                      options_.ledger_fail_open),
      ledger_(&guarded_ledger_),
      ledger_pool_(options_.ledger_threads > 0
                       ? std::make_unique<LedgerPool>(options_.ledger_threads)
                       : nullptr) {}

template <typename Body>
void OfferHandlers::Dispatch(const Call& call, Method method, CallDone done,
                             Body body) {
  const absl::Time start = absl::Now();
  auto finish = [this, done = std::move(done), method, start,
                 transport = call.transport](const absl::Status& status) {
    metrics_->RecordRequest(method, transport, static_cast<int>(status.code()),
                            absl::Now() - start);
    done(status);
  };
  if (limiter_->draining()) {
    finish(absl::UnavailableError(
        "server shutting down; retry on another instance"));
    return;
  }
  if (!limiter_->Admits()) {
    finish(absl::ResourceExhaustedError(
        absl::StrFormat("server overloaded: %d calls in flight is the limit; "
                        "retry with backoff",
                        limiter_->limit())));
    return;
  }
  auto run = [finish = std::move(finish), body = std::move(body),
              deadline = call.deadline]() mutable {
    // Each ledger call waits at most until the call's deadline.
    ScopedLedgerDeadline bound(deadline);
    finish(body());
  };
  if (ledger_pool_ == nullptr) {
    run();
  } else {
    ledger_pool_->Submit(std::move(run));
  }
}

void OfferHandlers::Suggest(const Call& call, const v1::SuggestRequest* request,
                            v1::SuggestResponse* response, CallDone done) {
  Dispatch(call, Method::kSuggest, std::move(done),
           [this, call, request, response] {
             return DoSuggest(call, *request, response);
           });
}

void OfferHandlers::RecordOutcome(const Call& call,
                                  const v1::RecordOutcomeRequest* request,
                                  v1::RecordOutcomeResponse* response,
                                  CallDone done) {
  Dispatch(call, Method::kRecordOutcome, std::move(done),
           [this, request, response] {
             return DoRecordOutcome(*request, response);
           });
}

void OfferHandlers::SetCustomerState(const Call& call,
                                     const v1::SetCustomerStateRequest* request,
                                     v1::SetCustomerStateResponse* response,
                                     CallDone done) {
  Dispatch(call, Method::kSetCustomerState, std::move(done),
           [this, call, request, response] {
             absl::Status allowed =
                 Authorize(*authorizer_, call, "SetCustomerState");
             return allowed.ok() ? DoSetCustomerState(*request, response)
                                 : allowed;
           });
}

void OfferHandlers::GetCustomerView(const Call& call,
                                    const v1::GetCustomerViewRequest* request,
                                    v1::GetCustomerViewResponse* response,
                                    CallDone done) {
  Dispatch(
      call, Method::kGetCustomerView, std::move(done),
      [this, call, request, response] {
        absl::Status allowed = Authorize(*authorizer_, call, "GetCustomerView");
        return allowed.ok() ? DoGetCustomerView(*request, response) : allowed;
      });
}

void OfferHandlers::RecordOrder(const Call& call,
                                const v1::RecordOrderRequest* request,
                                v1::RecordOrderResponse* response,
                                CallDone done) {
  Dispatch(
      call, Method::kRecordOrder, std::move(done),
      [this, request, response] { return DoRecordOrder(*request, response); });
}

void OfferHandlers::EraseCustomer(const Call& call,
                                  const v1::EraseCustomerRequest* request,
                                  v1::EraseCustomerResponse* response,
                                  CallDone done) {
  Dispatch(
      call, Method::kEraseCustomer, std::move(done),
      [this, call, request, response] {
        absl::Status allowed = Authorize(*authorizer_, call, "EraseCustomer");
        return allowed.ok() ? DoEraseCustomer(*request, response) : allowed;
      });
}

void OfferHandlers::WarnLedger(const char* what, const absl::Status& status) {
  int64_t held = 0;
  if (ledger_warnings_.ShouldLog(&held)) {
    spdlog::warn(
        "ledger ({}) {} failed, failing {}: {} ({} similar warnings "
        "held back)",
        std::string(ledger_->name()), what,
        options_.ledger_fail_open ? "open" : "closed", status.ToString(), held);
  }
}

absl::Status OfferHandlers::DoSuggest(const Call& call,
                                      const v1::SuggestRequest& request,
                                      v1::SuggestResponse* response) {
  if (call.deadline < absl::Now()) {
    return absl::DeadlineExceededError(
        "deadline passed before the decision started");
  }
  SnapshotPtr snapshot = store_->Current();
  if (snapshot == nullptr) {
    return absl::UnavailableError("no data snapshot loaded yet; retry shortly");
  }
  absl::StatusOr<ConvertedSuggest> converted =
      ConvertSuggestRequest(request, *snapshot);
  if (!converted.ok()) return converted.status();

  // Experiments: the unit's arm (or a preview's) and its rules. A ghost
  // decision (holdout, no_offers arm) is made and logged but not shown.
  const bool preview = !request.experiment().empty() || !request.arm().empty();
  Assignment assignment;
  if (preview) {
    if (absl::Status allowed = Authorize(*authorizer_, call, "Suggest preview");
        !allowed.ok()) {
      return allowed;
    }
    std::optional<Assignment> found =
        snapshot->experiments.Find(request.experiment(), request.arm());
    if (!found.has_value()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "experiment, arm: no arm \"%s\" of experiment \"%s\" in the "
          "serving rules",
          absl::CHexEscape(request.arm().substr(0, 64)),
          absl::CHexEscape(request.experiment().substr(0, 64))));
    }
    assignment = *found;
  } else {
    assignment = snapshot->experiments.Assign(request.customer_id(),
                                              request.session_id());
  }
  if (assignment.arm != nullptr) {
    const RuleParams& rules = assignment.arm->rules;
    converted->input.rules = &rules;
    converted->input.max_offers =
        std::min(request.max_offers(), rules.max_offers_cap);
  }
  const bool ghost = assignment.ghost();

  const absl::Time now = options_.clock();
  const std::string contact_key =
      ContactKeyFor(request.customer_id(), request.session_id());
  ContactHistory history;
  bool history_failed = false;
  if (!contact_key.empty()) {
    absl::StatusOr<ContactHistory> loaded =
        ledger_->GetHistory(contact_key, now);
    if (loaded.ok()) {
      history = *std::move(loaded);
    } else {
      history_failed = true;
      metrics_->RecordLedgerError(options_.ledger_fail_open);
      WarnLedger("GetHistory", loaded.status());
    }
  }

  // The learned model, swapped in the background; the engine ignores it when
  // learning is off in the rules.
  PropensityModelPtr model =
      options_.models != nullptr ? options_.models->Current() : nullptr;
  converted->input.model = model.get();
  if (model != nullptr) {
    converted->input.explore_draw = options_.uniform();
    converted->input.pick_draw = options_.uniform();
  }
  Decision decision = Decide(*snapshot, converted->input, history, now);

  if (history_failed && !options_.ledger_fail_open) {
    // Fail closed: without history we cannot honour cooldowns and caps.
    SuppressAll(v1::HISTORY_UNAVAILABLE, converted->input.explain, &decision);
  }

  // A preview never counts in an experiment's figures.
  const std::string holdout_arm =
      preview ? "" : HoldoutArm(snapshot->experiments, assignment);
  if (!preview && !assignment.experiment_name().empty()) {
    metrics_->experiments().RecordDecision(assignment.experiment_name(),
                                           assignment.arm_name(), ghost);
  }
  if (decision.offers.empty() && !contact_key.empty() && !preview &&
      (!assignment.experiment_name().empty() || !holdout_arm.empty())) {
    // Nothing to store, but the unit is in its arm from this decision on.
    DecisionRecord exposure;
    exposure.contact_key = contact_key;
    exposure.customer_id = request.customer_id();
    exposure.time = now;
    exposure.ghost = ghost;
    exposure.experiment = std::string(assignment.experiment_name());
    exposure.arm = std::string(assignment.arm_name());
    exposure.holdout_arm = holdout_arm;
    if (absl::Status written = ledger_->RecordExposure(exposure);
        !written.ok()) {
      metrics_->RecordLedgerError(options_.ledger_fail_open);
      WarnLedger("RecordExposure", written);
    }
  }
  if (!decision.offers.empty()) {
    // A ghost decision's id stays in the ledger: nothing was shown to
    // report outcomes for.
    const std::string decision_id = NewDecisionId();
    if (!ghost) response->set_decision_id(decision_id);
    {
      DecisionRecord record;
      record.decision_id = decision_id;
      record.ghost = ghost;
      if (!preview) {
        record.experiment = std::string(assignment.experiment_name());
        record.arm = std::string(assignment.arm_name());
        record.holdout_arm = holdout_arm;
      }
      record.contact_key = contact_key;
      record.customer_id = request.customer_id();
      record.channel = converted->input.channel;
      record.time = now;
      record.offers.reserve(decision.offers.size());
      for (const RankedOffer& offer : decision.offers) {
        // Keyed by the offered sku (a bundle's id); priced at what the
        // offer adds to the order: the price shown (after a promotion), or a
        // bundle's or quantity offer's extra_pay.
        const bool deal =
            offer.kind == v1::BUNDLE || offer.kind == v1::QUANTITY;
        record.offers.push_back({std::string(OfferSku(*snapshot, offer)),
                                 offer.kind,
                                 deal ? offer.extra_pay : offer.price,
                                 OfferCurrency(*snapshot, offer),
                                 LogFor(offer)});
      }
      absl::Status written = ledger_->RecordDecision(record);
      if (!written.ok()) {
        metrics_->RecordLedgerError(options_.ledger_fail_open);
        WarnLedger("RecordDecision", written);
        if (!options_.ledger_fail_open && !ghost) {
          SuppressAll(v1::HISTORY_UNAVAILABLE, converted->input.explain,
                      &decision);
          response->clear_decision_id();
        }
      }
    }
    if (ghost) SuppressAll(v1::HOLDOUT, converted->input.explain, &decision);
  }

  FillSuggestResponse(*snapshot, decision, *converted, response);
  response->set_experiment(std::string(assignment.experiment_name()));
  response->set_arm(std::string(assignment.arm_name()));
  metrics_->RecordDecision(converted->input.channel, decision,
                           static_cast<int>(converted->unknown_skus.size()));
  return absl::OkStatus();
}

absl::Status OfferHandlers::DoRecordOutcome(
    const v1::RecordOutcomeRequest& request,
    v1::RecordOutcomeResponse* response) {
  absl::Status id =
      CheckId("decision_id", request.decision_id(), IdRequired::kYes);
  if (id.ok()) {
    id = CheckId("customer_id", request.customer_id(), IdRequired::kNo);
  }
  if (id.ok()) id = CheckId("sku", request.sku(), IdRequired::kYes);
  if (!id.ok()) return id;
  const int outcome = request.outcome();
  if (outcome == v1::OUTCOME_UNSPECIFIED || !v1::Outcome_IsValid(outcome)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "outcome: must be PRESENTED, ACCEPTED or DECLINED, got %d", outcome));
  }
  OutcomeRecord record;
  record.decision_id = request.decision_id();
  record.customer_id = request.customer_id();
  record.sku = request.sku();
  record.outcome = static_cast<v1::Outcome>(outcome);
  record.time = options_.clock();
  absl::StatusOr<OutcomeResult> result = ledger_->RecordOutcome(record);
  if (!result.ok()) return result.status();
  response->set_duplicate(result->duplicate);
  if (!result->duplicate) {
    metrics_->RecordOutcome(record.outcome, result->kind, result->channel,
                            result->price, result->currency);
    if (result->log.learned && options_.learner != nullptr) {
      options_.learner->Observe(EvidenceFor(record, *result), record.time);
      if (options_.learning_metrics != nullptr) {
        options_.learning_metrics->RecordOutcome(
            result->log.propensity, !result->already_presented,
            record.outcome == v1::ACCEPTED);
      }
    }
  }
  return absl::OkStatus();
}

absl::Status OfferHandlers::DoRecordOrder(const v1::RecordOrderRequest& request,
                                          v1::RecordOrderResponse* response) {
  if (absl::Status s = CheckOrder(request); !s.ok()) return s;
  SnapshotPtr snapshot = store_->Current();
  if (snapshot == nullptr) {
    return absl::UnavailableError("no data snapshot loaded yet; retry shortly");
  }
  OrderRecord record;
  record.order_id = request.order_id();
  record.decision_id = request.decision_id();
  record.unit_key = ContactKeyFor(request.customer_id(), request.session_id());
  record.total = request.total().units();
  record.currency = request.total().currency();
  record.time = request.time_unix_seconds() > 0
                    ? absl::FromUnixSeconds(request.time_unix_seconds())
                    : options_.clock();
  for (const v1::OrderLine& line : request.lines()) {
    record.lines.push_back(
        {line.sku(), line.quantity(), line.unit_price().units()});
  }
  // The snapshot is held until the ledger returns.
  record.revenue_currencies = &snapshot->experiments.revenue_currencies();
  if (!record.unit_key.empty()) {
    // Deterministic: the arm the unit's decisions are made in.
    const Assignment a = snapshot->experiments.Assign(request.customer_id(),
                                                      request.session_id());
    record.experiment = std::string(a.experiment_name());
    record.arm = std::string(a.arm_name());
    record.holdout_arm = HoldoutArm(snapshot->experiments, a);
  }
  absl::StatusOr<OrderResult> result = ledger_->RecordOrder(record);
  if (!result.ok()) return result.status();
  response->set_duplicate(result->duplicate);
  response->set_experiment(result->experiment);
  response->set_arm(result->arm);
  if (!result->duplicate && !result->experiment.empty()) {
    metrics_->experiments().RecordOrder(result->experiment, result->arm,
                                        record.total, record.currency);
  }
  return absl::OkStatus();
}

absl::Status OfferHandlers::DoSetCustomerState(
    const v1::SetCustomerStateRequest& request,
    v1::SetCustomerStateResponse* response) {
  if (absl::Status s =
          CheckId("customer_id", request.customer_id(), IdRequired::kYes);
      !s.ok()) {
    return s;
  }
  if (!request.has_complaint_open() && !request.has_budget_sensitive()) {
    return absl::InvalidArgumentError(
        "complaint_open, budget_sensitive: set at least one (only the fields "
        "set change)");
  }
  CustomerStateUpdate update;
  if (request.has_complaint_open()) {
    update.complaint_open = request.complaint_open();
  }
  if (request.has_budget_sensitive()) {
    update.budget_sensitive = request.budget_sensitive();
  }
  absl::StatusOr<CustomerState> state =
      ledger_->SetCustomerState(request.customer_id(), update);
  if (!state.ok()) return state.status();
  response->set_complaint_open(state->complaint_open);
  response->set_budget_sensitive(state->budget_sensitive);
  return absl::OkStatus();
}

absl::Status OfferHandlers::DoGetCustomerView(
    const v1::GetCustomerViewRequest& request,
    v1::GetCustomerViewResponse* response) {
  if (absl::Status s =
          CheckId("customer_id", request.customer_id(), IdRequired::kYes);
      !s.ok()) {
    return s;
  }
  SnapshotPtr snapshot = store_->Current();
  if (snapshot == nullptr) {
    return absl::UnavailableError("no data snapshot loaded yet; retry shortly");
  }
  absl::StatusOr<CustomerView> view = ledger_->GetCustomerView(
      request.customer_id(), snapshot->rules, options_.clock());
  if (!view.ok()) return view.status();
  response->set_complaint_open(view->state.complaint_open);
  response->set_budget_sensitive(view->state.budget_sensitive);
  response->set_offer_responses_last_24h(view->offer_responses_last_24h);
  for (const DecisionView& d : view->decisions) {
    v1::DecisionView* out = response->add_decisions();
    out->set_decision_id(d.decision_id);
    out->set_channel(d.channel);
    out->set_time_unix_seconds(absl::ToUnixSeconds(d.time));
    out->set_experiment(d.experiment);
    out->set_arm(d.arm);
    out->set_ghost(d.ghost);
    for (const DecisionView::Offer& o : d.offers) {
      v1::OfferedItemView* item = out->add_offers();
      item->set_sku(o.sku);
      item->set_kind(o.kind);
      item->mutable_price()->set_units(o.price);
      item->mutable_price()->set_currency(o.currency);
      for (v1::Outcome outcome : o.outcomes) item->add_outcomes(outcome);
    }
  }
  for (const ActiveRest& r : view->active_rests) {
    v1::ActiveRest* out = response->add_active_rests();
    out->set_sku(r.sku);
    out->set_reason(r.reason);
    out->set_until_unix_seconds(absl::ToUnixSeconds(r.until));
  }
  return absl::OkStatus();
}

absl::Status OfferHandlers::DoEraseCustomer(
    const v1::EraseCustomerRequest& request,
    v1::EraseCustomerResponse* response) {
  const bool customer = !request.customer_id().empty();
  if (customer == !request.session_id().empty()) {
    return absl::InvalidArgumentError(customer ? "session_id: must be empty when customer_id is "
                              "set (erase one at a time)"
                            : "customer_id: must be set, or session_id for a "
                              "guest");
  }
  const absl::string_view field = customer ? "customer_id" : "session_id";
  const std::string& id =
      customer ? request.customer_id() : request.session_id();
  if (absl::Status s = CheckId(field, id, IdRequired::kYes); !s.ok()) {
    return s;
  }
  absl::StatusOr<int64_t> erased =
      customer ? ledger_->EraseCustomer(id) : ledger_->EraseSession(id);
  if (!erased.ok()) return erased.status();
  response->set_records_erased(*erased);
  // Never the id: the count is enough for an audit trail.
  spdlog::info("erased a {}'s history on request: {} records",
               customer ? "customer" : "guest session", *erased);
  return absl::OkStatus();
}

}  // namespace offergraph
