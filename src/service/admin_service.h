// File: admin_service.h
// -----------------------------------------------------------------------------
// AdminService: Reload (load the data directory again and swap it in),
// GetStatus (what is serving, since when, how many reloads failed) and
// GetExperimentReport (experiment_report.h).
#ifndef OFFERGRAPH_SERVICE_ADMIN_SERVICE_H_
#define OFFERGRAPH_SERVICE_ADMIN_SERVICE_H_

#include <functional>
#include <memory>
#include <string>

#include "observability/metrics.h"
#include "offergraph/v1/offer_service.grpc.pb.h"
#include "ledger/offer_ledger.h"
#include "service/authorizer.h"
#include "service/ledger_pool.h"
#include "snapshot/reloader.h"
#include "snapshot/snapshot_store.h"

namespace offergraph {

// Does not own its collaborators; they must outlive it. Owns one thread for
// reports.
// Thread safety: handlers may run concurrently; Reload completes on the
// reloader's thread and GetExperimentReport on the report thread (one report
// at a time, queued in order), never blocking a gRPC callback thread.
class AdminServiceImpl final : public v1::AdminService::CallbackService {
 public:
  // Every method needs `authorizer`'s consent.
  AdminServiceImpl(const SnapshotStore* store, Reloader* reloader,
                   Metrics* metrics, const Authorizer* authorizer,
                   OfferLedger* ledger);

  grpc::ServerUnaryReactor* Reload(grpc::CallbackServerContext* context,
                                   const v1::ReloadRequest* request,
                                   v1::ReloadResponse* response) override;
  grpc::ServerUnaryReactor* GetStatus(grpc::CallbackServerContext* context,
                                      const v1::GetStatusRequest* request,
                                      v1::GetStatusResponse* response) override;
  grpc::ServerUnaryReactor* GetExperimentReport(
      grpc::CallbackServerContext* context,
      const v1::GetExperimentReportRequest* request,
      v1::GetExperimentReportResponse* response) override;

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

#endif  // OFFERGRAPH_SERVICE_ADMIN_SERVICE_H_
