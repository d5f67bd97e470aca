// Request body and header limits, and connections that send nothing or half
// a request: they time out and never delay other clients.
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_fixture.h"
#include "testing/loopback_socket.h"

namespace offergraph::testing {
namespace {

using ::testing::HasSubstr;

// A TCP connection to 127.0.0.1:port that sent `text` and then nothing.
int Connect(int port, const std::string& text) {
  const int fd = ConnectAndSend(port, text);
  EXPECT_GE(fd, 0);
  return fd;
}

class HttpLimitsTest : public HttpFixture {
 protected:
  void Configure(ServerOptions* options) override {
    options->http.limits.max_body_bytes = 2048;
    options->http.limits.max_header_bytes = 4096;
    options->http.limits.timeout = absl::Seconds(3);
  }
};

TEST_F(HttpLimitsTest, ABodyOverTheLimitGets413) {
  std::string big = R"({"channel": "CHECKOUT", "owned_skus": [)";
  for (int i = 0; i < 300; ++i) big += absl::StrCat("\"SKU-", i, "\",");
  big += R"("LAST"]})";
  ASSERT_GT(big.size(), 2048u);
  HttpAnswer answer = Http("POST", "/v1/suggest", big);
  EXPECT_EQ(answer.status, 413) << answer.body;
  EXPECT_THAT(answer.body, HasSubstr("\"code\":\"RESOURCE_EXHAUSTED\""));
  EXPECT_THAT(answer.body, HasSubstr("larger than the limit of 2048 bytes"));
  // Just under the limit is served.
  std::string fits = R"({"channel": "CHECKOUT", "cart": [{"sku": "PHONE-A",
                        "quantity": 1}], "owned_skus": [)";
  for (int i = 0; i < 100; ++i) fits += absl::StrCat("\"SKU-", i, "\",");
  fits += R"("LAST"]})";
  ASSERT_LT(fits.size(), 2048u);
  EXPECT_EQ(Http("POST", "/v1/suggest", fits).status, 200);
}

// A client that goes on sending an oversized body (no Expect:
// 100-continue) still reads its 413: the server drains what it sends before
// closing rather than resetting the connection.
TEST_F(HttpLimitsTest, A413ReachesAClientStillSendingItsBody) {
  constexpr size_t kBody = 16 << 20;
  const int fd = Connect(server_->http_port(),
                         absl::StrCat("POST /v1/suggest HTTP/1.1\r\nHost: x\r\n"
                                      "Content-Type: application/json\r\n"
                                      "Content-Length: ",
                                      kBody, "\r\n\r\n"));
  // The client goes on sending its body while the server answers.
  std::thread sender([fd] {
    const std::string chunk(64 << 10, ' ');
    for (size_t sent = 0; sent < kBody; sent += chunk.size()) {
      if (send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL) < 0) break;
    }
  });
  std::string answer;
  char chunk[1024];
  ssize_t n = 0;
  while ((n = recv(fd, chunk, sizeof(chunk), 0)) > 0) answer.append(chunk, n);
  shutdown(fd, SHUT_RDWR);
  sender.join();
  close(fd);
  EXPECT_THAT(answer, HasSubstr("HTTP/1.1 413"));
  EXPECT_THAT(answer, HasSubstr("RESOURCE_EXHAUSTED"));
}

TEST_F(HttpLimitsTest, HeadersOverTheLimitGet431) {
  HttpAnswer answer = Http("GET", "/v1/admin/status", "",
                           {"X-Padding: " + std::string(5000, 'p')});
  EXPECT_EQ(answer.status, 431) << answer.body;
  EXPECT_THAT(answer.body, HasSubstr("request line and headers"));
  EXPECT_EQ(Http("GET", "/v1/admin/status").status, 200);
}

TEST_F(HttpLimitsTest, NotHttpGets400) {
  const int fd = Connect(server_->http_port(), "HELLO THERE\r\n\r\n");
  std::string answer(512, '\0');
  const ssize_t n = recv(fd, answer.data(), answer.size(), 0);
  close(fd);
  ASSERT_GT(n, 0);
  answer.resize(static_cast<size_t>(n));
  EXPECT_THAT(answer, HasSubstr("HTTP/1.1 400"));
  EXPECT_THAT(answer, HasSubstr("not a valid HTTP/1.1 request"));
}

// Two connections hold the server: one sent nothing, one half a request.
// A third client is answered at once, while both are still open (they are
// closed only at the timeout, 3 s), and then both are closed.
TEST_F(HttpLimitsTest, TwoIdleConnectionsDoNotDelayAThird) {
  const int idle = Connect(server_->http_port(), "");
  const int half = Connect(server_->http_port(),
                           "POST /v1/suggest HTTP/1.1\r\nHost: x\r\n"
                           "Content-Length: 100\r\n\r\n{\"chan");
  HttpAnswer answer = Http("POST", "/v1/suggest",
                           R"({"channel": "CHECKOUT",
                               "cart": [{"sku": "PHONE-A", "quantity": 1}]})");
  EXPECT_EQ(answer.status, 200) << answer.body;
  // Answered while both were still holding their connections: the answer
  // did not wait for them to time out.
  EXPECT_FALSE(ClosedByServer(idle, 0));
  EXPECT_FALSE(ClosedByServer(half, 0));
  // And the server closes them at the timeout (wait for the event).
  EXPECT_TRUE(ClosedByServer(idle, 30000));
  EXPECT_TRUE(ClosedByServer(half, 30000));
  close(idle);
  close(half);
}

}  // namespace
}  // namespace offergraph::testing
