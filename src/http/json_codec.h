// File: json_codec.h
// -----------------------------------------------------------------------------
// Request and response bodies of the HTTP/JSON API, in the proto3 JSON
// mapping (proto field names; int64 as strings; enums by name), through
// protobuf's own JSON utilities: never hand-written JSON.
//
// Example:
//   v1::SuggestRequest request;
//   absl::Status s = JsonToMessage(body, &request);
//   // s: INVALID_ARGUMENT "request body: cart[0].quantity: invalid value
//   //    \"x\" for type TYPE_INT32"
#ifndef OFFERGRAPH_HTTP_JSON_CODEC_H_
#define OFFERGRAPH_HTTP_JSON_CODEC_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace offergraph {

// Merges the JSON object `json` into `message`. INVALID_ARGUMENT naming what
// is wrong and where: the field path ("cart[0].quantity: ..."), an unknown
// field's name, or for broken JSON the text around the fault.
absl::Status JsonToMessage(absl::string_view json,
                           google::protobuf::Message* message);

// `message` as JSON: proto field names, fields at their defaults included
// (a desk tool sees `"complaint_open": false`, not a missing field).
std::string MessageToJson(const google::protobuf::Message& message);

// The body of an error response: {"code": "INVALID_ARGUMENT", "message":
// "..."}, the code by its canonical name; an offergraph.http.Error message
// (ErrorDescriptor) printed by protobuf.
std::string ErrorJson(const absl::Status& status);
const google::protobuf::Descriptor* ErrorDescriptor();

// The HTTP status of a canonical code, as google/rpc/code.proto maps them
// (INVALID_ARGUMENT 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403,
// NOT_FOUND 404, ALREADY_EXISTS and ABORTED 409, RESOURCE_EXHAUSTED 429,
// UNAVAILABLE 503, DEADLINE_EXCEEDED 504, ...).
int HttpStatusFor(absl::StatusCode code);

}  // namespace offergraph

#endif  // OFFERGRAPH_HTTP_JSON_CODEC_H_
