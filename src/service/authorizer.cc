#include "service/authorizer.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/status_util.h"

namespace offergraph {
namespace {

// Compares in time that depends only on the lengths, not on where the first
// difference is.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace

bool Authorizer::IsLoopbackPeer(absl::string_view peer) {
  return absl::StartsWith(peer, "ipv4:127.") ||
         absl::StartsWith(peer, "ipv6:[::1]") ||
         absl::StartsWith(peer, "ipv6:%5B::1%5D") ||
         absl::StartsWith(peer, "unix:");
}

grpc::Status Authorizer::CheckValues(absl::string_view authorization,
                                     absl::string_view peer,
                                     absl::string_view method) const {
  return ToGrpcStatus(Allow(
      Credentials{std::string(authorization), std::string(peer)}, method));
}

absl::Status Authorizer::Allow(const Credentials& caller,
                               absl::string_view method) const {
  const absl::string_view authorization = caller.authorization;
  if (token_.empty()) {
    if (IsLoopbackPeer(caller.peer)) return absl::OkStatus();
    return absl::PermissionDeniedError(
        absl::StrCat(method,
                     " is allowed only from loopback unless the server has an "
                     "admin token (--admin_token_file)"));
  }
  constexpr absl::string_view kBearer = "Bearer ";
  if (authorization.empty() || !absl::StartsWith(authorization, kBearer)) {
    return absl::UnauthenticatedError(
        absl::StrCat(method,
                     " needs metadata 'authorization: Bearer <token>' (over "
                     "HTTP, that Authorization header)"));
  }
  if (!ConstantTimeEquals(authorization.substr(kBearer.size()), token_)) {
    return absl::PermissionDeniedError(
        absl::StrCat(method, ": the bearer token is not valid"));
  }
  return absl::OkStatus();
}

}  // namespace offergraph
