// File: admin_handlers.h
// -----------------------------------------------------------------------------
// AdminService's logic, free of any transport (the gRPC edge is
// admin_service.h, the HTTP/JSON one http/): Reload (load the data directory
// again and swap it in), GetStatus (what is serving, since when, how many
// reloads failed) and GetExperimentReport (experiment_report.h).
#ifndef OFFERGRAPH_SERVICE_ADMIN_HANDLERS_H_
#define OFFERGRAPH_SERVICE_ADMIN_HANDLERS_H_

#include <functional>
#include <memory>
#include <string>

#include "ledger/offer_ledger.h"
#include "observability/metrics.h"
#include "offergraph/v1/offer_service.pb.h"
#include "service/authorizer.h"
#include "service/call.h"
#include "service/ledger_pool.h"
#include "snapshot/reloader.h"
#include "snapshot/snapshot_store.h"

namespace offergraph {

// Does not own its collaborators; they must outlive it. Owns one thread for
// reports.
// Thread safety: methods may be called concurrently from any thread;
// GetStatus answers on the calling thread (it reads memory only), Reload
// completes on the reloader's thread and GetExperimentReport on the report
// thread (one report at a time, queued in order), never blocking the
// caller's thread.
class AdminHandlers {
 public:
  // Every method needs `authorizer`'s consent.
  AdminHandlers(const SnapshotStore* store, Reloader* reloader,
                Metrics* metrics, const Authorizer* authorizer,
                OfferLedger* ledger);

  // Each answers through `done` (call.h); `request` and `response` must
  // stay alive until it has run.
  void Reload(const Call& call, const v1::ReloadRequest* request,
              v1::ReloadResponse* response, CallDone done);
  void GetStatus(const Call& call, const v1::GetStatusRequest* request,
                 v1::GetStatusResponse* response, CallDone done);
  void GetExperimentReport(const Call& call,
                           const v1::GetExperimentReportRequest* request,
                           v1::GetExperimentReportResponse* response,
                           CallDone done);

  // Fills GetStatusResponse.learning; set once, before the server starts.
  void set_learning_status(std::function<void(v1::LearningStatus*)> fill) {
    learning_status_ = std::move(fill);
  }

 private:
  std::function<void(v1::LearningStatus*)> learning_status_;
  const SnapshotStore* store_;
  Reloader* reloader_;
  Metrics* metrics_;
  const Authorizer* authorizer_;
  OfferLedger* ledger_;
  const std::string ledger_name_;
  // Last: drained and joined first.
  std::unique_ptr<LedgerPool> report_pool_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_ADMIN_HANDLERS_H_
