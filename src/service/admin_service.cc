#include "service/admin_service.h"

#include "service/grpc_call.h"

namespace offergraph {

grpc::ServerUnaryReactor* AdminServiceImpl::Reload(
    grpc::CallbackServerContext* context, const v1::ReloadRequest* request,
    v1::ReloadResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  handlers_->Reload(GrpcCall(context), request, response,
                    FinishReactor(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* AdminServiceImpl::GetStatus(
    grpc::CallbackServerContext* context, const v1::GetStatusRequest* request,
    v1::GetStatusResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  handlers_->GetStatus(GrpcCall(context), request, response,
                       FinishReactor(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* AdminServiceImpl::GetExperimentReport(
    grpc::CallbackServerContext* context,
    const v1::GetExperimentReportRequest* request,
    v1::GetExperimentReportResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  handlers_->GetExperimentReport(GrpcCall(context), request, response,
                                 FinishReactor(reactor));
  return reactor;
}

}  // namespace offergraph
