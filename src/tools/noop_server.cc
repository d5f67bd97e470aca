#include "tools/noop_server.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace offergraph {
namespace tools {

v1::SuggestResponse CannedSuggestResponse() {
  v1::SuggestResponse r;
  // Same shapes as offergraph-server's: 32 hex digits each.
  r.set_decision_id("4f3c2a1b9e8d7c6b5a4f3e2d1c0b9a87");
  r.set_snapshot_version("9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d");
  struct Canned {
    const char* sku;
    const char* name;
    v1::OfferKind kind;
    const char* anchor;
    double score, propensity;
    int64_t price, delta;
    const char* reason;
    const char* pitch;
    const char* category;
  };
  const Canned offers[] = {
      {"SKU00412345", "Product 412345", v1::CROSS_SELL, "SKU00412001", 0.4132,
       0.6427, 1499, 0, "complement", "", "cat-412"},
      {"SKU00087631", "Product 87631", v1::CROSS_SELL, "SKU00412001", 0.2871,
       0.5183, 2599, 0, "complement_multi", "Tier 2 of line 29210", "cat-87"},
      {"SKU00412002", "Product 412002", v1::UPSELL, "SKU00412001", 0.1764,
       0.3125, 6449, 1488, "upgrade_tier", "", "cat-412"},
  };
  for (const Canned& c : offers) {
    v1::Offer* o = r.add_offers();
    o->set_sku(c.sku);
    o->set_name(c.name);
    o->set_kind(c.kind);
    o->add_anchor_skus(c.anchor);
    if (absl::string_view(c.reason) == "complement_multi") {
      o->add_anchor_skus("SKU00087001");
    }
    o->set_score(c.score);
    o->set_propensity(c.propensity);
    o->mutable_price()->set_units(c.price);
    o->mutable_price()->set_currency("USD");
    if (c.kind == v1::UPSELL) {
      o->mutable_price_delta()->set_units(c.delta);
      o->mutable_price_delta()->set_currency("USD");
    }
    o->set_reason(c.reason);
    o->set_pitch(c.pitch);
    o->set_category(c.category);
  }
  return r;
}

grpc::ServerUnaryReactor* NoopOfferService::Suggest(
    grpc::CallbackServerContext* context, const v1::SuggestRequest* request,
    v1::SuggestResponse* response) {
  *response = canned_;
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

absl::StatusOr<std::unique_ptr<NoopServer>> NoopServer::Start(
    const std::string& address) {
  std::unique_ptr<NoopServer> s(new NoopServer());
  // The same builder settings as src/server/server.cc (defaults of
  // ServerOptions), so the two servers differ only in what Suggest does.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(),
                           &s->port_);
  builder.RegisterService(&s->service_);
  builder.SetMaxReceiveMessageSize(4 * 1024 * 1024);
  grpc::ResourceQuota quota("offergraph-noop");
  quota.Resize(512LL * 1024 * 1024);
  builder.SetResourceQuota(quota);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20 * 1000);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  s->server_ = builder.BuildAndStart();
  if (s->server_ == nullptr || s->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address));
  }
  s->server_->GetHealthCheckService()->SetServingStatus(true);
  return s;
}

void NoopServer::Shutdown() {
  if (server_ != nullptr) {
    server_->Shutdown(std::chrono::system_clock::now() +
                      std::chrono::seconds(1));
  }
}

NoopServer::~NoopServer() {
  Shutdown();
  if (server_ != nullptr) server_->Wait();
}

}  // namespace tools
}  // namespace offergraph
