#include "service/request_decode_interceptor.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "google/protobuf/descriptor.h"
#include "service/protobuf_log.h"

namespace offergraph {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Lives exactly as long as its call.
class RequestDecodeInterceptor : public grpc::experimental::Interceptor {
 public:
  RequestDecodeInterceptor(Metrics* metrics, std::optional<Method> method,
                           std::string method_path, bool unary)
      : metrics_(metrics),
        method_(method),
        method_path_(std::move(method_path)),
        unary_(unary),
        start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* m) override {
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // gRPC parsed the body on this thread just now; no message means the
      // parse failed (and libprotobuf may have said why).
      const std::string line = TakeLastProtobufLogLine();
      // (Only unary calls: a stream's last read also finds no message.)
      if (unary_ && m->GetRecvMessage() == nullptr) {
        message_ = UndecodableRequestMessage(method_path_, line);
      }
    }
    if (!message_.empty() && m->QueryInterceptionHookPoint(
                                 InterceptionHookPoints::PRE_SEND_STATUS)) {
      m->ModifySendStatus(
          grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message_));
      if (method_) {
        metrics_->RecordRequest(*method_, Transport::kGrpc,
                                grpc::StatusCode::INVALID_ARGUMENT,
                                absl::Now() - start_);
      }
    }
    m->Proceed();
  }

 private:
  Metrics* const metrics_;
  const std::optional<Method> method_;
  const std::string method_path_;
  const bool unary_;
  const absl::Time start_;
  std::string message_;  // set when the request did not decode
};

}  // namespace

std::string UndecodableRequestMessage(const std::string& method_path,
                                      const std::string& protobuf_line) {
  // "/pkg.Service/Method" -> "pkg.Service.Method"
  const std::string full_name =
      absl::StrReplaceAll(absl::StripPrefix(method_path, "/"), {{"/", "."}});
  const google::protobuf::MethodDescriptor* method =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          full_name);
  std::string message = absl::StrCat(
      "request body is not a valid ",
      method != nullptr ? method->input_type()->full_name() : "request");
  // libprotobuf: "String field 'pkg.Msg.field' contains invalid UTF-8 data
  // when parsing a protocol buffer. ..."
  constexpr char kUtf8Prefix[] = "String field '";
  const size_t at = protobuf_line.find(kUtf8Prefix);
  if (at != std::string::npos &&
      protobuf_line.find("invalid UTF-8") != std::string::npos) {
    const size_t begin = at + absl::string_view(kUtf8Prefix).size();
    const size_t end = protobuf_line.find('\'', begin);
    if (end != std::string::npos) {
      absl::StrAppend(&message, ": string field ",
                      protobuf_line.substr(begin, end - begin),
                      " holds invalid UTF-8");
    }
  }
  return message;
}

RequestDecodeInterceptorFactory::RequestDecodeInterceptorFactory(
    Metrics* metrics)
    : metrics_(metrics) {
  for (int m = 0; m < kMethodCount; ++m) {
    methods_.emplace(MethodName(static_cast<Method>(m)),
                     static_cast<Method>(m));
  }
}

grpc::experimental::Interceptor*
RequestDecodeInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  std::string path = info->method();
  std::optional<Method> method;
  const size_t slash = path.rfind('/');
  if (auto it = methods_.find(path.substr(slash + 1)); it != methods_.end()) {
    method = it->second;
  }
  const bool unary =
      info->type() == grpc::experimental::ServerRpcInfo::Type::UNARY;
  return new RequestDecodeInterceptor(metrics_, method, std::move(path), unary);
}

}  // namespace offergraph
