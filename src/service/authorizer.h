// File: authorizer.h
// -----------------------------------------------------------------------------
// Decides whether a call may use a privileged RPC: AdminService, customer
// state, history look-up and erasure. Suggest and RecordOutcome are not
// privileged (they are the checkout path). The same policy guards gRPC and
// HTTP/JSON calls: each edge hands over what its caller presented.
//
// Policy:
//   * with a token configured: the call must carry the metadata (gRPC) or
//     header (HTTP) `authorization: Bearer <token>`; none ->
//     UNAUTHENTICATED, a wrong one -> PERMISSION_DENIED;
//   * without a token: only calls from a loopback peer (127.0.0.0/8, ::1,
//     unix sockets) are allowed; others get PERMISSION_DENIED.
#ifndef OFFERGRAPH_SERVICE_AUTHORIZER_H_
#define OFFERGRAPH_SERVICE_AUTHORIZER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace offergraph {

// What a caller presented, whichever edge it came in on.
struct Credentials {
  // The `authorization` metadata or header value; empty when none was sent.
  std::string authorization;
  // The peer in gRPC's notation: "ipv4:127.0.0.1:5555", "ipv6:[::1]:5555",
  // "unix:/path".
  std::string peer;
};

// Immutable after construction; safe for concurrent use.
class Authorizer {
 public:
  // An empty token means "loopback peers only".
  explicit Authorizer(std::string token) : token_(std::move(token)) {}

  // OK when `caller` may call the privileged `method` (named in the error).
  absl::Status Allow(const Credentials& caller, absl::string_view method) const;

  // Allow, as a grpc::Status, for unit tests: `authorization` is the
  // metadata value (may be empty), `peer` is grpc's peer string.
  grpc::Status CheckValues(absl::string_view authorization,
                           absl::string_view peer,
                           absl::string_view method) const;

  static bool IsLoopbackPeer(absl::string_view peer);

 private:
  const std::string token_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_AUTHORIZER_H_
