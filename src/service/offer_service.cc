#include "service/offer_service.h"

#include "service/grpc_call.h"

namespace offergraph {

OfferServiceImpl::OfferServiceImpl(OfferHandlers* handlers)
    : handlers_(handlers) {
  SetMessageAllocatorFor_Suggest(&suggest_allocator_);
}

grpc::ServerUnaryReactor* OfferServiceImpl::Suggest(
    grpc::CallbackServerContext* context, const v1::SuggestRequest* request,
    v1::SuggestResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  handlers_->Suggest(GrpcCall(context), request, response,
                     FinishReactor(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* OfferServiceImpl::RecordOutcome(
    grpc::CallbackServerContext* context,
    const v1::RecordOutcomeRequest* request,
    v1::RecordOutcomeResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  handlers_->RecordOutcome(GrpcCall(context), request, response,
                           FinishReactor(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* OfferServiceImpl::SetCustomerState(
    grpc::CallbackServerContext* context,
    const v1::SetCustomerStateRequest* request,
    v1::SetCustomerStateResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  handlers_->SetCustomerState(GrpcCall(context), request, response,
                              FinishReactor(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* OfferServiceImpl::GetCustomerView(
    grpc::CallbackServerContext* context,
    const v1::GetCustomerViewRequest* request,
    v1::GetCustomerViewResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  handlers_->GetCustomerView(GrpcCall(context), request, response,
                             FinishReactor(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* OfferServiceImpl::EraseCustomer(
    grpc::CallbackServerContext* context,
    const v1::EraseCustomerRequest* request,
    v1::EraseCustomerResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  handlers_->EraseCustomer(GrpcCall(context), request, response,
                           FinishReactor(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* OfferServiceImpl::RecordOrder(
    grpc::CallbackServerContext* context, const v1::RecordOrderRequest* request,
    v1::RecordOrderResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  handlers_->RecordOrder(GrpcCall(context), request, response,
                         FinishReactor(reactor));
  return reactor;
}

}  // namespace offergraph
