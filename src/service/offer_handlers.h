// File: offer_handlers.h
// -----------------------------------------------------------------------------
// The request path of OfferService (Suggest, RecordOutcome, SetCustomerState,
// GetCustomerView, EraseCustomer, RecordOrder), free of any transport: the
// gRPC edge (offer_service.h) and the HTTP/JSON edge (http/) both call it. It
// validates, pins the current snapshot once per call, reads the contact
// history, runs the engine, writes the decision, fills the response and
// records metrics. All logic lives below it.
#ifndef OFFERGRAPH_SERVICE_OFFER_HANDLERS_H_
#define OFFERGRAPH_SERVICE_OFFER_HANDLERS_H_

#include <functional>
#include <memory>

#include "absl/time/time.h"
#include "learn/learner.h"
#include "learn/model_store.h"
#include "ledger/offer_ledger.h"
#include "observability/learning_metrics.h"
#include "observability/log_throttle.h"
#include "observability/metrics.h"
#include "offergraph/v1/offer_service.pb.h"
#include "service/authorizer.h"
#include "service/call.h"
#include "service/circuit_breaker.h"
#include "service/guarded_ledger.h"
#include "service/inflight_limiter.h"
#include "service/ledger_health.h"
#include "service/ledger_pool.h"
#include "snapshot/snapshot_store.h"

namespace offergraph {

struct OfferServiceOptions {
  // When the ledger fails: true = serve offers without history (fail open),
  // false = suppress all offers with HISTORY_UNAVAILABLE (fail closed).
  bool ledger_fail_open = true;
  // The clock contact rules measure from. Tests inject a fake one.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  // Threads that make the ledger calls (and finish those calls), so gRPC's
  // callback threads never wait on a store; 0 makes them on the callback
  // threads.
  int ledger_threads = 4;
  // The breaker in front of the ledger: failed calls in a row that open it,
  // and how long it then fails calls fast before one trial call.
  CircuitBreaker::Options ledger_circuit;
  // The learned propensity (issue 11): Suggest reads the serving model from
  // `models`, RecordOutcome teaches `learner` and counts into
  // `learning_metrics`. Not owned; null turns each part off.
  const ModelStore* models = nullptr;
  Learner* learner = nullptr;
  LearningMetrics* learning_metrics = nullptr;
  // Uniform draws in [0, 1) for exploration; tests inject a seeded source.
  std::function<double()> uniform = DefaultUniform;

  static double DefaultUniform();
};

// Does not own the store, ledger or metrics; they must outlive it. Owns the
// ledger's threads, circuit breaker and health.
// Thread safety: every method may be called concurrently from any thread;
// the bodies of those that call the ledger run on its threads, which also
// run the CallDone. All shared state is in the (thread-safe) store, ledger,
// breaker, health and metrics.
class OfferHandlers {
 public:
  // `authorizer` guards the privileged methods (customer state, history);
  // `limiter` bounds the calls in flight on the request path.
  OfferHandlers(const SnapshotStore* store, OfferLedger* ledger,
                Metrics* metrics, const Authorizer* authorizer,
                InflightLimiter* limiter, OfferServiceOptions options);

  // Whether the ledger works, as the handlers' calls found it. The server
  // listens to it for the gauge and the offergraph.Ledger health status.
  LedgerHealth& ledger_health() { return ledger_health_; }

  // Each answers through `done` (call.h); `request` and `response` must
  // stay alive until it has run.
  void Suggest(const Call& call, const v1::SuggestRequest* request,
               v1::SuggestResponse* response, CallDone done);
  void RecordOutcome(const Call& call, const v1::RecordOutcomeRequest* request,
                     v1::RecordOutcomeResponse* response, CallDone done);
  void SetCustomerState(const Call& call,
                        const v1::SetCustomerStateRequest* request,
                        v1::SetCustomerStateResponse* response, CallDone done);
  void GetCustomerView(const Call& call,
                       const v1::GetCustomerViewRequest* request,
                       v1::GetCustomerViewResponse* response, CallDone done);
  void EraseCustomer(const Call& call, const v1::EraseCustomerRequest* request,
                     v1::EraseCustomerResponse* response, CallDone done);
  void RecordOrder(const Call& call, const v1::RecordOrderRequest* request,
                   v1::RecordOrderResponse* response, CallDone done);

 private:
  absl::Status DoSuggest(const Call& call, const v1::SuggestRequest& request,
                         v1::SuggestResponse* response);
  absl::Status DoRecordOutcome(const v1::RecordOutcomeRequest& request,
                               v1::RecordOutcomeResponse* response);
  absl::Status DoSetCustomerState(const v1::SetCustomerStateRequest& request,
                                  v1::SetCustomerStateResponse* response);
  absl::Status DoGetCustomerView(const v1::GetCustomerViewRequest& request,
                                 v1::GetCustomerViewResponse* response);
  absl::Status DoEraseCustomer(const v1::EraseCustomerRequest& request,
                               v1::EraseCustomerResponse* response);
  absl::Status DoRecordOrder(const v1::RecordOrderRequest& request,
                             v1::RecordOrderResponse* response);
  // Runs `body` (unless the server is over its in-flight bound) on a ledger
  // thread, bounding its ledger calls by the call's deadline, then records
  // the call's metrics and runs `done` there.
  template <typename Body>
  void Dispatch(const Call& call, Method method, CallDone done, Body body);
  // Logs a failed ledger call on the request path (throttled).
  void WarnLedger(const char* what, const absl::Status& status);

  const SnapshotStore* store_;
  Metrics* metrics_;
  const Authorizer* authorizer_;
  InflightLimiter* limiter_;
  const OfferServiceOptions options_;
  LogThrottle ledger_warnings_{absl::Seconds(10)};
  LedgerHealth ledger_health_;
  CircuitBreaker ledger_breaker_;
  GuardedLedger guarded_ledger_;
  OfferLedger* const ledger_;  // guarded_ledger_
  // Last: destroyed (drained, joined) first, while the rest still exists.
  std::unique_ptr<LedgerPool> ledger_pool_;
};

// Returns a new random decision id: 32 lowercase hex digits.
std::string NewDecisionId();

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_OFFER_HANDLERS_H_
