// The contact policy's time tests on their own, at their boundaries.
#include "engine/contact_rules.h"

#include <random>
#include <vector>

#include "engine_test_util.h"
#include "gtest/gtest.h"
#include "ledger/customer_view.h"

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

TEST(RestEndsTest, EachRestEndsWhereItsTestTurnsFalse) {
  RuleParams p;
  p.presentations_before_rest = 2;
  p.max_offer_responses_per_day = 2;
  const std::vector<absl::Time> presented = {kNow - Days(2), kNow - Days(1)};
  const absl::Time cooldown = CooldownEnds(presented, p, kNow);
  EXPECT_EQ(cooldown, kNow - Days(1) + p.presentation_rest);
  EXPECT_TRUE(IsResting(presented, p, cooldown - absl::Nanoseconds(1)));
  EXPECT_FALSE(IsResting(presented, p, cooldown));
  EXPECT_EQ(CooldownEnds(presented, p, cooldown), absl::InfinitePast());

  SkuContact c;
  EXPECT_EQ(DeclineRestEnds(c, p), absl::InfinitePast());
  c.last_declined = kNow;
  EXPECT_EQ(DeclineRestEnds(c, p), kNow + p.decline_rest);

  ContactHistory h;
  EXPECT_EQ(QuietPeriodEnds(h, p), absl::InfinitePast());
  h.last_accepted = kNow;
  EXPECT_EQ(QuietPeriodEnds(h, p), kNow + p.accept_quiet);

  h.offer_responses = {kNow - absl::Hours(3), kNow - absl::Hours(2),
                       kNow - absl::Hours(1)};
  EXPECT_EQ(OfferResponsesLastDay(h, kNow), 3);
  // The cap (2) lifts when all but one of the three have aged out, i.e.
  // when the second newest has.
  const absl::Time cap = DailyCapEnds(h, p, kNow);
  EXPECT_EQ(cap, kNow - absl::Hours(2) + absl::Hours(24));
  EXPECT_TRUE(AtDailyCap(h, p, cap - absl::Nanoseconds(1)));
  EXPECT_FALSE(AtDailyCap(h, p, cap));
}

// Issue 15 item 21: the support desk's view and the engine answer from the
// same functions, so on any history and at any moment a rest is listed
// exactly when the engine enforces it.
TEST(RestEndsTest, CustomerViewListsExactlyTheRestsTheEngineEnforces) {
  std::mt19937 rng(15);
  RuleParams p;
  p.presentations_before_rest = 2;
  p.max_offer_responses_per_day = 3;
  auto when = [&] {
    return kNow -
           absl::Hours(std::uniform_int_distribution<int>(-48, 24 * 40)(rng));
  };
  for (int round = 0; round < 200; ++round) {
    ContactHistory h;
    for (int i = 0; i < 4; ++i) h.offer_responses.push_back(when());
    std::sort(h.offer_responses.begin(), h.offer_responses.end());
    if (rng() % 2) h.last_accepted = when();
    SkuContact& c = h.skus["BAG"];
    for (int i = 0; i < 3; ++i) c.presented.push_back(when());
    std::sort(c.presented.begin(), c.presented.end());
    if (rng() % 2) c.last_declined = when();
    for (int hours = -24; hours <= 24 * 40; hours += 7) {
      const absl::Time now = kNow - absl::Hours(hours);
      bool cooldown = false, declined = false, quiet = false, cap = false;
      for (const ActiveRest& r : ComputeActiveRests(h, p, now)) {
        EXPECT_LT(now, r.until);
        cooldown |= r.reason == v1::COOLDOWN;
        declined |= r.reason == v1::RECENTLY_DECLINED;
        quiet |= r.reason == v1::RECENT_ACCEPT;
        cap |= r.reason == v1::FREQUENCY_CAP;
      }
      EXPECT_EQ(cooldown, IsResting(c.presented, p, now));
      EXPECT_EQ(declined, IsRecentlyDeclined(c, p, now));
      EXPECT_EQ(quiet, InQuietPeriod(h, p, now));
      EXPECT_EQ(cap, AtDailyCap(h, p, now));
    }
  }
}

}  // namespace
}  // namespace offergraph
