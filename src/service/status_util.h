// File: status_util.h
// -----------------------------------------------------------------------------
// absl::Status -> grpc::Status at the edge. absl's canonical codes match
// gRPC's one to one, so this is a cast plus a bounded message.
#ifndef OFFERGRAPH_SERVICE_STATUS_UTIL_H_
#define OFFERGRAPH_SERVICE_STATUS_UTIL_H_

#include <string>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace offergraph {

inline grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  std::string message(status.message());
  constexpr size_t kMaxMessage = 1024;
  if (message.size() > kMaxMessage) message.resize(kMaxMessage);
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message);
}

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_STATUS_UTIL_H_
