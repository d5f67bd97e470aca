// File: server.h
// -----------------------------------------------------------------------------
// One offergraph process: binds the gRPC and metrics ports, loads the first
// snapshot, serves OfferService and AdminService with health checking and
// reflection, reloads on request, and shuts down gracefully.
#ifndef OFFERGRAPH_SERVER_SERVER_H_
#define OFFERGRAPH_SERVER_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/server.h"
#include "http/http_api.h"
#include "http/http_server.h"
#include "learn/learner.h"
#include "learn/model_refresher.h"
#include "learn/model_store.h"
#include "ledger/offer_ledger.h"
#include "observability/learning_metrics.h"
#include "observability/metrics.h"
#include "offergraph/snapshot_loader.h"
#include "service/admin_handlers.h"
#include "service/admin_service.h"
#include "service/authorizer.h"
#include "service/inflight_limiter.h"
#include "service/offer_handlers.h"
#include "service/offer_service.h"
#include "service/srm_monitor.h"
#include "snapshot/reloader.h"
#include "snapshot/snapshot_store.h"
#include "util/mutex.h"

namespace prometheus {
class Exposer;
}

namespace offergraph {

struct ServerOptions {
  // host:port for gRPC. Port 0 picks a free port (see grpc_port()).
  std::string grpc_address = "127.0.0.1:50051";
  // host:port for the Prometheus /metrics endpoint; empty disables it.
  std::string metrics_address = "127.0.0.1:9464";
  SnapshotLoadOptions data;
  // CPU priority of background reloads (start-up loads at the caller's).
  ReloadPriority reload_priority = ReloadPriority::kLow;
  // CPU priority of the propensity model's refreshes: idle, so requests
  // never wait for one (bench/learning_bench measures it); a refresh
  // starved for over a second (saturated cores) is lifted to nice 19.
  BackgroundPriority model_refresh_priority = BackgroundPriority::kIdle;
  OfferServiceOptions offer;
  // How long Shutdown waits for in-flight calls before cancelling them.
  absl::Duration shutdown_grace = absl::Seconds(5);
  // How often every configured experiment's sample-ratio test is recomputed
  // in the background and exported (service/srm_monitor.h); <= 0: only
  // when someone asks for a report.
  absl::Duration experiment_srm_interval = absl::Seconds(60);
  // Largest request accepted, bytes.
  int max_receive_message_bytes = 4 * 1024 * 1024;
  // Calls worked on at once on the request path; beyond it calls fail fast
  // with RESOURCE_EXHAUSTED. <= 0: unlimited.
  int max_inflight_rpcs = 1024;
  // Memory gRPC may use for connections and calls, bytes (0: gRPC default).
  int64_t grpc_memory_quota_bytes = 512LL * 1024 * 1024;

  // The HTTP/JSON listener (http/http_server.h), serving every RPC with the
  // same handlers, security and metrics as gRPC; http.address empty turns
  // it off. TLS follows the tls_* files below.
  HttpServerOptions http;
  // Origins whose pages may call the HTTP API from a browser (CORS).
  std::vector<std::string> http_cors_origins;

  // Security. Token for privileged RPCs (AdminService, customer state,
  // history); empty: privileged RPCs only from loopback peers.
  std::string admin_token;
  // TLS: PEM files. Both empty: plaintext.
  std::string tls_cert_file;
  std::string tls_key_file;
  // PEM CA bundle for client certificates; set to verify them (mTLS).
  std::string tls_client_ca_file;
};

// Owns every part of the process. Thread safety: Shutdown, RequestReload and
// the accessors may be called from any thread.
class Server {
 public:
  // Binds, starts serving (health NOT_SERVING), loads the first snapshot and
  // turns health to SERVING. Fails (and stops) if a port cannot be bound or
  // the data does not load.
  static absl::StatusOr<std::unique_ptr<Server>> Start(
      ServerOptions options, std::unique_ptr<OfferLedger> ledger);

  ~Server();

  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return metrics_port_; }
  // 0 when the HTTP listener is off.
  int http_port() const { return http_server_ ? http_server_->port() : 0; }
  SnapshotPtr snapshot() const { return store_.Current(); }
  Metrics& metrics() { return metrics_; }
  // The background sample-ratio check (running or not).
  SrmMonitor& srm_monitor() { return *srm_monitor_; }

  // Reloads off the calling thread (SIGHUP path); `done` may be empty.
  void RequestReload(Reloader::Done done);

  // Answers new calls UNAVAILABLE, waits up to shutdown_grace for the calls
  // in flight (not for idle connections), then closes the connections and
  // cancels what is left. Idempotent.
  void Shutdown();
  // Blocks until the gRPC server has shut down.
  void Wait();

 private:
  // GetStatus's learning section.
  void FillLearningStatus(v1::LearningStatus* out) const;
  // After each model build: the evidence store's state to metrics, and to
  // the log when it changes.
  void ReportEvidenceStore(const PropensityModel& model);
  explicit Server(ServerOptions options, std::unique_ptr<OfferLedger> ledger);
  absl::Status Init();
  // Starts the HTTP/JSON listener unless options_.http.address is empty.
  absl::Status StartHttp();
  void OnLoad(const absl::StatusOr<SnapshotPtr>& result);

  const ServerOptions options_;
  Metrics metrics_;
  SnapshotStore store_;
  // The learned propensity: outcomes teach the learner, the refresher
  // rebuilds the model into models_ off the request path. The learner keeps
  // its evidence in the ledger's evidence store when it has one; it is
  // flushed and destroyed before the ledger.
  std::unique_ptr<Learner> learner_;
  // What ReportEvidenceStore last logged; touched by the refresher only
  // (its first build on Init's thread, then its own thread).
  bool evidence_was_ok_ = true;
  int64_t evidence_corrupt_logged_ = 0;
  ModelStore models_;
  std::unique_ptr<LearningMetrics> learning_metrics_;
  std::unique_ptr<ModelRefresher> refresher_;
  std::unique_ptr<OfferLedger> ledger_;
  Authorizer authorizer_;
  InflightLimiter limiter_;
  std::unique_ptr<Reloader> reloader_;
  // The request handlers, and the gRPC edge that calls them.
  std::unique_ptr<OfferHandlers> offer_handlers_;
  std::unique_ptr<AdminHandlers> admin_handlers_;
  std::unique_ptr<OfferServiceImpl> offer_service_;
  std::unique_ptr<AdminServiceImpl> admin_service_;
  // Reads the ledger: stopped before it is closed.
  std::unique_ptr<SrmMonitor> srm_monitor_;
  // The HTTP/JSON edge: its answers (http_api_) and its listener. The
  // listener's threads stop before the handlers go; both outlive the
  // handlers, whose last answers post to them.
  std::unique_ptr<HttpApi> http_api_;
  std::unique_ptr<HttpServer> http_server_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::unique_ptr<grpc::Server> grpc_server_;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
  Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVER_SERVER_H_
