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

#include "absl/time/time.h"
#include "observability/log_throttle.h"
#include "observability/metrics.h"
#include "offergraph/ledger/offer_ledger.h"
#include "offergraph/snapshot/snapshot_store.h"
#include "offergraph/v1/offer_service.grpc.pb.h"
#include "service/arena_message_allocator.h"
#include "service/authorizer.h"
#include "service/inflight_limiter.h"
#include "service/ledger_health.h"

namespace offergraph {

struct OfferServiceOptions {
  // When the ledger fails: true = serve offers without history (fail open),
  // false = suppress all offers with HISTORY_UNAVAILABLE (fail closed).
  bool ledger_fail_open = true;
  // The clock contact rules measure from. Tests inject a fake one.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
};

// Does not own the store, ledger or metrics; they must outlive it.
// Thread safety: handlers run concurrently on gRPC's callback threads; all
// shared state is in the (thread-safe) store, ledger and metrics.
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

 private:
  grpc::Status DoSuggest(grpc::CallbackServerContext* context,
                         const v1::SuggestRequest& request,
                         v1::SuggestResponse* response);
  grpc::Status DoRecordOutcome(const v1::RecordOutcomeRequest& request,
                               v1::RecordOutcomeResponse* response);
  grpc::Status DoSetCustomerState(const v1::SetCustomerStateRequest& request);
  grpc::Status DoGetCustomerView(const v1::GetCustomerViewRequest& request,
                                 v1::GetCustomerViewResponse* response);
  grpc::Status DoEraseCustomer(const v1::EraseCustomerRequest& request,
                               v1::EraseCustomerResponse* response);
  // Report a ledger call's failure / success to ledger_health_ (and log).
  void WarnLedger(const char* what, const absl::Status& status);
  void LedgerOk();

  const SnapshotStore* store_;
  OfferLedger* ledger_;
  Metrics* metrics_;
  const Authorizer* authorizer_;
  InflightLimiter* limiter_;
  const OfferServiceOptions options_;
  LogThrottle ledger_warnings_{absl::Seconds(10)};
  // Suggest's request and response live on one arena per call.
  ArenaMessageAllocator<v1::SuggestRequest, v1::SuggestResponse>
      suggest_allocator_;
  LedgerHealth ledger_health_;
};

// Returns a new random decision id: 32 lowercase hex digits.
std::string NewDecisionId();

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_OFFER_SERVICE_H_
