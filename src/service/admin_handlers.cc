#include "service/admin_handlers.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "service/experiment_report.h"
#include "service/srm_monitor.h"

namespace offergraph {

AdminHandlers::AdminHandlers(const SnapshotStore* store, Reloader* reloader,
                             Metrics* metrics, const Authorizer* authorizer,
                             OfferLedger* ledger)
    : store_(store),
      reloader_(reloader),
      metrics_(metrics),
      authorizer_(authorizer),
      ledger_(ledger),
      ledger_name_(ledger->name()),
      report_pool_(std::make_unique<LedgerPool>(1)) {}

void AdminHandlers::GetExperimentReport(
    const Call& call, const v1::GetExperimentReportRequest* request,
    v1::GetExperimentReportResponse* response, CallDone done) {
  const absl::Time start = absl::Now();
  auto finish = [this, done = std::move(done), start,
                 transport = call.transport](const absl::Status& status) {
    metrics_->RecordRequest(Method::kGetExperimentReport, transport,
                            static_cast<int>(status.code()),
                            absl::Now() - start);
    done(status);
  };
  if (absl::Status allowed =
          Authorize(*authorizer_, call, "GetExperimentReport");
      !allowed.ok()) {
    finish(allowed);
    return;
  }
  if (request->experiment().empty()) {
    finish(absl::InvalidArgumentError("experiment: must not be empty"));
    return;
  }
  SnapshotPtr snapshot = store_->Current();
  if (snapshot == nullptr) {
    finish(absl::UnavailableError("no data snapshot loaded yet"));
    return;
  }
  report_pool_->Submit(
      [this, finish, request, response, snapshot = std::move(snapshot)] {
        ExperimentReportOptions options;
        options.sequential = request->sequential();
        absl::StatusOr<v1::GetExperimentReportResponse> report =
            BuildExperimentReport(snapshot->experiments, request->experiment(),
                                  *ledger_, options);
        if (!report.ok()) {
          finish(report.status());
          return;
        }
        *response = *std::move(report);
        ExportSampleRatio(*response, absl::Now(), metrics_->experiments());
        finish(absl::OkStatus());
      });
}

void AdminHandlers::Reload(const Call& call,
                           const v1::ReloadRequest* /*request*/,
                           v1::ReloadResponse* response, CallDone done) {
  const absl::Time start = absl::Now();
  if (absl::Status allowed = Authorize(*authorizer_, call, "Reload");
      !allowed.ok()) {
    metrics_->RecordRequest(Method::kReload, call.transport,
                            static_cast<int>(allowed.code()),
                            absl::Now() - start);
    done(allowed);
    return;
  }
  reloader_->RequestReload(
      [this, done = std::move(done), response, start,
       transport = call.transport](const absl::StatusOr<SnapshotPtr>& r) {
        absl::Status status;
        if (r.ok()) {
          response->set_snapshot_version((*r)->version);
        } else {
          // The data, not the request, is wrong: fix the files, then retry.
          status = absl::FailedPreconditionError(
              std::string("reload failed, previous snapshot still serving: ") +
              std::string(r.status().message()));
        }
        metrics_->RecordRequest(Method::kReload, transport,
                                static_cast<int>(status.code()),
                                absl::Now() - start);
        done(status);
      });
}

void AdminHandlers::GetStatus(const Call& call,
                              const v1::GetStatusRequest* /*request*/,
                              v1::GetStatusResponse* response, CallDone done) {
  const absl::Time start = absl::Now();
  absl::Status status = Authorize(*authorizer_, call, "GetStatus");
  SnapshotPtr s = store_->Current();
  if (!status.ok()) {
    // Refused: nothing is read.
  } else if (s == nullptr) {
    status = absl::UnavailableError("no data snapshot loaded yet");
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
  metrics_->RecordRequest(Method::kGetStatus, call.transport,
                          static_cast<int>(status.code()), absl::Now() - start);
  done(status);
}

}  // namespace offergraph
