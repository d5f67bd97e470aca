// File: offer_service.h
// -----------------------------------------------------------------------------
// The gRPC edge of the request path: OfferService (Suggest, RecordOutcome,
// SetCustomerState). It validates, pins the current snapshot once per call,
// reads the contact history, runs the engine, writes the decision, converts
// to the proto and records metrics. All logic lives below it.
#ifndef OFFERGRAPH_SERVICE_OFFER_SERVICE_H_
#define OFFERGRAPH_SERVICE_OFFER_SERVICE_H_

#include <atomic>
#include <functional>
#include <memory>

#include "absl/time/time.h"
#include "learn/learner.h"
#include "learn/model_store.h"
#include "observability/learning_metrics.h"
#include "ledger/offer_ledger.h"
#include "observability/log_throttle.h"
#include "observability/metrics.h"
#include "offergraph/v1/offer_service.grpc.pb.h"
#include "service/authorizer.h"
#include "service/circuit_breaker.h"
#include "service/guarded_ledger.h"
#include "service/inflight_limiter.h"
#include "service/ledger_health.h"
#include "service/ledger_pool.h"
#include "snapshot/snapshot_store.h"
#include "util/arena_message_allocator.h"

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
// Thread safety: handlers run concurrently on gRPC's callback threads, and
// the bodies of those that call the ledger on its threads; all shared state
// is in the (thread-safe) store, ledger, breaker, health and metrics.
class OfferServiceImpl final : public v1::OfferService::CallbackService {
 public:
  // `authorizer` guards the privileged methods (customer state, history);
  // `limiter` bounds the calls in flight on the request path.
  OfferServiceImpl(const SnapshotStore* store, OfferLedger* ledger,
                   Metrics* metrics, const Authorizer* authorizer,
                   InflightLimiter* limiter, OfferServiceOptions options);

  // Whether the ledger works, as the handlers' calls found it. The server
  // listens to it for the gauge and the offergraph.Ledger health status.
  LedgerHealth& ledger_health() { return ledger_health_; }

  grpc::ServerUnaryReactor* Suggest(grpc::CallbackServerContext* context,
                                    const v1::SuggestRequest* request,
                                    v1::SuggestResponse* response) override;
  grpc::ServerUnaryReactor* RecordOutcome(
      grpc::CallbackServerContext* context,
      const v1::RecordOutcomeRequest* request,
      v1::RecordOutcomeResponse* response) override;
  grpc::ServerUnaryReactor* SetCustomerState(
      grpc::CallbackServerContext* context,
      const v1::SetCustomerStateRequest* request,
      v1::SetCustomerStateResponse* response) override;
  grpc::ServerUnaryReactor* GetCustomerView(
      grpc::CallbackServerContext* context,
      const v1::GetCustomerViewRequest* request,
      v1::GetCustomerViewResponse* response) override;
  grpc::ServerUnaryReactor* EraseCustomer(
      grpc::CallbackServerContext* context,
      const v1::EraseCustomerRequest* request,
      v1::EraseCustomerResponse* response) override;
  grpc::ServerUnaryReactor* RecordOrder(
      grpc::CallbackServerContext* context,
      const v1::RecordOrderRequest* request,
      v1::RecordOrderResponse* response) override;

 private:
  grpc::Status DoSuggest(grpc::CallbackServerContext* context,
                         const v1::SuggestRequest& request,
                         v1::SuggestResponse* response);
  grpc::Status DoRecordOutcome(const v1::RecordOutcomeRequest& request,
                               v1::RecordOutcomeResponse* response);
  grpc::Status DoSetCustomerState(const v1::SetCustomerStateRequest& request,
                                  v1::SetCustomerStateResponse* response);
  grpc::Status DoGetCustomerView(const v1::GetCustomerViewRequest& request,
                                 v1::GetCustomerViewResponse* response);
  grpc::Status DoEraseCustomer(const v1::EraseCustomerRequest& request,
                               v1::EraseCustomerResponse* response);
  grpc::Status DoRecordOrder(const v1::RecordOrderRequest& request,
                             v1::RecordOrderResponse* response);
  // Runs `body` (unless the server is over its in-flight bound) on a ledger
  // thread, bounding its ledger calls by the call's deadline, then records
  // the call's metrics and finishes its reactor there.
  template <typename Body>
  grpc::ServerUnaryReactor* Dispatch(grpc::CallbackServerContext* context,
                                     Method method, Body body);
  // Logs a failed ledger call on the request path (throttled).
  void WarnLedger(const char* what, const absl::Status& status);

  const SnapshotStore* store_;
  Metrics* metrics_;
  const Authorizer* authorizer_;
  InflightLimiter* limiter_;
  const OfferServiceOptions options_;
  LogThrottle ledger_warnings_{absl::Seconds(10)};
  // Suggest's request and response live on one arena per call.
  ArenaMessageAllocator<v1::SuggestRequest, v1::SuggestResponse>
      suggest_allocator_;
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

#endif  // OFFERGRAPH_SERVICE_OFFER_SERVICE_H_
