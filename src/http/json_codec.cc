#include "http/json_codec.h"

#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "util/status_codes.h"

namespace offergraph {
namespace {

// libprotobuf's parse errors, made to read like the rest of our messages:
//   "(cart[0].quantity): invalid value ..."  -> "cart[0].quantity: invalid
//   value ..."
//   "Expected : between key:value pair.\n<text>\n   ^" -> "... near
//   `<text before>` [here] `<text after>`"
std::string DescribeParseError(absl::string_view error) {
  std::vector<absl::string_view> lines = absl::StrSplit(error, '\n');
  if (lines.size() == 3) {
    const size_t caret = lines[2].find('^');
    absl::string_view text = lines[1];
    if (caret != absl::string_view::npos && caret <= text.size()) {
      return absl::StrCat(absl::StripSuffix(lines[0], "."), " near `",
                          text.substr(0, caret), "` [here] `",
                          text.substr(caret), "`");
    }
  }
  absl::string_view message = error;
  if (absl::ConsumePrefix(&message, "(")) {
    const size_t close = message.find("):");
    if (close != absl::string_view::npos) {
      return absl::StrCat(message.substr(0, close), message.substr(close + 1));
    }
  }
  absl::ConsumePrefix(&message, ": ");
  return std::string(message);
}

// The error body's type, built once at start-up (a proto of its own would
// regenerate every offergraph proto): protobuf's printer then writes its
// fields in number order, code first.
const google::protobuf::Message* BuildErrorPrototype() {
  using google::protobuf::FieldDescriptorProto;
  google::protobuf::FileDescriptorProto file;
  file.set_name("offergraph/http/error.proto");
  file.set_package("offergraph.http");
  file.set_syntax("proto3");
  google::protobuf::DescriptorProto* error = file.add_message_type();
  error->set_name("Error");
  int number = 0;
  for (const char* name : {"code", "message"}) {
    FieldDescriptorProto* field = error->add_field();
    field->set_name(name);
    field->set_json_name(name);
    field->set_number(++number);
    field->set_type(FieldDescriptorProto::TYPE_STRING);
    field->set_label(FieldDescriptorProto::LABEL_OPTIONAL);
  }
  // Both live as long as the process (the prototype points into them).
  auto* pool = new google::protobuf::DescriptorPool();
  const google::protobuf::FileDescriptor* built = pool->BuildFile(file);
  auto* factory = new google::protobuf::DynamicMessageFactory(pool);
  return factory->GetPrototype(built->message_type(0));
}

const google::protobuf::Message& ErrorPrototype() {
  static const google::protobuf::Message* const prototype =
      BuildErrorPrototype();
  return *prototype;
}

}  // namespace

const google::protobuf::Descriptor* ErrorDescriptor() {
  return ErrorPrototype().GetDescriptor();
}

absl::Status JsonToMessage(absl::string_view json,
                           google::protobuf::Message* message) {
  if (absl::StripAsciiWhitespace(json).empty()) return absl::OkStatus();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message,
      options);
  if (status.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("request body is not a valid ",
                   message->GetDescriptor()->full_name(), " in JSON: ",
                   DescribeParseError(std::string(status.message().data(),
                                                  status.message().size()))));
}

std::string MessageToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = false;
  std::string json;
  // Our messages always convert (no Any of unknown types); on the
  // impossible failure the body is empty and the status says OK.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

std::string ErrorJson(const absl::Status& status) {
  std::unique_ptr<google::protobuf::Message> body(ErrorPrototype().New());
  const google::protobuf::Descriptor* type = body->GetDescriptor();
  const google::protobuf::Reflection* r = body->GetReflection();
  r->SetString(body.get(), type->field(0),
               StatusCodeName(static_cast<int>(status.code())));
  // Bounded, as gRPC's messages are (service/status_util.h).
  constexpr size_t kMaxMessage = 1024;
  r->SetString(body.get(), type->field(1),
               std::string(status.message().substr(0, kMaxMessage)));
  return MessageToJson(*body);
}

int HttpStatusFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

}  // namespace offergraph
