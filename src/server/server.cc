#include "server/server.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "prometheus/exposer.h"
#include "service/admission_interceptor.h"
#include "service/protobuf_log.h"
#include "service/request_decode_interceptor.h"
#include "spdlog/spdlog.h"
#include "util/file_util.h"

namespace offergraph {
namespace {

constexpr char kOfferServiceName[] = "offergraph.v1.OfferService";
constexpr char kAdminServiceName[] = "offergraph.v1.AdminService";
// The metrics endpoint's HTTP server (CivetWeb) serves one connection per
// worker thread and waits 30 s for a request by default: with prometheus-
// cpp's 2 threads, two clients that send half a request and stop held every
// scrape for 30 s. More workers than a handful of stuck clients, and a short
// wait for a request, keep scrapes going.
constexpr const char* kMetricsHttpOptions[] = {
    "num_threads",        "8",     // workers, each serving one connection
    "request_timeout_ms", "5000",  // longest wait for a request's bytes
    "enable_keep_alive",  "no",    // a scrape is one request
};
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
  learning_metrics_ =
      std::make_unique<LearningMetrics>(metrics_.registry().get());
  EvidenceStore* evidence = ledger_->evidence_store();
  learner_ = evidence != nullptr
                 ? std::make_unique<Learner>(absl::Now(), evidence)
                 : std::make_unique<Learner>(absl::Now());
  OfferServiceOptions offer_options = options_.offer;
  offer_options.models = &models_;
  offer_options.learner = learner_.get();
  offer_options.learning_metrics = learning_metrics_.get();
  offer_handlers_ = std::make_unique<OfferHandlers>(
      &store_, ledger_.get(), &metrics_, &authorizer_, &limiter_,
      std::move(offer_options));
  admin_handlers_ = std::make_unique<AdminHandlers>(
      &store_, reloader_.get(), &metrics_, &authorizer_, ledger_.get());
  admin_handlers_->set_learning_status(
      [this](v1::LearningStatus* out) { FillLearningStatus(out); });
  offer_service_ = std::make_unique<OfferServiceImpl>(offer_handlers_.get());
  admin_service_ = std::make_unique<AdminServiceImpl>(admin_handlers_.get());
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
  // Undecodable requests get INVALID_ARGUMENT and are counted; every call
  // counts as in flight (the bound, and the drain at shutdown).
  InstallProtobufLogHandler();
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(
      std::make_unique<RequestDecodeInterceptorFactory>(&metrics_));
  interceptors.push_back(
      std::make_unique<AdmissionInterceptorFactory>(&limiter_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
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
  // gRPC binds with SO_REUSEPORT by default: a second server on a busy port
  // would start and the kernel would split new connections between the two
  // (other data, another contact history). Own the port or fail.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  grpc_server_ = builder.BuildAndStart();
  if (grpc_server_ == nullptr || grpc_port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for gRPC on ", options_.grpc_address,
                     " (is another process using the port?)"));
  }
  SetHealth(grpc_server_.get(), false);
  if (absl::Status http = StartHttp(); !http.ok()) return http;
  ListenToLedgerHealth(grpc_server_.get(), &metrics_,
                       &offer_handlers_->ledger_health());

  absl::StatusOr<SnapshotPtr> first = reloader_->LoadNow();
  if (!first.ok()) return first.status();

  // The model follows the serving snapshot's learning rules; a reload
  // changes them and keeps what was learned.
  ModelRefresherOptions refresh;
  refresh.params = [this] {
    SnapshotPtr s = store_.Current();
    return s != nullptr ? s->rules.learning : LearningParams();
  };
  refresh.clock = options_.offer.clock;
  refresh.priority = options_.model_refresh_priority;
  refresh.on_model = [this](const PropensityModel& model,
                            absl::Duration took) {
    learning_metrics_->RecordModel(&model, true, took);
    ReportEvidenceStore(model);
  };
  refresher_ = std::make_unique<ModelRefresher>(learner_.get(), &models_,
                                                std::move(refresh));
  refresher_->Start();

  SrmMonitorOptions srm;
  srm.interval = options_.experiment_srm_interval;
  srm_monitor_ = std::make_unique<SrmMonitor>(&store_, ledger_.get(),
                                              &metrics_.experiments(), srm);
  srm_monitor_->Start();

