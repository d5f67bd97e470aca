#include "service/admin_service.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "service/experiment_report.h"
#include "service/srm_monitor.h"
#include "service/status_util.h"

namespace offergraph {

AdminServiceImpl::AdminServiceImpl(const SnapshotStore* store,
                                   Reloader* reloader, Metrics* metrics,
                                   const Authorizer* authorizer,
                                   OfferLedger* ledger)
    : store_(store),
      reloader_(reloader),
      metrics_(metrics),
      authorizer_(authorizer),
      ledger_(ledger),
      ledger_name_(ledger->name()),
      report_pool_(std::make_unique<LedgerPool>(1)) {}

grpc::ServerUnaryReactor* AdminServiceImpl::GetExperimentReport(
    grpc::CallbackServerContext* context,
    const v1::GetExperimentReportRequest* request,
    v1::GetExperimentReportResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time start = absl::Now();
  auto finish = [this, reactor, start](const grpc::Status& status) {
    metrics_->RecordRequest(Method::kGetExperimentReport, status.error_code(),
                            absl::Now() - start);
    reactor->Finish(status);
  };
  if (grpc::Status allowed =
          authorizer_->Check(*context, "GetExperimentReport");
      !allowed.ok()) {
    finish(allowed);
    return reactor;
  }
  if (request->experiment().empty()) {
    finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "experiment: must not be empty"));
    return reactor;
  }
  SnapshotPtr snapshot = store_->Current();
  if (snapshot == nullptr) {
    finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "no data snapshot loaded yet"));
    return reactor;
  }
  report_pool_->Submit([this, finish, request, response,
                        snapshot = std::move(snapshot)] {
    ExperimentReportOptions options;
    options.sequential = request->sequential();
    absl::StatusOr<v1::GetExperimentReportResponse> report =
        BuildExperimentReport(snapshot->experiments, request->experiment(),
                              *ledger_, options);
    if (!report.ok()) {
      finish(ToGrpcStatus(report.status()));
      return;
    }
    *response = *std::move(report);
    ExportSampleRatio(*response, absl::Now(), metrics_->experiments());
    finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* AdminServiceImpl::Reload(
    grpc::CallbackServerContext* context, const v1::ReloadRequest* /*request*/,
    v1::ReloadResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time start = absl::Now();
  if (grpc::Status allowed = authorizer_->Check(*context, "Reload");
      !allowed.ok()) {
    metrics_->RecordRequest(Method::kReload, allowed.error_code(),
                            absl::Now() - start);
    reactor->Finish(allowed);
    return reactor;
  }
  reloader_->RequestReload(
      [this, reactor, response, start](const absl::StatusOr<SnapshotPtr>& r) {
        grpc::Status status;
        if (r.ok()) {
          response->set_snapshot_version((*r)->version);
        } else {
          // The data, not the request, is wrong: fix the files, then retry.
          status = grpc::Status(
              grpc::StatusCode::FAILED_PRECONDITION,
              std::string("reload failed, previous snapshot still serving: ") +
                  std::string(r.status().message()));
        }
        metrics_->RecordRequest(Method::kReload, status.error_code(),
                                absl::Now() - start);
        reactor->Finish(status);
      });
  return reactor;
}

grpc::ServerUnaryReactor* AdminServiceImpl::GetStatus(
    grpc::CallbackServerContext* context,
    const v1::GetStatusRequest* /*request*/, v1::GetStatusResponse* response) {
  const absl::Time start = absl::Now();
  grpc::Status status = authorizer_->Check(*context, "GetStatus");
  SnapshotPtr s = store_->Current();
  if (!status.ok()) {
    // Refused: nothing is read.
  } else if (s == nullptr) {
    status = grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "no data snapshot loaded yet");
  } else {
    response->set_snapshot_version(s->version);
    response->set_snapshot_generation(s->generation);
    response->set_product_count(static_cast<int64_t>(s->catalog.size()));
    response->set_cross_sell_edge_count(
        static_cast<int64_t>(s->graph.edge_count(EdgeKind::kCrossSell)));
    response->set_upsell_edge_count(
        static_cast<int64_t>(s->graph.edge_count(EdgeKind::kUpsell)));
    response->set_derived_upsell_edge_count(
        static_cast<int64_t>(s->graph.derived_upsell_count()));
    response->set_loaded_at_unix_seconds(absl::ToUnixSeconds(s->loaded_at));
    response->set_load_duration_seconds(
        absl::ToDoubleSeconds(s->load_duration));
    response->set_data_dir(s->data_dir);
    Reloader::Stats stats = reloader_->stats();
    // Start-up's load is not a reload.
    response->set_reloads_ok(stats.ok > 0 ? stats.ok - 1 : 0);
    response->set_reloads_failed(stats.failed);
    response->set_last_reload_error(stats.last_error);
    response->set_ledger_store(ledger_name_);
    if (learning_status_) learning_status_(response->mutable_learning());
  }
  metrics_->RecordRequest(Method::kGetStatus, status.error_code(),
                          absl::Now() - start);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

}  // namespace offergraph
