// File: authorizer.h
// -----------------------------------------------------------------------------
// Decides whether a call may use a privileged RPC: AdminService, customer
// state, history look-up and erasure. Suggest and RecordOutcome are not
// privileged (they are the checkout path).
//
// Policy:
//   * with a token configured: the call must carry the metadata
//     `authorization: Bearer <token>`; none -> UNAUTHENTICATED, a wrong one
//     -> PERMISSION_DENIED;
//   * without a token: only calls from a loopback peer (127.0.0.0/8, ::1,
//     unix sockets) are allowed; others get PERMISSION_DENIED.
#ifndef OFFERGRAPH_SERVICE_AUTHORIZER_H_
#define OFFERGRAPH_SERVICE_AUTHORIZER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace offergraph {

// Immutable after construction; safe for concurrent use.
class Authorizer {
 public:
  // An empty token means "loopback peers only".
  explicit Authorizer(std::string token) : token_(std::move(token)) {}

  grpc::Status Check(const grpc::CallbackServerContext& context,
                     absl::string_view method) const;

  // Pure policy, for unit tests: `authorization` is the metadata value (may
  // be empty), `peer` is grpc's peer string ("ipv4:127.0.0.1:5555").
  grpc::Status CheckValues(absl::string_view authorization,
                           absl::string_view peer,
                           absl::string_view method) const;

  static bool IsLoopbackPeer(absl::string_view peer);

 private:
  const std::string token_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_AUTHORIZER_H_
