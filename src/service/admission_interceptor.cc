#include "service/admission_interceptor.h"

namespace offergraph {
namespace {

// Lives exactly as long as its call: gRPC creates it when the call starts
// and destroys it when the call is done.
class AdmissionInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit AdmissionInterceptor(InflightLimiter* limiter) : limiter_(limiter) {
    limiter_->Arrive();
  }
  ~AdmissionInterceptor() override { limiter_->Depart(); }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    methods->Proceed();
  }

 private:
  InflightLimiter* limiter_;
};

}  // namespace

grpc::experimental::Interceptor*
AdmissionInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new AdmissionInterceptor(limiter_);
}

}  // namespace offergraph
