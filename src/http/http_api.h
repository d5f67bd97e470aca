// File: http_api.h
// -----------------------------------------------------------------------------
// What the HTTP/JSON edge answers, apart from connections (http_session.h):
// routes (routes.h) to the same request handlers gRPC calls, JSON bodies
// (json_codec.h), path and query parameters, the admin token from the
// Authorization header, CORS for the allowed origins (requests from other
// browser origins are refused), errors as JSON with
// the matching HTTP status, GET /v1/openapi.json, the agent console's page
// at GET / (console.h), and the request metrics under transport="http".
#ifndef OFFERGRAPH_HTTP_HTTP_API_H_
#define OFFERGRAPH_HTTP_HTTP_API_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "boost/beast/http/message.hpp"
#include "boost/beast/http/string_body.hpp"
#include "http/routes.h"
#include "observability/metrics.h"
#include "service/inflight_limiter.h"

namespace offergraph {

using HttpRequest =
    boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse =
    boost::beast::http::response<boost::beast::http::string_body>;
// Receives the answer to one request; see HttpApi::Serve.
using HttpReply = std::function<void(HttpResponse)>;

struct HttpApiOptions {
  // Origins (scheme://host[:port]) whose pages may call the API from a
  // browser (CORS); empty: none.
  std::vector<std::string> cors_origins;
  // How long a call may take when the request does not say (header
  // X-Timeout-Ms); the handlers' deadline.
  absl::Duration default_timeout = absl::Seconds(30);
};

// Does not own the handlers, metrics or limiter; they must outlive it.
// Thread safety: immutable after construction; Serve may be called
// concurrently from any thread.
class HttpApi {
 public:
  HttpApi(ApiHandlers handlers, Metrics* metrics, InflightLimiter* limiter,
          HttpApiOptions options);

  // Answers `request` from `peer` (gRPC's notation, "ipv4:127.0.0.1:5555")
  // through `reply`, exactly once: on the calling thread, or on the thread
  // that finished the call (a ledger thread, the reloader's). Never blocks
  // on a store.
  void Serve(HttpRequest request, std::string peer, HttpReply reply) const;

  // An error response to `request` (its Origin gets the CORS headers).
  HttpResponse ErrorResponse(const HttpRequest& request,
                             const absl::Status& status) const;
  // An error response for a request that could not be read at all (too
  // large, not HTTP): `status` is the HTTP status to send.
  static HttpResponse Refusal(int http_status, const absl::Status& error);

  // The OpenAPI document served at GET /v1/openapi.json.
  const std::string& openapi() const { return openapi_; }

 private:
  // Whether a page from `origin` may call: an allowed origin, or this
  // server's own (the Host the request names).
  bool OriginAllowed(const HttpRequest& request,
                     const std::string& origin) const;
  static absl::Status OriginRefused(const std::string& origin);
  // Adds the CORS headers when `request` comes from an allowed origin.
  void AddCors(const HttpRequest& request, HttpResponse* response) const;
  HttpResponse Json(const HttpRequest& request, int status,
                    std::string body) const;
  // OPTIONS: a CORS preflight, or the verbs the path allows.
  HttpResponse Options(const HttpRequest& request,
                       const std::string& allow) const;
  void Invoke(const Route& route, HttpRequest request,
              const std::vector<std::pair<std::string, std::string>>& params,
              std::vector<std::pair<std::string, std::string>> query,
              std::string peer, HttpReply reply) const;

  const ApiHandlers handlers_;
  Metrics* const metrics_;
  InflightLimiter* const limiter_;
  const HttpApiOptions options_;
  const absl::flat_hash_set<std::string> cors_origins_;
  const std::string openapi_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_HTTP_HTTP_API_H_
