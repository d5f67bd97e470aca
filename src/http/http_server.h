// File: http_server.h
// -----------------------------------------------------------------------------
// The HTTP/1.1 listener of the HTTP/JSON API (--http_address): Boost.Beast on
// a few Asio threads, asynchronous throughout, so a slow, idle or half-open
// connection holds no thread and never delays another client. Plaintext, or
// TLS (and mTLS) with the gRPC port's certificate. Each connection is an
// HttpSession (http_session.h); what a request gets is HttpApi's
// (http_api.h) answer.
#ifndef OFFERGRAPH_HTTP_HTTP_SERVER_H_
#define OFFERGRAPH_HTTP_HTTP_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "http/http_api.h"

namespace offergraph {

struct HttpLimits {
  // Largest request body, bytes: beyond it 413 and the connection closes.
  uint64_t max_body_bytes = 4 * 1024 * 1024;
  // Largest request line and headers together, bytes: beyond it 431.
  uint32_t max_header_bytes = 16 * 1024;
  // A connection must send a whole request (from its first byte, or from
  // the previous answer on a kept-alive connection) and take each answer
  // within this; otherwise it is closed. Also bounds the TLS handshake.
  absl::Duration timeout = absl::Seconds(30);
};

struct HttpServerOptions {
  // host:port; port 0 picks a free one (see port()). Empty: no HTTP
  // listener (the server's --http_address defaults to 127.0.0.1:8080).
  std::string address;
  // Threads running the connections (parsing, JSON, writing); the handlers'
  // ledger work runs on the ledger threads, not these.
  int threads = 2;
  HttpLimits limits;
  // TLS: PEM contents (not paths). Empty certificate: plaintext. A client
  // CA requires and verifies client certificates.
  std::string tls_cert_pem;
  std::string tls_key_pem;
  std::string tls_client_ca_pem;
};

class HttpServerImpl;

// Owns its threads and connections; does not own `api`, which must outlive
// it, nor anything the api's handlers hold. Thread safety: StopAccepting
// and Stop may be called from any thread.
class HttpServer {
 public:
  // Binds (without SO_REUSEPORT: a busy port is an error) and starts
  // serving. UNAVAILABLE naming the address when it cannot listen.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(
      const HttpServerOptions& options, const HttpApi* api);
  ~HttpServer();

  int port() const;
  // Stops taking new connections; kept-alive ones are still answered.
  void StopAccepting();
  // Closes every connection and joins the threads. Idempotent. Answers that
  // finish later (a ledger thread's) are dropped.
  void Stop();

 private:
  explicit HttpServer(std::unique_ptr<HttpServerImpl> impl);
  std::unique_ptr<HttpServerImpl> impl_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_HTTP_HTTP_SERVER_H_
