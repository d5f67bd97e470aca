// File: routes.h
// -----------------------------------------------------------------------------
// The HTTP/JSON API's route table: one route per OfferService and
// AdminService method, with its verb, path template, request message and how
// the request is built (JSON body, path parameters, query parameters). The
// HTTP edge (http_api.h) serves it and the OpenAPI document (openapi.h) is
// generated from it, so the two cannot disagree.
//
// Example:
//   std::optional<PathMatch> m = MatchPath(ApiRoutes(), "/v1/customers/c-1");
//   // m->routes: GET (GetCustomerView) and DELETE (EraseCustomer);
//   // m->params: {{"customer_id", "c-1"}}
#ifndef OFFERGRAPH_HTTP_ROUTES_H_
#define OFFERGRAPH_HTTP_ROUTES_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "observability/metrics.h"
#include "service/admin_handlers.h"
#include "service/call.h"
#include "service/offer_handlers.h"

namespace offergraph {

enum class HttpVerb { kGet, kPost, kPut, kDelete };
// "GET", "POST", ...
const char* HttpVerbName(HttpVerb verb);

// The handlers a route calls; not owned.
struct ApiHandlers {
  OfferHandlers* offers = nullptr;
  AdminHandlers* admin = nullptr;
};

struct Route {
  HttpVerb verb;
  // "/v1/customers/{customer_id}/state": a {name} segment sets the request
  // field `name` (a string field) from that path segment.
  std::string path;
  // The RPC: its `method` metrics label, and its request and response types.
  Method method;
  const google::protobuf::MethodDescriptor* rpc;
  // Whether the request message is read from the JSON body (POST, PUT).
  // Routes without a body take the request's scalar fields from the query
  // string instead.
  bool body;
  // Needs the admin token (or a loopback peer without one); for the
  // OpenAPI document: the handlers decide.
  bool privileged;
  // One line for the OpenAPI document.
  std::string summary;
  // Calls the handler; `request` and `response` are of the RPC's types.
  std::function<void(const ApiHandlers&, const Call&,
                     const google::protobuf::Message* request,
                     google::protobuf::Message* response, CallDone)>
      invoke;
};

// Every route of the API, in the order the OpenAPI document lists them.
const std::vector<Route>& ApiRoutes();

// The {name}s of `path`, in order.
std::vector<std::string> PathParameterNames(absl::string_view path);

struct PathMatch {
  // The routes with this path, one per verb.
  std::vector<const Route*> routes;
  // (name, value) of the path's {name} segments, percent-decoded.
  std::vector<std::pair<std::string, std::string>> params;
};

// The routes whose path template matches `segments` (the request path
// split at '/', percent-decoded); nullopt when none does.
std::optional<PathMatch> MatchPath(const std::vector<Route>& routes,
                                   const std::vector<std::string>& segments);

}  // namespace offergraph

#endif  // OFFERGRAPH_HTTP_ROUTES_H_
