// File: admin_service.h
// -----------------------------------------------------------------------------
// The gRPC edge of AdminService: each method hands its call to AdminHandlers
// (admin_handlers.h), which the HTTP/JSON edge calls too, and finishes the
// call's reactor with the status it gets back.
#ifndef OFFERGRAPH_SERVICE_ADMIN_SERVICE_H_
#define OFFERGRAPH_SERVICE_ADMIN_SERVICE_H_

#include "offergraph/v1/offer_service.grpc.pb.h"
#include "service/admin_handlers.h"

namespace offergraph {

// Does not own `handlers`, which must outlive it. Thread safety: gRPC calls
// the methods concurrently; the class holds no mutable state of its own.
class AdminServiceImpl final : public v1::AdminService::CallbackService {
 public:
  explicit AdminServiceImpl(AdminHandlers* handlers) : handlers_(handlers) {}

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

 private:
  AdminHandlers* const handlers_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_ADMIN_SERVICE_H_
