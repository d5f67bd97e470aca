#include "http/http_api.h"

#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "boost/beast/http/field.hpp"
#include "boost/beast/http/status.hpp"
#include "boost/beast/http/verb.hpp"
#include "boost/url/parse.hpp"
#include "boost/url/url_view.hpp"
#include "google/protobuf/arena.h"
#include "google/protobuf/message.h"
#include "http/console.h"
#include "http/json_codec.h"
#include "http/openapi.h"

namespace offergraph {
namespace {

namespace http = boost::beast::http;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr char kOpenApiPath[] = "/v1/openapi.json";
// The request headers a browser page may send (CORS preflight).
constexpr char kAllowedHeaders[] = "authorization, content-type, x-timeout-ms";
// The longest deadline a request may ask for (X-Timeout-Ms).
constexpr int64_t kMaxTimeoutMs = 600000;

// The value of the header `field` (an http::field or a name); empty when
// absent.
template <typename Field>
std::string Header(const HttpRequest& request, Field field) {
  auto it = request.find(field);
  return it == request.end()
             ? std::string()
             : std::string(it->value().data(), it->value().size());
}

std::optional<HttpVerb> VerbOf(http::verb verb) {
  switch (verb) {
    case http::verb::get:
      return HttpVerb::kGet;
    case http::verb::post:
      return HttpVerb::kPost;
    case http::verb::put:
      return HttpVerb::kPut;
    case http::verb::delete_:
      return HttpVerb::kDelete;
    default:
      return std::nullopt;
  }
}

// A short, printable rendering of text the client sent, for messages.
std::string Quote(absl::string_view text) {
  return absl::StrCat("\"", absl::CHexEscape(text.substr(0, 64)), "\"");
}

// Sets the scalar field `name` of `message` from the text `value` (a path or
// query parameter). INVALID_ARGUMENT naming `what` and the field otherwise.
absl::Status SetField(absl::string_view what, absl::string_view name,
                      absl::string_view value, Message* message) {
  const google::protobuf::Descriptor* type = message->GetDescriptor();
  const FieldDescriptor* field = type->FindFieldByName(std::string(name));
  if (field == nullptr || field->is_repeated() ||
      field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " ", Quote(name), ": ", type->full_name(),
                     " has no such scalar field"));
  }
  const google::protobuf::Reflection* r = message->GetReflection();
  bool ok = true;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      r->SetString(message, field, std::string(value));
      break;
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool b = false;
      ok = absl::SimpleAtob(value, &b);
      if (ok) r->SetBool(message, field, b);
      break;
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t v = 0;
      ok = absl::SimpleAtoi(value, &v);
      if (ok) r->SetInt32(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t v = 0;
      ok = absl::SimpleAtoi(value, &v);
      if (ok) r->SetInt64(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t v = 0;
      ok = absl::SimpleAtoi(value, &v);
      if (ok) r->SetUInt32(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t v = 0;
      ok = absl::SimpleAtoi(value, &v);
      if (ok) r->SetUInt64(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double v = 0;
      ok = absl::SimpleAtod(value, &v);
      if (ok) r->SetDouble(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      float v = 0;
      ok = absl::SimpleAtof(value, &v);
      if (ok) r->SetFloat(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const google::protobuf::EnumValueDescriptor* e =
          field->enum_type()->FindValueByName(std::string(value));
      ok = e != nullptr;
      if (ok) r->SetEnum(message, field, e);
      break;
    }
    default:
      ok = false;
  }
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " ", name, ": ", Quote(value), " is not a valid ",
                     field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM
                         ? field->enum_type()->full_name()
                         : field->cpp_type_name()));
  }
  return absl::OkStatus();
}

// One call in flight: its request and response on one arena, and what the
// caller presented. Shared by the call's CallDone, which frees it.
struct Exchange {
  google::protobuf::Arena arena;
  Message* request = nullptr;
  Message* response = nullptr;
  Credentials credentials;
  HttpRequest http;  // for the CORS headers of the answer
};

}  // namespace

HttpApi::HttpApi(ApiHandlers handlers, Metrics* metrics,
                 InflightLimiter* limiter, HttpApiOptions options)
    : handlers_(handlers),
      metrics_(metrics),
      limiter_(limiter),
      options_(std::move(options)),
      cors_origins_(options_.cors_origins.begin(), options_.cors_origins.end()),
      openapi_(BuildOpenApi(ApiRoutes())) {}

bool HttpApi::OriginAllowed(const HttpRequest& request,
                            const std::string& origin) const {
  if (cors_origins_.contains(origin)) return true;
  // Same origin: the page was served by this host and port.
  absl::string_view host = origin;
  if (!absl::ConsumePrefix(&host, "http://")) {
    absl::ConsumePrefix(&host, "https://");
  }
  const std::string own = Header(request, http::field::host);
  return !own.empty() && host == own;
}

absl::Status HttpApi::OriginRefused(const std::string& origin) {
  return absl::PermissionDeniedError(
      absl::StrCat("origin ", Quote(origin),
                   " may not call this API from a browser (it is not in "
                   "--http_cors_origins)"));
}

