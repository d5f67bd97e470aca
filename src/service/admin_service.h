// File: admin_service.h
// -----------------------------------------------------------------------------
// AdminService: Reload (load the data directory again and swap it in) and
// GetStatus (what is serving, since when, how many reloads failed).
#ifndef OFFERGRAPH_SERVICE_ADMIN_SERVICE_H_
#define OFFERGRAPH_SERVICE_ADMIN_SERVICE_H_

#include <functional>
#include <string>

#include "observability/metrics.h"
#include "offergraph/v1/offer_service.grpc.pb.h"
#include "service/authorizer.h"
#include "snapshot/reloader.h"
#include "snapshot/snapshot_store.h"

namespace offergraph {

// Does not own its collaborators; they must outlive it.
// Thread safety: handlers may run concurrently; Reload completes on the
// reloader's thread, never blocking a gRPC callback thread.
class AdminServiceImpl final : public v1::AdminService::CallbackService {
 public:
  // Every method needs `authorizer`'s consent.
  AdminServiceImpl(const SnapshotStore* store, Reloader* reloader,
                   Metrics* metrics, const Authorizer* authorizer,
                   std::string ledger_name);

  grpc::ServerUnaryReactor* Reload(grpc::CallbackServerContext* context,
                                   const v1::ReloadRequest* request,
                                   v1::ReloadResponse* response) override;
  grpc::ServerUnaryReactor* GetStatus(grpc::CallbackServerContext* context,
                                      const v1::GetStatusRequest* request,
                                      v1::GetStatusResponse* response) override;

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
  const std::string ledger_name_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_ADMIN_SERVICE_H_
