// File: http_client.h
// -----------------------------------------------------------------------------
// A real HTTP/1.1 client for tests of the HTTP/JSON API: libcurl, one
// connection kept alive across calls of one HttpClient, every header of the
// answer captured.
#ifndef OFFERGRAPH_TESTS_TESTING_HTTP_CLIENT_H_
#define OFFERGRAPH_TESTS_TESTING_HTTP_CLIENT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace offergraph::testing {

struct HttpAnswer {
  long status = 0;
  std::string body;
  // Header names in lower case.
  std::map<std::string, std::string> headers;
  // Connections curl opened for this call (0: it reused a kept-alive one).
  long new_connections = 0;
};

struct HttpClientOptions {
  // TLS: the CA that signed the server's certificate, and for mTLS the
  // client's certificate and key (PEM files).
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
};

// Not thread-safe: one test thread at a time.
class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `method` to `url` with `body` (sent when not empty, as JSON unless a
  // Content-Type header says otherwise) and extra `headers` ("Name: value").
  // An error only when no answer came (connection refused, TLS failure).
  absl::StatusOr<HttpAnswer> Call(const std::string& method,
                                  const std::string& url,
                                  const std::string& body = "",
                                  const std::vector<std::string>& headers = {});

 private:
  void* curl_;  // CURL*
  const HttpClientOptions options_;
};

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_TESTING_HTTP_CLIENT_H_