  // Metrics come up once there is something to report; a server that refuses
  // its data never opens the port.
  if (!options_.metrics_address.empty()) {
    // prometheus-cpp reports bind failures by throwing; this is the one place
    // we meet an exception, and it stops here.
    try {
      std::vector<std::string> http_options = {"listening_ports",
                                               options_.metrics_address};
      http_options.insert(http_options.end(), std::begin(kMetricsHttpOptions),
                          std::end(kMetricsHttpOptions));
      exposer_ = std::make_unique<prometheus::Exposer>(std::move(http_options));
    } catch (const std::exception& e) {
      return absl::UnavailableError(absl::StrCat("cannot serve metrics on ",
                                                 options_.metrics_address, ": ",
                                                 e.what()));
    }
    exposer_->RegisterCollectable(metrics_.registry());
    exposer_->RegisterCollectable(metrics_.age_collectable());
    exposer_->RegisterCollectable(learning_metrics_->collectable());
    std::vector<int> ports = exposer_->GetListeningPorts();
    metrics_port_ = ports.empty() ? 0 : ports.front();
  }

  SetHealth(grpc_server_.get(), true);
  return absl::OkStatus();
}

absl::Status Server::StartHttp() {
  if (options_.http.address.empty()) return absl::OkStatus();
  HttpServerOptions http = options_.http;
  if (!options_.tls_cert_file.empty()) {
    // BuildCredentials has read and checked the same files.
    absl::StatusOr<std::string> cert =
        ReadPem("--tls_cert_file", options_.tls_cert_file);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key =
        ReadPem("--tls_key_file", options_.tls_key_file);
    if (!key.ok()) return key.status();
    http.tls_cert_pem = *std::move(cert);
    http.tls_key_pem = *std::move(key);
    if (!options_.tls_client_ca_file.empty()) {
      absl::StatusOr<std::string> ca =
          ReadPem("--tls_client_ca_file", options_.tls_client_ca_file);
      if (!ca.ok()) return ca.status();
      http.tls_client_ca_pem = *std::move(ca);
    }
  }
  HttpApiOptions api;
  api.cors_origins = options_.http_cors_origins;
  http_api_ = std::make_unique<HttpApi>(
      ApiHandlers{offer_handlers_.get(), admin_handlers_.get()}, &metrics_,
      &limiter_, std::move(api));
  absl::StatusOr<std::unique_ptr<HttpServer>> server =
      HttpServer::Start(http, http_api_.get());
  if (!server.ok()) return server.status();
  http_server_ = *std::move(server);
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
        "and {} upsell edges ({} derived from tiers), {} bundles, {} "
        "quantity breaks and {} promotions in {:.1f} ms ({})",
        s.version, s.generation, s.data_dir, s.catalog.size(),
        s.graph.edge_count(EdgeKind::kCrossSell),
        s.graph.edge_count(EdgeKind::kUpsell), s.graph.derived_upsell_count(),
        s.deals.bundles().size(), s.deals.quantity_break_count(),
        s.deals.promotions().size(),
        absl::ToDoubleMilliseconds(s.load_duration), s.load_phases);
  } else if (!initial) {
    metrics_.RecordReload(false);
    SnapshotPtr serving = store_.Current();
    spdlog::warn("reload failed; snapshot {} keeps serving: {}",
                 serving ? serving->version : "none",
                 std::string(result.status().message()));
  }
}

void Server::FillLearningStatus(v1::LearningStatus* out) const {
  SnapshotPtr snapshot = store_.Current();
  out->set_enabled(snapshot != nullptr && snapshot->rules.learning.enabled);
  out->set_outcomes_observed(learner_->observed());
  out->set_outcomes_dropped(learner_->dropped());
  std::optional<SharedEvidenceHealth> store = learner_->store_health();
  if (!store.has_value()) {
    out->set_evidence_store("process");
    out->set_evidence_store_up(true);
  } else {
    out->set_evidence_store(store->store);
    out->set_evidence_store_up(store->ok);
    out->set_evidence_error(store->error);
    if (store->last_read != absl::InfinitePast()) {
      out->set_evidence_read_at_unix_seconds(
          absl::ToUnixSeconds(store->last_read));
    }
    out->set_evidence_corrupt_counters(store->corrupt_counters);
    out->set_evidence_corrupt_example(store->corrupt_example);
    out->set_evidence_unflushed(store->unflushed);
  }
  PropensityModelPtr model = models_.Current();
  if (model == nullptr) return;
  out->set_model_built_at_unix_seconds(absl::ToUnixSeconds(model->built_at()));
  out->set_model_offers(static_cast<int64_t>(model->offer_count()));
  out->set_model_showings(model->total_presented());
  for (int c = v1::Channel_MIN; c <= v1::Channel_MAX; ++c) {
    if (c != v1::CHANNEL_UNSPECIFIED &&
        model->calibrated(static_cast<v1::Channel>(c))) {
      out->add_calibrated_channels(static_cast<v1::Channel>(c));
    }
  }
}