void HttpApi::AddCors(const HttpRequest& request,
                      HttpResponse* response) const {
  if (cors_origins_.empty()) return;
  response->set(http::field::vary, "Origin");
  const std::string origin = Header(request, http::field::origin);
  if (origin.empty() || !cors_origins_.contains(origin)) return;
  response->set(http::field::access_control_allow_origin, origin);
}

HttpResponse HttpApi::Json(const HttpRequest& request, int status,
                           std::string body) const {
  HttpResponse response(static_cast<http::status>(status), request.version());
  response.set(http::field::content_type, "application/json");
  response.set(http::field::cache_control, "no-store");
  AddCors(request, &response);
  // Shutting down: the client should take its next call elsewhere.
  if (limiter_->draining()) response.keep_alive(false);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

HttpResponse HttpApi::ErrorResponse(const HttpRequest& request,
                                    const absl::Status& status) const {
  return Json(request, HttpStatusFor(status.code()), ErrorJson(status));
}

HttpResponse HttpApi::Refusal(int http_status, const absl::Status& error) {
  HttpResponse response(static_cast<http::status>(http_status), 11);
  response.set(http::field::content_type, "application/json");
  response.body() = ErrorJson(error);
  response.keep_alive(false);
  response.prepare_payload();
  return response;
}

HttpResponse HttpApi::Options(const HttpRequest& request,
                              const std::string& allow) const {
  const std::string origin = Header(request, http::field::origin);
  const std::string wanted =
      Header(request, http::field::access_control_request_method);
  if (origin.empty() || wanted.empty()) {
    HttpResponse response(http::status::no_content, request.version());
    response.set(http::field::allow, allow);
    AddCors(request, &response);
    response.prepare_payload();
    return response;
  }
  if (!cors_origins_.contains(origin)) {
    return ErrorResponse(request, OriginRefused(origin));
  }
  HttpResponse response(http::status::no_content, request.version());
  AddCors(request, &response);
  response.set(http::field::access_control_allow_methods, allow);
  response.set(http::field::access_control_allow_headers, kAllowedHeaders);
  response.set(http::field::access_control_max_age, "600");
  response.prepare_payload();
  return response;
}

void HttpApi::Serve(HttpRequest request, std::string peer,
                    HttpReply reply) const {
  const boost::beast::string_view target = request.target();
  boost::urls::result<boost::urls::url_view> url =
      boost::urls::parse_origin_form(
          boost::core::string_view(target.data(), target.size()));
  if (!url) {
    reply(ErrorResponse(
        request, absl::InvalidArgumentError("the request target is not a valid "
                                            "path and query")));
    return;
  }
  std::vector<std::string> segments;
  for (const std::string& segment : url->segments()) {
    segments.push_back(segment);
  }
  std::vector<std::pair<std::string, std::string>> query;
  for (const boost::urls::param& p : url->params()) {
    query.emplace_back(p.key, p.value);
  }
  const std::optional<HttpVerb> verb = VerbOf(request.method());
  // A page from another origin may call only when allowed (CORS); without
  // this a page could make the browser of someone on this host POST to
  // loopback, where privileged calls need no token (the preflight stops
  // PUT, DELETE and JSON bodies, not a bodiless POST).
  if (const std::string origin = Header(request, http::field::origin);
      !origin.empty() && request.method() != http::verb::options &&
      !OriginAllowed(request, origin)) {
    reply(ErrorResponse(request, OriginRefused(origin)));
    return;
  }

  if (std::optional<HttpResponse> page = ServeConsole(request, segments)) {
    reply(std::move(*page));
    return;
  }

  if (absl::StrJoin(segments, "/") == absl::string_view(kOpenApiPath + 1)) {
    if (request.method() == http::verb::options) {
      reply(Options(request, "GET, OPTIONS"));
    } else if (verb != HttpVerb::kGet) {
      HttpResponse response =
          ErrorResponse(request, absl::UnimplementedError("GET only"));
      response.result(http::status::method_not_allowed);
      response.set(http::field::allow, "GET, OPTIONS");
      reply(std::move(response));
    } else {
      reply(Json(request, 200, openapi_));
    }
    return;
  }

  std::optional<PathMatch> match = MatchPath(ApiRoutes(), segments);
  if (!match.has_value()) {
    // The path is not echoed: it may hold a customer id.
    reply(ErrorResponse(
        request, absl::NotFoundError(absl::StrCat(
                     "no such route; GET ", kOpenApiPath, " lists them"))));
    return;
  }
  std::vector<std::string> verbs;
  const Route* route = nullptr;
  for (const Route* r : match->routes) {
    verbs.push_back(HttpVerbName(r->verb));
    if (verb == r->verb) route = r;
  }
  verbs.push_back("OPTIONS");
  const std::string allow = absl::StrJoin(verbs, ", ");
  if (request.method() == http::verb::options) {
    reply(Options(request, allow));
    return;
  }
  if (route == nullptr) {
    HttpResponse response = ErrorResponse(
        request, absl::UnimplementedError(absl::StrCat(
                     "method ", std::string(request.method_string()),
                     " is not allowed here; allowed: ", allow)));
    response.result(http::status::method_not_allowed);
    response.set(http::field::allow, allow);
    reply(std::move(response));
    return;
  }
  Invoke(*route, std::move(request), match->params, std::move(query),
         std::move(peer), std::move(reply));
}

void HttpApi::Invoke(
    const Route& route, HttpRequest request,
    const std::vector<std::pair<std::string, std::string>>& params,
    std::vector<std::pair<std::string, std::string>> query, std::string peer,
    HttpReply reply) const {
  const absl::Time start = absl::Now();
  auto refuse = [&](const absl::Status& status) {
    metrics_->RecordRequest(route.method, Transport::kHttp,
                            static_cast<int>(status.code()),
                            absl::Now() - start);
    reply(ErrorResponse(request, status));
  };
  if (limiter_->draining()) {
    refuse(absl::UnavailableError(
        "server shutting down; retry on another instance"));
    return;
  }
  auto exchange = std::make_shared<Exchange>();
  google::protobuf::MessageFactory* factory =
      google::protobuf::MessageFactory::generated_factory();
  exchange->request =
      factory->GetPrototype(route.rpc->input_type())->New(&exchange->arena);
  exchange->response =
      factory->GetPrototype(route.rpc->output_type())->New(&exchange->arena);

  if (route.body) {
    const std::string type = Header(request, http::field::content_type);
    if (!type.empty() &&
        !absl::StartsWithIgnoreCase(type, "application/json")) {
      refuse(absl::InvalidArgumentError(absl::StrCat(
          "Content-Type: must be application/json, got ", Quote(type))));
      return;
    }
    if (!query.empty()) {
      refuse(absl::InvalidArgumentError(absl::StrCat(
          "query parameter ", Quote(query.front().first), ": ",
          HttpVerbName(route.verb),
          " takes its fields in the JSON body, not the query string")));
      return;
    }
    if (absl::Status s = JsonToMessage(request.body(), exchange->request);
        !s.ok()) {
      refuse(s);
      return;
    }
  } else {
    for (const auto& [key, value] : query) {
      bool in_path = false;
      for (const auto& param : params) in_path |= param.first == key;
      absl::Status s =
          in_path ? absl::InvalidArgumentError(absl::StrCat(
                        "query parameter ", key, ": given in the path"))
                  : SetField("query parameter", key, value, exchange->request);
      if (!s.ok()) {
        refuse(s);
        return;
      }
    }
  }
  for (const auto& [name, value] : params) {
    const FieldDescriptor* field =
        exchange->request->GetDescriptor()->FindFieldByName(name);
    if (field != nullptr && field->type() == FieldDescriptor::TYPE_STRING &&
        !field->is_repeated()) {
      const std::string& in_body =
          exchange->request->GetReflection()->GetStringReference(
              *exchange->request, field, nullptr);
      if (!in_body.empty() && in_body != value) {
        // Neither value is echoed: both may be customer ids.
        refuse(absl::InvalidArgumentError(
            absl::StrCat(name,
                         ": the body says another than the path; leave it "
                         "out of the body")));
        return;
      }
    }
    if (absl::Status s =
            SetField("path parameter", name, value, exchange->request);
        !s.ok()) {
      refuse(s);
      return;
    }
  }

  Call call;
  call.transport = Transport::kHttp;
  absl::Duration timeout = options_.default_timeout;
  if (const std::string asked = Header(request, "X-Timeout-Ms");
      !asked.empty()) {
    int64_t ms = 0;
    if (!absl::SimpleAtoi(asked, &ms) || ms < 0 || ms > kMaxTimeoutMs) {
      refuse(absl::InvalidArgumentError(
          absl::StrCat("X-Timeout-Ms: must be a whole number of "
                       "milliseconds in [0, ",
                       kMaxTimeoutMs, "], got ", Quote(asked))));
      return;
    }
    timeout = absl::Milliseconds(ms);
  }
  call.deadline = start + timeout;
  exchange->credentials.authorization =
      Header(request, http::field::authorization);
  exchange->credentials.peer = std::move(peer);
  exchange->http = std::move(request);
  // The body is no longer needed; the headers answer CORS.
  exchange->http.body().clear();
  call.credentials = [e = exchange.get()] { return e->credentials; };

  // Counted in flight like a gRPC call (the bound, the drain at shutdown)
  // until its answer is handed to the connection.
  limiter_->Arrive();
  route.invoke(
      handlers_, call, exchange->request, exchange->response,
      [this, exchange, reply = std::move(reply)](const absl::Status& status) {
        HttpResponse response =
            status.ok()
                ? Json(exchange->http, 200, MessageToJson(*exchange->response))
                : ErrorResponse(exchange->http, status);
        limiter_->Depart();
        reply(std::move(response));
      });
}

}  // namespace offergraph
