#include "http/console.h"

#include <cstddef>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "boost/beast/http/field.hpp"
#include "boost/beast/http/status.hpp"
#include "boost/beast/http/verb.hpp"
#include "http/embedded_file.h"

namespace offergraph {
namespace {

namespace http = boost::beast::http;

const char* ContentType(absl::string_view name) {
  if (absl::EndsWith(name, ".html")) return "text/html; charset=utf-8";
  if (absl::EndsWith(name, ".js")) return "text/javascript; charset=utf-8";
  if (absl::EndsWith(name, ".css")) return "text/css; charset=utf-8";
  if (absl::EndsWith(name, ".svg")) return "image/svg+xml";
  if (absl::EndsWith(name, ".png")) return "image/png";
  return "application/octet-stream";
}

// The embedded file `name` ("index.html" for "/"), or nullptr.
const EmbeddedFile* Find(const std::vector<std::string>& segments) {
  std::string name;
  if (segments.empty() || (segments.size() == 1 && segments[0].empty())) {
    name = "index.html";
  } else if (segments.size() == 1) {
    name = segments[0];
  } else {
    return nullptr;
  }
  size_t count = 0;
  const EmbeddedFile* files = ConsoleFiles(&count);
  for (size_t i = 0; i < count; ++i) {
    if (name == files[i].name) return &files[i];
  }
  return nullptr;
}

}  // namespace

const char kConsoleContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src 'self'; form-action 'none'; "
    "frame-ancestors 'none'; base-uri 'none'";

std::optional<http::response<http::string_body>> ServeConsole(
    const http::request<http::string_body>& request,
    const std::vector<std::string>& segments) {
  const EmbeddedFile* file = Find(segments);
  if (file == nullptr) return std::nullopt;
  http::response<http::string_body> response(http::status::ok,
                                             request.version());
  response.set("Content-Security-Policy", kConsoleContentSecurityPolicy);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set(http::field::x_frame_options, "DENY");
  const std::string etag =
      absl::StrCat("\"", absl::string_view(file->sha256).substr(0, 32), "\"");
  response.set(http::field::etag, etag);
  response.set(http::field::cache_control, "no-cache");
  const bool head = request.method() == http::verb::head;
  if (request.method() != http::verb::get && !head) {
    response.result(http::status::method_not_allowed);
    response.set(http::field::allow, "GET, HEAD");
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    response.body() = "GET or HEAD only\n";
    response.prepare_payload();
    return response;
  }
  auto match = request.find(http::field::if_none_match);
  if (match != request.end() &&
      absl::StrContains(
          absl::string_view(match->value().data(), match->value().size()),
          etag)) {
    response.result(http::status::not_modified);
    return response;
  }
  response.set(http::field::content_type, ContentType(file->name));
  response.body().assign(file->data, file->size);
  response.prepare_payload();
  if (head) {
    // Content-Length says the file's size; no body follows.
    response.body().clear();
  }
  return response;
}

}  // namespace offergraph
