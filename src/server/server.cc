#include "server/server.h"

#include <chrono>
#include <exception>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "data/file_util.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "prometheus/exposer.h"
#include "service/admission_interceptor.h"
#include "spdlog/spdlog.h"

namespace offergraph {
namespace {

constexpr char kOfferServiceName[] = "offergraph.v1.OfferService";
constexpr char kAdminServiceName[] = "offergraph.v1.AdminService";
// Reports the contact-history store alone: NOT_SERVING while it fails, even
// though offers keep being served per --ledger_fail_open.
constexpr char kLedgerHealthName[] = "offergraph.Ledger";

absl::StatusOr<std::string> ReadPem(const std::string& flag,
                                    const std::string& path) {
  absl::StatusOr<std::string> pem = ReadFileToString(path);
  if (!pem.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": cannot read \"", path, "\""));
  }
  return pem;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> BuildCredentials(
    const ServerOptions& o) {
  if (o.tls_cert_file.empty() && o.tls_key_file.empty()) {
    if (!o.tls_client_ca_file.empty()) {
      return absl::InvalidArgumentError(
          "--tls_client_ca_file needs --tls_cert_file and --tls_key_file");
    }
    return grpc::InsecureServerCredentials();
  }
  if (o.tls_cert_file.empty() || o.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert_file and --tls_key_file go together");
  }
  absl::StatusOr<std::string> cert =
      ReadPem("--tls_cert_file", o.tls_cert_file);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPem("--tls_key_file", o.tls_key_file);
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  if (!o.tls_client_ca_file.empty()) {
    absl::StatusOr<std::string> ca =
        ReadPem("--tls_client_ca_file", o.tls_client_ca_file);
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
    ssl.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

void SetHealth(grpc::Server* server, bool serving) {
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus(serving);
  health->SetServingStatus(kOfferServiceName, serving);
  health->SetServingStatus(kAdminServiceName, serving);
}

// Call once, when the gRPC server has started: from then on the gauge and
// the offergraph.Ledger health status follow `health` (starting with its
// current state, in case calls failed before this ran), changed under its
// lock so they always agree with it and with each other.
void ListenToLedgerHealth(grpc::Server* server, Metrics* metrics,
                          LedgerHealth* health) {
  grpc::HealthCheckServiceInterface* checks = server->GetHealthCheckService();
  health->Listen([metrics, checks](bool healthy, bool /*change*/) {
    metrics->SetLedgerHealthy(healthy);
    if (checks != nullptr) {
      checks->SetServingStatus(kLedgerHealthName, healthy);
    }
  });
}

}  // namespace

Server::Server(ServerOptions options, std::unique_ptr<OfferLedger> ledger)
    : options_(std::move(options)),
      ledger_(std::move(ledger)),
      authorizer_(options_.admin_token),
      limiter_(options_.max_inflight_rpcs) {}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    ServerOptions options, std::unique_ptr<OfferLedger> ledger) {
  std::unique_ptr<Server> server(
      new Server(std::move(options), std::move(ledger)));
  absl::Status status = server->Init();
  if (!status.ok()) {
    server->Shutdown();
    return status;
  }
  return server;
}

absl::Status Server::Init() {
  reloader_ = std::make_unique<Reloader>(
      options_.data, &store_,
      [this](const absl::StatusOr<SnapshotPtr>& r) { OnLoad(r); },
      options_.reload_priority, [](const Reloader::Release& r) {
        spdlog::info(
            "previous snapshot freed in {:.1f} ms, after {:.1f} ms waiting "
            "for the requests that held it (generation {})",
            absl::ToDoubleMilliseconds(r.free),
            absl::ToDoubleMilliseconds(r.wait), r.generation);
      });
  offer_service_ = std::make_unique<OfferServiceImpl>(
      &store_, ledger_.get(), &metrics_, &authorizer_, &limiter_,
      options_.offer);
  admin_service_ = std::make_unique<AdminServiceImpl>(
      &store_, reloader_.get(), &metrics_, &authorizer_,
      std::string(ledger_->name()));
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      BuildCredentials(options_);
  if (!credentials.ok()) return credentials.status();

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.grpc_address, *credentials, &grpc_port_);
  builder.RegisterService(offer_service_.get());
  builder.RegisterService(admin_service_.get());
  builder.SetMaxReceiveMessageSize(options_.max_receive_message_bytes);
  if (options_.max_inflight_rpcs > 0) {
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors;
    interceptors.push_back(
        std::make_unique<AdmissionInterceptorFactory>(&limiter_));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
  }
  if (options_.grpc_memory_quota_bytes > 0) {
    grpc::ResourceQuota quota("offergraph");
    quota.Resize(static_cast<size_t>(options_.grpc_memory_quota_bytes));
    builder.SetResourceQuota(quota);
  }
  // Keep idle client connections alive through load balancers, and let
  // clients ping no more often than every 10 s.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20 * 1000);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  grpc_server_ = builder.BuildAndStart();
  if (grpc_server_ == nullptr || grpc_port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for gRPC on ", options_.grpc_address));
  }
  SetHealth(grpc_server_.get(), false);
  ListenToLedgerHealth(grpc_server_.get(), &metrics_,
                       &offer_service_->ledger_health());

