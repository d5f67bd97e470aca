#include "http/routes.h"

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "offergraph/v1/offer_service.pb.h"

namespace offergraph {
namespace {

using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

const MethodDescriptor* Rpc(absl::string_view service,
                            absl::string_view method) {
  const google::protobuf::ServiceDescriptor* s =
      v1::SuggestRequest::descriptor()->file()->FindServiceByName(
          std::string(service));
  return s == nullptr ? nullptr : s->FindMethodByName(std::string(method));
}

// The route's `invoke` for an OfferHandlers or AdminHandlers method.
template <typename Handlers, typename Request, typename Response>
auto Invoke(Handlers* ApiHandlers::*which,
            void (Handlers::*fn)(const Call&, const Request*, Response*,
                                 CallDone)) {
  return [which, fn](const ApiHandlers& handlers, const Call& call,
                     const Message* request, Message* response, CallDone done) {
    (handlers.*which->*fn)(call, static_cast<const Request*>(request),
                           static_cast<Response*>(response), std::move(done));
  };
}

std::vector<Route> BuildRoutes() {
  constexpr bool kBody = true, kNoBody = false;
  constexpr bool kPrivileged = true, kOpen = false;
  const char* offer = "OfferService";
  const char* admin = "AdminService";
  auto offers = &ApiHandlers::offers;
  auto admins = &ApiHandlers::admin;
  return {
      {HttpVerb::kPost, "/v1/suggest", Method::kSuggest, Rpc(offer, "Suggest"),
       kBody, kOpen,
       "Offers for one cart on one channel, best first (previewing an "
       "experiment arm needs the admin token)",
       Invoke(offers, &OfferHandlers::Suggest)},
      {HttpVerb::kPost, "/v1/outcomes", Method::kRecordOutcome,
       Rpc(offer, "RecordOutcome"), kBody, kOpen,
       "Report PRESENTED, ACCEPTED or DECLINED for an offered sku",
       Invoke(offers, &OfferHandlers::RecordOutcome)},
      {HttpVerb::kPost, "/v1/orders", Method::kRecordOrder,
       Rpc(offer, "RecordOrder"), kBody, kOpen,
       "Report an order, offers or not, for uplift measurement",
       Invoke(offers, &OfferHandlers::RecordOrder)},
      {HttpVerb::kPut, "/v1/customers/{customer_id}/state",
       Method::kSetCustomerState, Rpc(offer, "SetCustomerState"), kBody,
       kPrivileged,
       "Open or clear a complaint, mark a customer budget-sensitive; only "
       "the fields set change",
       Invoke(offers, &OfferHandlers::SetCustomerState)},
      {HttpVerb::kGet, "/v1/customers/{customer_id}", Method::kGetCustomerView,
       Rpc(offer, "GetCustomerView"), kNoBody, kPrivileged,
       "A customer's state, recent decisions and outcomes, active rests",
       Invoke(offers, &OfferHandlers::GetCustomerView)},
      {HttpVerb::kDelete, "/v1/customers/{customer_id}", Method::kEraseCustomer,
       Rpc(offer, "EraseCustomer"), kNoBody, kPrivileged,
       "Erase a customer's history and state",
       Invoke(offers, &OfferHandlers::EraseCustomer)},
      {HttpVerb::kDelete, "/v1/sessions/{session_id}", Method::kEraseCustomer,
       Rpc(offer, "EraseCustomer"), kNoBody, kPrivileged,
       "Erase a guest session's history",
       Invoke(offers, &OfferHandlers::EraseCustomer)},
      {HttpVerb::kPost, "/v1/admin/reload", Method::kReload,
       Rpc(admin, "Reload"), kBody, kPrivileged,
       "Load the data directory again and swap it in; a failure keeps the "
       "old snapshot serving",
       Invoke(admins, &AdminHandlers::Reload)},
      {HttpVerb::kGet, "/v1/admin/status", Method::kGetStatus,
       Rpc(admin, "GetStatus"), kNoBody, kPrivileged,
       "What is serving, since when, reloads, ledger and learning",
       Invoke(admins, &AdminHandlers::GetStatus)},
      {HttpVerb::kGet, "/v1/admin/experiments/{experiment}/report",
       Method::kGetExperimentReport, Rpc(admin, "GetExperimentReport"), kNoBody,
       kPrivileged,
       "Per-arm figures, lifts with 95% intervals and the sample ratio test "
       "of one experiment",
       Invoke(admins, &AdminHandlers::GetExperimentReport)},
  };
}

bool IsParameter(absl::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

const char* HttpVerbName(HttpVerb verb) {
  switch (verb) {
    case HttpVerb::kGet:
      return "GET";
    case HttpVerb::kPost:
      return "POST";
    case HttpVerb::kPut:
      return "PUT";
    case HttpVerb::kDelete:
      return "DELETE";
  }
  return "GET";
}

const std::vector<Route>& ApiRoutes() {
  static const std::vector<Route>* const routes =
      new std::vector<Route>(BuildRoutes());
  return *routes;
}

std::vector<std::string> PathParameterNames(absl::string_view path) {
  std::vector<std::string> names;
  for (absl::string_view segment : absl::StrSplit(path, '/')) {
    if (IsParameter(segment)) {
      names.emplace_back(segment.substr(1, segment.size() - 2));
    }
  }
  return names;
}

std::optional<PathMatch> MatchPath(const std::vector<Route>& routes,
                                   const std::vector<std::string>& segments) {
  std::optional<PathMatch> match;
  for (const Route& route : routes) {
    // The template's segments after the leading '/'.
    std::vector<absl::string_view> parts =
        absl::StrSplit(absl::string_view(route.path).substr(1), '/');
    if (parts.size() != segments.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool same = true;
    for (size_t i = 0; i < parts.size() && same; ++i) {
      if (IsParameter(parts[i])) {
        same = !segments[i].empty();
        params.emplace_back(
            std::string(parts[i].substr(1, parts[i].size() - 2)), segments[i]);
      } else {
        same = parts[i] == segments[i];
      }
    }
    if (!same) continue;
    if (!match.has_value()) {
      match.emplace();
      match->params = std::move(params);
    }
    match->routes.push_back(&route);
  }
  return match;
}

}  // namespace offergraph
