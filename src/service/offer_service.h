// File: offer_service.h
// -----------------------------------------------------------------------------
// The gRPC edge of OfferService: each method hands its call to OfferHandlers
// (offer_handlers.h), which the HTTP/JSON edge calls too, and finishes the
// call's reactor with the status it gets back.
#ifndef OFFERGRAPH_SERVICE_OFFER_SERVICE_H_
#define OFFERGRAPH_SERVICE_OFFER_SERVICE_H_

#include "offergraph/v1/offer_service.grpc.pb.h"
#include "service/offer_handlers.h"
#include "util/arena_message_allocator.h"

namespace offergraph {

// Does not own `handlers`, which must outlive it. Thread safety: gRPC calls
// the methods concurrently; the class holds no mutable state of its own.
class OfferServiceImpl final : public v1::OfferService::CallbackService {
 public:
  explicit OfferServiceImpl(OfferHandlers* handlers);

  grpc::ServerUnaryReactor* Suggest(grpc::CallbackServerContext* context,
                                    const v1::SuggestRequest* request,
                                    v1::SuggestResponse* response) override;
  grpc::ServerUnaryReactor* RecordOutcome(
      grpc::CallbackServerContext* context,
      const v1::RecordOutcomeRequest* request,
      v1::RecordOutcomeResponse* response) override;
  grpc::ServerUnaryReactor* SetCustomerState(
      grpc::CallbackServerContext* context,
      const v1::SetCustomerStateRequest* request,
      v1::SetCustomerStateResponse* response) override;
  grpc::ServerUnaryReactor* GetCustomerView(
      grpc::CallbackServerContext* context,
      const v1::GetCustomerViewRequest* request,
      v1::GetCustomerViewResponse* response) override;
  grpc::ServerUnaryReactor* EraseCustomer(
      grpc::CallbackServerContext* context,
      const v1::EraseCustomerRequest* request,
      v1::EraseCustomerResponse* response) override;
  grpc::ServerUnaryReactor* RecordOrder(
      grpc::CallbackServerContext* context,
      const v1::RecordOrderRequest* request,
      v1::RecordOrderResponse* response) override;

 private:
  OfferHandlers* const handlers_;
  // Suggest's request and response live on one arena per call.
  ArenaMessageAllocator<v1::SuggestRequest, v1::SuggestResponse>
      suggest_allocator_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_OFFER_SERVICE_H_
