// File: request_decode_interceptor.h
// -----------------------------------------------------------------------------
// Answers requests gRPC could not decode with INVALID_ARGUMENT and a message
// saying what is wrong, and counts them in offergraph_requests_total.
//
// Why: with the callback API, a request body that does not parse (invalid
// UTF-8 in a string field, garbage bytes) never reaches the handler; gRPC
// answers UNIMPLEMENTED with no message, and nothing counted the call. The
// interceptor sees the failed parse (no received message after the receive)
// and rewrites the status gRPC is about to send.
#ifndef OFFERGRAPH_SERVICE_REQUEST_DECODE_INTERCEPTOR_H_
#define OFFERGRAPH_SERVICE_REQUEST_DECODE_INTERCEPTOR_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "grpcpp/support/server_interceptor.h"
#include "observability/metrics.h"

namespace offergraph {

// The status for an undecodable request to `method_path`
// ("/offergraph.v1.OfferService/Suggest"), given the line libprotobuf logged
// while parsing it (may be empty), e.g.
//   request body is not a valid offergraph.v1.SuggestRequest: string field
//   offergraph.v1.CartLine.sku holds invalid UTF-8
std::string UndecodableRequestMessage(const std::string& method_path,
                                      const std::string& protobuf_line);

// Creates one interceptor per call. Does not own `metrics`, which must
// outlive the server. Thread safety: gRPC calls CreateServerInterceptor
// concurrently; the factory is immutable after construction.
class RequestDecodeInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RequestDecodeInterceptorFactory(Metrics* metrics);

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  Metrics* metrics_;
  // The `method` label of each of our RPCs, by short name ("Suggest").
  absl::flat_hash_map<std::string, Method> methods_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_REQUEST_DECODE_INTERCEPTOR_H_
