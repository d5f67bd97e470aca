#include "http/http_server.h"

#include <atomic>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "boost/asio/executor_work_guard.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/ssl/context.hpp"
#include "boost/asio/steady_timer.hpp"
#include "boost/asio/strand.hpp"
#include "http/http_session.h"
#include "spdlog/spdlog.h"
#include "util/flag_checks.h"

namespace offergraph {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

// The peer in gRPC's notation, which the Authorizer reads.
std::string PeerName(const tcp::endpoint& endpoint) {
  net::ip::address address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  if (address.is_v4()) {
    return absl::StrCat("ipv4:", address.to_string(), ":", endpoint.port());
  }
  return absl::StrCat("ipv6:[", address.to_string(), "]:", endpoint.port());
}

}  // namespace

// The listener's state: one io_context run by the threads, the acceptor on
// its own strand, each connection on another.
class HttpServerImpl {
 public:
  HttpServerImpl(const HttpServerOptions& options, const HttpApi* api)
      : api_(api),
        limits_(options.limits),
        work_(net::make_work_guard(ioc_)),
        acceptor_(net::make_strand(ioc_)),
        retry_(acceptor_.get_executor()) {}

  ~HttpServerImpl() { Stop(); }

  absl::Status Listen(const HttpServerOptions& options) {
    if (!options.tls_cert_pem.empty()) {
      absl::Status s = InitTls(options);
      if (!s.ok()) return s;
    }
    absl::StatusOr<HostPort> address =
        ParseHostPort("--http_address", options.address);
    if (!address.ok()) return address.status();
    const std::string cannot =
        absl::StrCat("cannot listen for HTTP on ", options.address);
    beast::error_code ec;
    tcp::endpoint endpoint;
    net::ip::address ip = net::ip::make_address(address->host, ec);
    if (!ec) {
      endpoint = tcp::endpoint(ip, static_cast<uint16_t>(address->port));
    } else {
      tcp::resolver resolver(ioc_);
      auto found =
          resolver.resolve(address->host, std::to_string(address->port), ec);
      if (ec || found.empty()) {
        return absl::UnavailableError(
            absl::StrCat(cannot, ": cannot resolve the host"));
      }
      endpoint = found.begin()->endpoint();
    }
    acceptor_.open(endpoint.protocol(), ec);
    // SO_REUSEADDR only lets a restart bind past TIME_WAIT; without
    // SO_REUSEPORT a port another process listens on stays an error.
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return absl::UnavailableError(absl::StrCat(
          cannot, " (is another process using the port?): ", ec.message()));
    }
    port_ = acceptor_.local_endpoint(ec).port();
    return absl::OkStatus();
  }

  void Run(int threads) {
    net::post(acceptor_.get_executor(), [this] { Accept(); });
    for (int i = 0; i < std::max(1, threads); ++i) {
      threads_.emplace_back([this] { ioc_.run(); });
    }
  }

  int port() const { return port_; }

  void StopAccepting() {
    net::post(acceptor_.get_executor(), [this] {
      beast::error_code ec;
      retry_.cancel();
      acceptor_.close(ec);
    });
  }

  void Stop() {
    if (stopped_.exchange(true)) return;
    work_.reset();
    ioc_.stop();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

 private:
  absl::Status InitTls(const HttpServerOptions& options) {
    tls_.emplace(net::ssl::context::tls_server);
    beast::error_code ec;
    tls_->set_options(
        net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
            net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
            net::ssl::context::no_tlsv1_1,
        ec);
    if (!ec) tls_->use_certificate_chain(net::buffer(options.tls_cert_pem), ec);
    if (!ec) {
      tls_->use_private_key(net::buffer(options.tls_key_pem),
                            net::ssl::context::pem, ec);
    }
    if (!ec && !options.tls_client_ca_pem.empty()) {
      tls_->add_certificate_authority(net::buffer(options.tls_client_ca_pem),
                                      ec);
      if (!ec) {
        tls_->set_verify_mode(
            net::ssl::verify_peer | net::ssl::verify_fail_if_no_peer_cert, ec);
      }
    }
    if (ec) {
      return absl::InvalidArgumentError(
          absl::StrCat("HTTP TLS: the certificate, key or client CA does not "
                       "load: ",
                       ec.message()));
    }
    return absl::OkStatus();
  }

  void Accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec,
                                                          tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) {
        return;
      }
      if (ec) {
        // Out of descriptors, most likely: try again shortly rather
        // than spin.
        spdlog::warn("HTTP accept failed: {}", ec.message());
        retry_.expires_after(std::chrono::milliseconds(100));
        retry_.async_wait([this](beast::error_code ec) {
          if (!ec) Accept();
        });
        return;
      }
      StartSession(std::move(socket));
      Accept();
    });
  }

  void StartSession(tcp::socket socket) {
    beast::error_code ec;
    const tcp::endpoint remote = socket.remote_endpoint(ec);
    if (ec) return;
    socket.set_option(tcp::no_delay(true), ec);
    std::string peer = PeerName(remote);
    if (tls_.has_value()) {
      std::make_shared<HttpSession<beast::ssl_stream<beast::tcp_stream>>>(
          beast::ssl_stream<beast::tcp_stream>(
              beast::tcp_stream(std::move(socket)), *tls_),
          std::move(peer), api_, &limits_)
          ->Start();
    } else {
      std::make_shared<HttpSession<beast::tcp_stream>>(
          beast::tcp_stream(std::move(socket)), std::move(peer), api_, &limits_)
          ->Start();
    }
  }

  const HttpApi* const api_;
  const HttpLimits limits_;
  // Before ioc_: sessions still queued in ioc_ hold SSL streams of it.
  std::optional<net::ssl::context> tls_;
  net::io_context ioc_;
  net::executor_work_guard<net::io_context::executor_type> work_;
  tcp::acceptor acceptor_;  // on its strand
  net::steady_timer retry_;
  int port_ = 0;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopped_{false};
};

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const HttpServerOptions& options, const HttpApi* api) {
  auto impl = std::make_unique<HttpServerImpl>(options, api);
  absl::Status listening = impl->Listen(options);
  if (!listening.ok()) return listening;
  impl->Run(options.threads);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<HttpServerImpl> impl)
    : impl_(std::move(impl)) {}

HttpServer::~HttpServer() = default;

int HttpServer::port() const { return impl_->port(); }
void HttpServer::StopAccepting() { impl_->StopAccepting(); }
void HttpServer::Stop() { impl_->Stop(); }

}  // namespace offergraph
