// File: http_fixture.h
// -----------------------------------------------------------------------------
// ServerFixture with the HTTP/JSON listener on an ephemeral loopback port and
// a real HTTP client (libcurl) pointed at it.
#ifndef OFFERGRAPH_TESTS_HTTP_HTTP_FIXTURE_H_
#define OFFERGRAPH_TESTS_HTTP_HTTP_FIXTURE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"
#include "service/server_fixture.h"
#include "testing/http_client.h"

namespace offergraph::testing {

class HttpFixture : public ServerFixture {
 protected:
  void SetUp() override {
    with_http_ = true;
    ServerFixture::SetUp();
  }

  std::string Url(const std::string& path) const {
    return absl::StrCat(scheme_, "://127.0.0.1:", server_->http_port(), path);
  }

  // One call; fails the test when no answer comes.
  HttpAnswer Http(const std::string& method, const std::string& path,
                  const std::string& body = "",
                  const std::vector<std::string>& headers = {}) {
    absl::StatusOr<HttpAnswer> answer =
        client_.Call(method, Url(path), body, headers);
    EXPECT_TRUE(answer.ok()) << answer.status();
    return answer.ok() ? *answer : HttpAnswer();
  }

  // The code and message of a JSON error body ("", "" when it is not one).
  static std::pair<std::string, std::string> ErrorOf(const HttpAnswer& a) {
    google::protobuf::Struct body;
    if (!google::protobuf::util::JsonStringToMessage(a.body, &body).ok()) {
      return {};
    }
    auto field = [&body](const std::string& name) {
      auto it = body.fields().find(name);
      return it == body.fields().end() ? std::string()
                                       : it->second.string_value();
    };
    return {field("code"), field("message")};
  }

  std::string Scrape() {
    prometheus::TextSerializer text;
    return text.Serialize(server_->metrics().registry()->Collect());
  }

  std::string scheme_ = "http";
  HttpClient client_;
};

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_HTTP_HTTP_FIXTURE_H_
