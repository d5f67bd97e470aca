// File: call.h
// -----------------------------------------------------------------------------
// One call as the request handlers (offer_handlers.h, admin_handlers.h) see
// it, whichever edge it came in on: gRPC (offer_service.h, admin_service.h)
// or HTTP/JSON (http/http_server.h). The edges fill a Call, hand over the
// request and response messages, and get the call's status back through a
// CallDone; the handlers validate, authorize, run the logic, record the
// metrics under the call's transport, and never block the edge's thread on
// a store.
//
// Example (an edge):
//   Call call;
//   call.transport = Transport::kHttp;
//   call.deadline = absl::Now() + absl::Seconds(10);
//   call.credentials = [=] { return Credentials{authorization, peer}; };
//   handlers->Suggest(call, &request, &response,
//                     [](const absl::Status& s) { /* write the answer */ });
#ifndef OFFERGRAPH_SERVICE_CALL_H_
#define OFFERGRAPH_SERVICE_CALL_H_

#include <functional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "observability/metrics.h"
#include "service/authorizer.h"

namespace offergraph {

struct Call {
  // The `transport` label of the call's metrics.
  Transport transport = Transport::kGrpc;
  // When the caller stops waiting; ledger calls are bounded by it.
  absl::Time deadline = absl::InfiniteFuture();
  // What the caller presented. Called only by privileged paths, so the
  // checkout path copies no peer string; must stay callable until the
  // call's CallDone has run.
  std::function<Credentials()> credentials;
};

// Receives a call's status, exactly once, on any thread (the edge's own, a
// ledger thread, the reloader's); the response is complete when it runs
// with OK. The request and response must stay alive until then.
using CallDone = std::function<void(const absl::Status&)>;

// OK when `call` may use the privileged `method` under `authorizer`.
inline absl::Status Authorize(const Authorizer& authorizer, const Call& call,
                              absl::string_view method) {
  return authorizer.Allow(call.credentials ? call.credentials() : Credentials(),
                          method);
}

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_CALL_H_
