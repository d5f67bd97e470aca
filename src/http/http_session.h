// File: http_session.h
// -----------------------------------------------------------------------------
// One HTTP/1.1 connection of the HTTP/JSON listener, plaintext
// (beast::tcp_stream) or TLS (beast::ssl_stream over it): reads a request
// with Beast's parser under the body and header limits, answers
// `Expect: 100-continue`, hands the request to HttpApi, writes the answer,
// and reads the next request on a kept-alive connection. Every read and
// write is asynchronous and bounded by HttpLimits::timeout, so an idle,
// slow or half-open connection costs a socket and a timer, never a thread.
// Errors use Beast's error_code overloads; nothing throws.
#ifndef OFFERGRAPH_HTTP_HTTP_SESSION_H_
#define OFFERGRAPH_HTTP_HTTP_SESSION_H_

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "boost/asio/dispatch.hpp"
#include "boost/asio/post.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "boost/beast/ssl.hpp"
#include "http/http_api.h"
#include "http/http_server.h"

namespace offergraph {

// Owned by the asynchronous operations in flight on it (shared_from_this);
// it closes its socket when the last one ends. Does not own `api` or
// `limits`. Thread safety: all work on a session runs on its strand (the
// stream's executor); answers from other threads are posted there.
template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  static constexpr bool kTls =
      !std::is_same_v<Stream, boost::beast::tcp_stream>;

  HttpSession(Stream stream, std::string peer, const HttpApi* api,
              const HttpLimits* limits)
      : stream_(std::move(stream)),
        peer_(std::move(peer)),
        api_(api),
        limits_(limits) {}

  // Starts serving the connection on its strand.
  void Start() {
    boost::asio::dispatch(stream_.get_executor(),
                          [self = this->shared_from_this()] { self->Begin(); });
  }

 private:
  boost::beast::tcp_stream& tcp() {
    return boost::beast::get_lowest_layer(stream_);
  }
  // Bounds the next read, write or handshake by the connection timeout.
  void ArmTimer() {
    tcp().expires_after(
        std::chrono::milliseconds(absl::ToInt64Milliseconds(limits_->timeout)));
  }

  void Begin() {
    if constexpr (kTls) {
      ArmTimer();
      stream_.async_handshake(
          boost::asio::ssl::stream_base::server,
          [self = this->shared_from_this()](boost::beast::error_code ec) {
            if (!ec) self->ReadHeader();
          });
    } else {
      ReadHeader();
    }
  }

  void ReadHeader() {
    parser_.emplace();
    parser_->body_limit(limits_->max_body_bytes);
    parser_->header_limit(limits_->max_header_bytes);
    ArmTimer();
    boost::beast::http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](boost::beast::error_code ec, size_t) {
          self->OnHeader(ec);
        });
  }

  void OnHeader(boost::beast::error_code ec) {
    if (ec) {
      OnReadError(ec);
      return;
    }
    if (parser_->is_done()) {
      OnRequest();
      return;
    }
    auto expect = parser_->get().find(boost::beast::http::field::expect);
    if (expect != parser_->get().end() &&
        boost::beast::iequals(expect->value(), "100-continue")) {
      continue_.emplace(boost::beast::http::status::continue_,
                        parser_->get().version());
      boost::beast::http::async_write(stream_, *continue_,
                                      [self = this->shared_from_this()](
                                          boost::beast::error_code ec, size_t) {
                                        if (!ec) self->ReadBody();
                                      });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    boost::beast::http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](boost::beast::error_code ec, size_t) {
          if (ec) {
            self->OnReadError(ec);
          } else {
            self->OnRequest();
          }
        });
  }

  void OnReadError(boost::beast::error_code ec) {
    namespace http = boost::beast::http;
    if (ec == http::error::body_limit) {
      Refuse(413,
             absl::ResourceExhaustedError(absl::StrCat(
                 "request body: larger than the limit of ",
                 limits_->max_body_bytes, " bytes (--http_max_body_bytes)")));
    } else if (ec == http::error::header_limit) {
      Refuse(431, absl::ResourceExhaustedError(absl::StrCat(
                      "request line and headers: larger than the limit of ",
                      limits_->max_header_bytes,
                      " bytes (--http_max_header_bytes)")));
    } else if (ec.category() ==
                   http::make_error_code(http::error::bad_target).category() &&
               ec != http::error::end_of_stream &&
               ec != http::error::partial_message) {
      Refuse(400, absl::InvalidArgumentError(absl::StrCat(
                      "not a valid HTTP/1.1 request: ", ec.message())));
    }
    // Otherwise the client closed, went silent past the timeout (the
    // stream closed the socket) or the connection broke: nothing to answer.
  }

  void OnRequest() {
    keep_alive_ = parser_->get().keep_alive();
    // The call is bounded by its deadline, not by the connection's timer.
    tcp().expires_never();
    api_->Serve(parser_->release(), peer_,
                [self = this->shared_from_this()](HttpResponse response) {
                  // Answers come from any thread; the session's own strand
                  // writes them.
                  boost::asio::post(
                      self->stream_.get_executor(),
                      [self, response = std::move(response)]() mutable {
                        self->Write(std::move(response));
                      });
                });
  }

  void Write(HttpResponse response) {
    response.keep_alive(keep_alive_ && response.keep_alive());
    const bool close = !response.keep_alive();
    response_.emplace(std::move(response));
    ArmTimer();
    boost::beast::http::async_write(stream_, *response_,
                                    [self = this->shared_from_this(), close](
                                        boost::beast::error_code ec, size_t) {
                                      if (ec) return;
                                      if (close) {
                                        self->Close();
                                      } else {
                                        self->ReadHeader();
                                      }
                                    });
  }

  // Answers a request that could not be read, then closes.
  void Refuse(int http_status, const absl::Status& error) {
    keep_alive_ = false;
    Write(HttpApi::Refusal(http_status, error));
  }

  void Close() {
    if constexpr (kTls) {
      ArmTimer();
      stream_.async_shutdown(
          [self = this->shared_from_this()](boost::beast::error_code) {});
    } else {
      boost::beast::error_code ec;
      tcp().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
      ArmTimer();  // once: the whole drain is bounded by one timeout
      Drain();
    }
  }

  // Reads and drops what the client still sends until it closes or the
  // timeout set by Close passes: closing a socket with unread bytes sends a
  // reset, which can destroy the answer before the client reads it (a 413
  // to a client still sending its body; RFC 9112 section 9.6).
  void Drain() {
    tcp().async_read_some(
        boost::asio::buffer(drain_),
        [self = this->shared_from_this()](boost::beast::error_code ec, size_t) {
          if (!ec) self->Drain();
        });
  }

  Stream stream_;
  const std::string peer_;
  const HttpApi* const api_;
  const HttpLimits* const limits_;
  boost::beast::flat_buffer buffer_;
  std::optional<
      boost::beast::http::request_parser<boost::beast::http::string_body>>
      parser_;
  std::optional<boost::beast::http::response<boost::beast::http::empty_body>>
      continue_;
  std::optional<HttpResponse> response_;
  bool keep_alive_ = true;
  std::array<char, 4096> drain_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_HTTP_HTTP_SESSION_H_
