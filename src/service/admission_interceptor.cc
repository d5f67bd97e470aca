#include "service/admission_interceptor.h"

namespace offergraph {
namespace {

// One per call: gRPC creates it when the call starts and destroys it when
// the call is done. The call counts as in flight from creation until its
// status is handed to gRPC to send (or, for a call that never sends one,
// until destruction).
//
// Why not until destruction: gRPC destroys the interceptor only after the
// send-status batch completes and the reactor's OnDone has run, on a
// callback thread, possibly after the client has already seen the status
// and sent its next call. A client that waits for each answer would then be
// counted twice and refused at the bound.
class AdmissionInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit AdmissionInterceptor(InflightLimiter* limiter) : limiter_(limiter) {
    limiter_->Arrive();
  }
  ~AdmissionInterceptor() override {
    if (!departed_) limiter_->Depart();
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    // PRE_SEND_STATUS runs on the thread that finishes the call, before the
    // status goes on the wire, so the count drops before the client can
    // see the status. A call sends at most one status, and gRPC orders
    // this hook before the destructor, so `departed_` needs no lock.
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS) &&
        !departed_) {
      departed_ = true;
      limiter_->Depart();
    }
    methods->Proceed();
  }

 private:
  InflightLimiter* limiter_;
  bool departed_ = false;  // Depart() called for this call
};

}  // namespace

grpc::experimental::Interceptor*
AdmissionInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new AdmissionInterceptor(limiter_);
}

}  // namespace offergraph
