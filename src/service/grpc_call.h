// File: grpc_call.h
// -----------------------------------------------------------------------------
// The gRPC edge's side of call.h: a Call from a callback server context, and
// a CallDone that finishes the call's reactor with the status converted once
// (status_util.h).
#ifndef OFFERGRAPH_SERVICE_GRPC_CALL_H_
#define OFFERGRAPH_SERVICE_GRPC_CALL_H_

#include <string>

#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "service/call.h"
#include "service/status_util.h"

namespace offergraph {

// What the gRPC caller presented: its `authorization` metadata and peer.
inline Credentials GrpcCredentials(const grpc::CallbackServerContext& context) {
  Credentials caller;
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it != metadata.end()) {
    caller.authorization.assign(it->second.data(), it->second.size());
  }
  caller.peer = context.peer();
  return caller;
}

// The Call of a gRPC call; `context` outlives it (until the reactor is
// finished).
inline Call GrpcCall(grpc::CallbackServerContext* context) {
  Call call;
  call.transport = Transport::kGrpc;
  call.deadline = absl::FromChrono(context->deadline());
  call.credentials = [context] { return GrpcCredentials(*context); };
  return call;
}

// Finishes `reactor` with the call's status.
inline CallDone FinishReactor(grpc::ServerUnaryReactor* reactor) {
  return [reactor](const absl::Status& status) {
    reactor->Finish(ToGrpcStatus(status));
  };
}

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_GRPC_CALL_H_
