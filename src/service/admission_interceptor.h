// File: admission_interceptor.h
// -----------------------------------------------------------------------------
// Counts every call from the moment gRPC starts it on the server until its
// status is sent, so the in-flight bound sees calls that are queued behind
// busy threads or running on a ledger thread, not only the ones a handler is
// running, and a call whose answer the client already has no longer counts.
//
// Why: with the callback API a handler runs only when an executor thread is
// free. Under overload calls pile up before any handler starts; a bound
// checked only inside handlers never exceeds the number of threads, so it
// never refuses anything while latency grows without limit. With this
// interceptor the handler compares the number of calls started (queued or
// running) with the bound and fails fast with RESOURCE_EXHAUSTED.
#ifndef OFFERGRAPH_SERVICE_ADMISSION_INTERCEPTOR_H_
#define OFFERGRAPH_SERVICE_ADMISSION_INTERCEPTOR_H_

#include "grpcpp/support/server_interceptor.h"
#include "service/inflight_limiter.h"

namespace offergraph {

// Creates one interceptor per call; each marks the call as arrived at the
// limiter when the call starts and departed when its status is sent (or when
// the call ends without one). The limiter must outlive the server.
//
// Thread safety: gRPC calls CreateServerInterceptor concurrently; the
// factory holds only the limiter pointer.
class AdmissionInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit AdmissionInterceptorFactory(InflightLimiter* limiter)
      : limiter_(limiter) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  InflightLimiter* limiter_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_ADMISSION_INTERCEPTOR_H_
