// Every value of the enums Metrics labels by gets its series, counted in the
// right place: the arrays behind them are sized by the generated
// _ARRAYSIZE constants, so a new enum value grows them instead of being
// written past their end.
#include "observability/metrics.h"

#include <sstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"

namespace offergraph {
namespace {

using ::testing::HasSubstr;

std::string Scrape(const Metrics& metrics) {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, metrics.registry()->Collect());
  return out.str();
}

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

TEST(MetricsTest, EverySuppressionReasonIsCountedUnderItsName) {
  Metrics metrics;
  Decision decision;
  for (int r = 1; r < v1::SuppressionReason_ARRAYSIZE; ++r) {
    decision.suppression_counts[r] = r;
  }
  metrics.RecordDecision(v1::CHECKOUT, decision, 0);
  const std::string text = Scrape(metrics);
  for (int r = 1; r < v1::SuppressionReason_ARRAYSIZE; ++r) {
    if (!v1::SuppressionReason_IsValid(r)) continue;
    EXPECT_THAT(text, HasSubstr(absl::StrCat(
                          "offergraph_suppressions_total{reason=\"",
                          Lower(v1::SuppressionReason_Name(r)), "\"} ", r)));
  }
}

TEST(MetricsTest, EveryChannelKindAndOutcomeHasItsSeries) {
  Metrics metrics;
  Decision decision;
  decision.offers.resize(1);
  decision.offers[0].kind = v1::UPSELL;
  const auto last_channel = static_cast<v1::Channel>(v1::Channel_ARRAYSIZE - 1);
  metrics.RecordDecision(last_channel, decision, 0);
  metrics.RecordOutcome(static_cast<v1::Outcome>(v1::Outcome_ARRAYSIZE - 1),
                        v1::UPSELL, last_channel, 100, "USD");
  const std::string text = Scrape(metrics);
  const std::string channel = Lower(v1::Channel_Name(last_channel));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("offergraph_offers_total{channel=\"",
                                           channel, "\",kind=\"upsell\"} 1")));
  EXPECT_THAT(
      text, HasSubstr(absl::StrCat(
                "offergraph_outcomes_total{channel=\"", channel,
                "\",kind=\"upsell\",outcome=\"",
                Lower(v1::Outcome_Name(v1::Outcome_ARRAYSIZE - 1)), "\"} 1")));
  for (int ch = 1; ch < v1::Channel_ARRAYSIZE; ++ch) {
    for (int k = 1; k < v1::OfferKind_ARRAYSIZE; ++k) {
      EXPECT_THAT(text, HasSubstr(absl::StrCat(
                            "offergraph_offers_total{channel=\"",
                            Lower(v1::Channel_Name(ch)), "\",kind=\"",
                            Lower(v1::OfferKind_Name(k)), "\"}")));
    }
  }
}

// Issue 13: the deal kinds and reasons have their series.
TEST(MetricsTest, DealKindsAndReasonsHaveTheirSeries) {
  Metrics metrics;
  Decision decision;
  decision.offers.resize(2);
  decision.offers[0].kind = v1::BUNDLE;
  decision.offers[1].kind = v1::QUANTITY;
  decision.suppression_counts[v1::EXPIRED] = 2;
  decision.suppression_counts[v1::BUNDLE_COMPLETE] = 1;
  metrics.RecordDecision(v1::CHECKOUT, decision, 0);
  const std::string text = Scrape(metrics);
  EXPECT_THAT(text, HasSubstr("offergraph_offers_total{channel=\"checkout\","
                              "kind=\"bundle\"} 1"));
  EXPECT_THAT(text, HasSubstr("offergraph_offers_total{channel=\"checkout\","
                              "kind=\"quantity\"} 1"));
  EXPECT_THAT(text,
              HasSubstr("offergraph_suppressions_total{reason=\"expired\"} 2"));
  EXPECT_THAT(text, HasSubstr("offergraph_suppressions_total{reason=\""
                              "bundle_complete\"} 1"));
}

TEST(MetricsTest, StatusCodesAreLabelledByTheirCanonicalNames) {
  Metrics metrics;
  metrics.RecordRequest(Method::kSuggest, Transport::kGrpc, 16,
                        absl::Milliseconds(1));
  metrics.RecordRequest(Method::kSuggest, Transport::kHttp, 99,
                        absl::Milliseconds(1));
  const std::string text = Scrape(metrics);
  EXPECT_THAT(text, HasSubstr("offergraph_requests_total{code=\"UNAUTHENTICATED"
                              "\",method=\"Suggest\",transport=\"grpc\"} 1"));
  // Outside the canonical codes: UNKNOWN.
  EXPECT_THAT(text, HasSubstr("offergraph_requests_total{code=\"UNKNOWN\","
                              "method=\"Suggest\",transport=\"http\"} 1"));
  EXPECT_EQ(StatusCodeName(3), "INVALID_ARGUMENT");
  EXPECT_EQ(StatusCodeName(-1), "UNKNOWN");
  EXPECT_EQ(StatusCodeName(kStatusCodeCount), "UNKNOWN");
}

}  // namespace
}  // namespace offergraph
