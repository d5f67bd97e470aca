// The contact policy's time tests on their own, at their boundaries.
#include "engine/contact_rules.h"

#include <vector>

#include "engine_test_util.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

using ::offergraph::testing::kNow;

absl::Duration Days(double d) { return absl::Hours(24 * d); }

TEST(IsRestingTest, NeedsNPresentationsWithinTheWindow) {
  RuleParams p;  // 3 within 7 days rest 10 days
  EXPECT_FALSE(IsResting({}, p, kNow));
  EXPECT_FALSE(IsResting({kNow - Days(1), kNow}, p, kNow));
  EXPECT_TRUE(IsResting({kNow - Days(7), kNow - Days(1), kNow}, p, kNow));
  EXPECT_FALSE(IsResting(
      {kNow - Days(7) - absl::Seconds(1), kNow - Days(1), kNow}, p, kNow));
}

TEST(IsRestingTest, RestLastsFromTheRunsLastPresentation) {
  RuleParams p;
  const absl::Time last = kNow - Days(10);
  EXPECT_FALSE(IsResting({last - Days(2), last - Days(1), last}, p, kNow));
  const absl::Time later = last + absl::Seconds(1);
  EXPECT_TRUE(IsResting({later - Days(2), later - Days(1), later}, p, kNow));
}

TEST(IsRestingTest, AnOlderRunStillRestsWhileANewerSpreadOneDoesNot) {
  RuleParams p;
  EXPECT_TRUE(IsResting(
      {kNow - Days(9), kNow - Days(8.5), kNow - Days(8), kNow - Days(0.1)}, p,
      kNow));
}

TEST(IsRestingTest, OnePresentationRestsWhenNIsOne) {
  RuleParams p;
  p.presentations_before_rest = 1;
  EXPECT_TRUE(IsResting({kNow - Days(9)}, p, kNow));
  EXPECT_FALSE(IsResting({kNow - Days(10)}, p, kNow));
}

TEST(IsRecentlyDeclinedTest, DeclineRestsThirtyDays) {
  RuleParams p;
  SkuContact c;
  EXPECT_FALSE(IsRecentlyDeclined(c, p, kNow));  // never declined
  c.last_declined = kNow - Days(30) + absl::Seconds(1);
  EXPECT_TRUE(IsRecentlyDeclined(c, p, kNow));
  c.last_declined = kNow - Days(30);
  EXPECT_FALSE(IsRecentlyDeclined(c, p, kNow));
}

TEST(InQuietPeriodTest, QuietFor24HoursAfterAnAccept) {
  RuleParams p;
  ContactHistory h;
  EXPECT_FALSE(InQuietPeriod(h, p, kNow));  // never accepted
  h.last_accepted = kNow - absl::Hours(24) + absl::Seconds(1);
  EXPECT_TRUE(InQuietPeriod(h, p, kNow));
  h.last_accepted = kNow - absl::Hours(24);
  EXPECT_FALSE(InQuietPeriod(h, p, kNow));
}

TEST(AtDailyCapTest, CountsResponsesInTheLast24Hours) {
  RuleParams p;
  p.max_offer_responses_per_day = 2;
  ContactHistory h;
  EXPECT_FALSE(AtDailyCap(h, p, kNow));
  h.offer_responses = {kNow - absl::Hours(24), kNow};
  EXPECT_FALSE(AtDailyCap(h, p, kNow));  // the first is just outside
  h.offer_responses = {kNow - absl::Hours(24) + absl::Seconds(1), kNow};
  EXPECT_TRUE(AtDailyCap(h, p, kNow));
  // Responses recorded after `now` are not in (now - 24h, now].
  h.offer_responses = {kNow - absl::Hours(1), kNow + absl::Seconds(1)};
  EXPECT_FALSE(AtDailyCap(h, p, kNow));
  p.max_offer_responses_per_day = 0;
  h.offer_responses.assign(10, kNow);
  EXPECT_FALSE(AtDailyCap(h, p, kNow));
}

}  // namespace
}  // namespace offergraph