  absl::StatusOr<SnapshotPtr> first = reloader_->LoadNow();
  if (!first.ok()) return first.status();

  // Metrics come up once there is something to report; a server that refuses
  // its data never opens the port.
  if (!options_.metrics_address.empty()) {
    // prometheus-cpp reports bind failures by throwing; this is the one place
    // we meet an exception, and it stops here.
    try {
      exposer_ =
          std::make_unique<prometheus::Exposer>(options_.metrics_address);
    } catch (const std::exception& e) {
      return absl::UnavailableError(absl::StrCat("cannot serve metrics on ",
                                                 options_.metrics_address, ": ",
                                                 e.what()));
    }
    exposer_->RegisterCollectable(metrics_.registry());
    exposer_->RegisterCollectable(metrics_.age_collectable());
    std::vector<int> ports = exposer_->GetListeningPorts();
    metrics_port_ = ports.empty() ? 0 : ports.front();
  }

  SetHealth(grpc_server_.get(), true);
  return absl::OkStatus();
}

void Server::OnLoad(const absl::StatusOr<SnapshotPtr>& result) {
  const bool initial =
      !result.ok() ? store_.Current() == nullptr : (*result)->generation == 1;
  if (result.ok()) {
    const Snapshot& s = **result;
    metrics_.RecordSnapshot(s);
    if (!initial) metrics_.RecordReload(true);
    spdlog::info(
        "snapshot {} generation {} loaded from {}: {} products, {} cross-sell "
        "and {} upsell edges ({} derived from tiers) in {:.1f} ms ({})",
        s.version, s.generation, s.data_dir, s.catalog.size(),
        s.graph.edge_count(EdgeKind::kCrossSell),
        s.graph.edge_count(EdgeKind::kUpsell), s.graph.derived_upsell_count(),
        absl::ToDoubleMilliseconds(s.load_duration), s.load_phases);
  } else if (!initial) {
    metrics_.RecordReload(false);
    SnapshotPtr serving = store_.Current();
    spdlog::warn("reload failed; snapshot {} keeps serving: {}",
                 serving ? serving->version : "none",
                 std::string(result.status().message()));
  }
}

void Server::RequestReload(Reloader::Done done) {
  reloader_->RequestReload(std::move(done));
}

void Server::Shutdown() {
  MutexLock lock(&shutdown_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  if (grpc_server_ != nullptr) {
    SetHealth(grpc_server_.get(), false);
    auto deadline = std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(options_.shutdown_grace);
    grpc_server_->Shutdown(deadline);
  }
}

void Server::Wait() {
  if (grpc_server_ != nullptr) grpc_server_->Wait();
}

Server::~Server() {
  Shutdown();
  Wait();
  // Members are destroyed in reverse order: the gRPC server first, then the
  // exposer, the services, the reloader (joins its thread), the ledger.
}

}  // namespace offergraph