void Server::ReportEvidenceStore(const PropensityModel& model) {
  std::optional<SharedEvidenceHealth> health = learner_->store_health();
  if (!health.has_value()) {
    // Evidence in process: nothing to fail.
    learning_metrics_->RecordEvidenceStore(SharedEvidenceHealth());
    return;
  }
  learning_metrics_->RecordEvidenceStore(*health);
  bool& was_ok = evidence_was_ok_;
  int64_t& corrupt_logged = evidence_corrupt_logged_;
  if (was_ok && !health->ok) {
    spdlog::warn(
        "learning evidence store {} failed: {}; the model keeps the evidence "
        "read last ({:.0f} showings) and retries every refresh",
        health->store, health->error, model.total_presented());
  } else if (!was_ok && health->ok) {
    spdlog::info("learning evidence store {} works again", health->store);
  }
  was_ok = health->ok;
  if (health->corrupt_counters != corrupt_logged) {
    if (health->corrupt_counters > 0) {
      spdlog::warn(
          "learning evidence store {}: skipped {} unreadable counters (the "
          "offers they belong to lean on the prior); one of them: {}",
          health->store, health->corrupt_counters, health->corrupt_example);
    }
    corrupt_logged = health->corrupt_counters;
  }
}

void Server::RequestReload(Reloader::Done done) {
  reloader_->RequestReload(std::move(done));
}

void Server::Shutdown() {
  MutexLock lock(&shutdown_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  // A background sample-ratio pass stops at its next unit.
  if (srm_monitor_ != nullptr) srm_monitor_->RequestStop();
  if (grpc_server_ != nullptr) {
    SetHealth(grpc_server_.get(), false);
    // Our own drain, not gRPC's graceful one: that one also waits for idle
    // client connections to go away (an idle channel held it for the whole
    // grace) and meanwhile accepts calls on them only to cancel them.
    // Here new calls get UNAVAILABLE at once, and the drain ends when the
    // last call in flight does.
    limiter_.StartDraining();
    if (http_server_ != nullptr) http_server_->StopAccepting();
    spdlog::info(
        "shutdown: refusing new calls; waiting up to {} for {} in flight",
        absl::FormatDuration(options_.shutdown_grace), limiter_.in_flight());
    const absl::Time deadline = absl::Now() + options_.shutdown_grace;
    const bool idle = limiter_.WaitUntilIdle(deadline);
    if (!idle) {
      spdlog::warn("shutdown: {} calls still in flight after {}; cancelling",
                   limiter_.in_flight(),
                   absl::FormatDuration(options_.shutdown_grace));
    }
    // A call stops counting as its status is handed to gRPC, a moment before
    // the status is on the wire: give the last statuses up to 500 ms (within
    // the grace) to go out, then close the connections and cancel the rest.
    // Without it, a loaded server cancelled the very call it waited for.
    const absl::Time flush =
        idle ? std::min(deadline, absl::Now() + absl::Milliseconds(500))
             : absl::Now();
    grpc_server_->Shutdown(absl::ToChronoTime(flush));
  }
}

void Server::Wait() {
  if (grpc_server_ != nullptr) grpc_server_->Wait();
}

Server::~Server() {
  Shutdown();
  Wait();
  grpc_server_.reset();
  // No HTTP request may reach the handlers from here on.
  if (http_server_ != nullptr) http_server_->Stop();
  exposer_.reset();
  if (refresher_ != nullptr) refresher_->Stop();
  if (srm_monitor_ != nullptr) srm_monitor_->Stop();
  // What was learned since the last refresh reaches the store.
  if (learner_ != nullptr) learner_->Flush();
  admin_service_.reset();
  offer_service_.reset();
  admin_handlers_.reset();
  offer_handlers_.reset();
  // After the handlers: their last answers were posted to it.
  http_server_.reset();
  http_api_.reset();
  // Close the ledger before joining the reloader: a reload stuck in a read
  // (a FIFO, a hung mount) must not keep the contact history open. The
  // process's shutdown watchdog (main.cc) bounds the join.
  ledger_.reset();
  reloader_.reset();
}

}  // namespace offergraph
