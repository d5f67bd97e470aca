#include "util/flag_checks.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

using ::testing::HasSubstr;

TEST(CheckFlagRangeTest, AcceptsTheBoundsAndNamesFlagValueAndRange) {
  EXPECT_TRUE(CheckFlagRange("--n", int64_t{1}, 1, 10).ok());
  EXPECT_TRUE(CheckFlagRange("--n", int64_t{10}, 1, 10).ok());
  absl::Status s = CheckFlagRange("--n", int64_t{0}, 1, 10);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "--n: must be in [1, 10], got 0");
  EXPECT_EQ(CheckFlagRange("--x", 2.5, 0.0, 2.0).message(),
            "--x: must be in [0, 2], got 2.5");
  EXPECT_FALSE(CheckFlagRange("--x", std::nan(""), 0.0, 2.0).ok());
  EXPECT_TRUE(CheckFlagRange("--x", 0.0, 0.0, 2.0).ok());
}

TEST(ParseHostPortTest, ParsesNamesIpv4AndBracketedIpv6) {
  absl::StatusOr<HostPort> a = ParseHostPort("--a", "127.0.0.1:50051");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 50051);
  a = ParseHostPort("--a", "[::1]:0");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 0);
  a = ParseHostPort("--a", "localhost:65535");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->host, "localhost");
}

TEST(ParseHostPortTest, RefusesWithTheFlagAndTheValue) {
  for (const char* bad :
       {"127.0.0.1:99999", "127.0.0.1:65536", "h:-1", "h:+1", "h:", "h:1x", "h",
        ":80", "::1:80", "[]:80", "h:000000080", ""}) {
    absl::StatusOr<HostPort> r = ParseHostPort("--grpc_address", bad);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(r.status().message(), HasSubstr("--grpc_address: ")) << bad;
    EXPECT_THAT(r.status().message(),
                HasSubstr(std::string("got \"") + bad + "\""));
  }
}

}  // namespace
}  // namespace offergraph
