#include "data/deals_csv.h"

#include <random>
#include <string>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

// The fast path for "...Z" times agrees with absl::ParseTime everywhere.
TEST(ParseRfc3339Test, AgreesWithAbslOnRandomTimes) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    const absl::Time t = absl::FromUnixSeconds(
        static_cast<int64_t>(rng() % (int64_t{400} * 365 * 86400)) -
        int64_t{100} * 365 * 86400);
    const std::string text =
        absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
    absl::StatusOr<absl::Time> got = ParseRfc3339(text);
    ASSERT_TRUE(got.ok()) << text;
    EXPECT_EQ(*got, t) << text;
  }
}

TEST(ParseRfc3339Test, TakesOffsetsAndFractionsThroughAbsl) {
  EXPECT_EQ(*ParseRfc3339("2026-12-24T01:00:00+01:00"),
            *ParseRfc3339("2026-12-24T00:00:00Z"));
  EXPECT_EQ(*ParseRfc3339("2026-12-24T00:00:00.5Z"),
            *ParseRfc3339("2026-12-24T00:00:00Z") + absl::Milliseconds(500));
}

TEST(ParseRfc3339Test, RejectsWhatIsNotATime) {
  for (const char* bad :
       {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-24T24:00:00Z",
        "2026-12-24T00:60:00Z", "2026-12-24", "2026-12-24 00:00:00Z",
        "2026-12-24T00:00:00", "x026-12-24T00:00:00Z", "", "infinite-future",
        "infinite-past"}) {
    absl::StatusOr<absl::Time> got = ParseRfc3339(bad);
    EXPECT_FALSE(got.ok()) << bad;
    EXPECT_EQ(got.status().message(),
              std::string("\"") + bad +
                  "\" is not an RFC 3339 time such as 2026-12-24T00:00:00Z");
  }
}

TEST(ParseDiscountPercentTest, IsBasisPoints) {
  EXPECT_EQ(*ParseDiscountPercent("12.5"), 1250);
  EXPECT_EQ(*ParseDiscountPercent("100"), 10000);
  EXPECT_EQ(*ParseDiscountPercent("0.01"), 1);
  EXPECT_EQ(*ParseDiscountPercent("7.25"), 725);
  for (const char* bad : {"0", "100.01", "0.001", "-1", "", "1e2", " 5"}) {
    EXPECT_FALSE(ParseDiscountPercent(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace offergraph
