// File: noop_server.h
// -----------------------------------------------------------------------------
// The floor for Suggest: a gRPC server whose OfferService.Suggest returns a
// prebuilt response of a realistic size (3 offers with every field set)
// without looking at the request, through the same gRPC stack and builder
// settings as offergraph-server (callback API, health checking, reflection,
// receive limit, resource quota, keepalive) and the same per-call message
// arena as offergraph's Suggest. Whatever Suggest costs above this server is
// offergraph's own cost.
#ifndef OFFERGRAPH_TOOLS_NOOP_SERVER_H_
#define OFFERGRAPH_TOOLS_NOOP_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/server.h"
#include "offergraph/v1/offer_service.grpc.pb.h"
#include "util/arena_message_allocator.h"

namespace offergraph {
namespace tools {

// The canned answer: 3 offers (2 cross-sells, 1 upsell) with names, anchors,
// prices, reasons, pitches and categories, a decision id and a version.
v1::SuggestResponse CannedSuggestResponse();

// Thread safety: immutable after construction; Suggest runs concurrently.
class NoopOfferService final : public v1::OfferService::CallbackService {
 public:
  NoopOfferService() : canned_(CannedSuggestResponse()) {
    SetMessageAllocatorFor_Suggest(&allocator_);
  }
  grpc::ServerUnaryReactor* Suggest(grpc::CallbackServerContext* context,
                                    const v1::SuggestRequest* request,
                                    v1::SuggestResponse* response) override;

 private:
  const v1::SuggestResponse canned_;
  ArenaMessageAllocator<v1::SuggestRequest, v1::SuggestResponse> allocator_;
};

// A running no-op server. Owns the service and the grpc::Server; the
// destructor shuts it down.
class NoopServer {
 public:
  // Listens on `address` ("127.0.0.1:0" picks a free port).
  static absl::StatusOr<std::unique_ptr<NoopServer>> Start(
      const std::string& address);
  ~NoopServer();

  int port() const { return port_; }
  void Wait() { server_->Wait(); }
  void Shutdown();

 private:
  NoopServer() = default;
  NoopOfferService service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace tools
}  // namespace offergraph

#endif  // OFFERGRAPH_TOOLS_NOOP_SERVER_H_
