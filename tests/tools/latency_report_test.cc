#include "tools/latency_report.h"

#include <numeric>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace tools {
namespace {

using ::testing::HasSubstr;

std::vector<int64_t> OneTo(int64_t n) {
  std::vector<int64_t> v(n);
  std::iota(v.begin(), v.end(), 1);
  return v;
}

TEST(PercentileTest, NearestRank) {
  const std::vector<int64_t> v = OneTo(1000);
  EXPECT_EQ(Percentile(v, 50), 500);
  EXPECT_EQ(Percentile(v, 90), 900);
  EXPECT_EQ(Percentile(v, 99), 990);
  EXPECT_EQ(Percentile(v, 99.9), 999);
  EXPECT_EQ(Percentile(v, 100), 1000);
  EXPECT_EQ(Percentile(v, 0), 1);
}

TEST(PercentileTest, SmallAndEmptySamples) {
  EXPECT_EQ(Percentile({}, 99), 0);
  EXPECT_EQ(Percentile({42}, 50), 42);
  EXPECT_EQ(Percentile({42}, 99.9), 42);
  // With 10 samples p99 and p99.9 are the largest one.
  const std::vector<int64_t> v = OneTo(10);
  EXPECT_EQ(Percentile(v, 50), 5);
  EXPECT_EQ(Percentile(v, 99), 10);
}

TEST(ComputeReportTest, UnsortedSamplesThroughputAndErrors) {
  LoadSamples s;
  // 1..100 microseconds, shuffled by reversal.
  for (int64_t us = 100; us >= 1; --us) s.latencies_ns.push_back(us * 1000);
  s.calls_by_code[0] = 90;  // OK
  s.calls_by_code[14] = 7;  // UNAVAILABLE
  s.calls_by_code[4] = 3;   // DEADLINE_EXCEEDED
  s.elapsed = absl::Milliseconds(500);
  const LoadReport r = ComputeReport(s, "x");
  EXPECT_EQ(r.calls, 100);
  EXPECT_EQ(r.ok, 90);
  EXPECT_EQ(r.errors, 10);
  EXPECT_EQ(r.errors_by_code[14], 7);
  EXPECT_EQ(r.errors_by_code[4], 3);
  EXPECT_EQ(r.errors_by_code[0], 0);
  EXPECT_DOUBLE_EQ(r.seconds, 0.5);
  EXPECT_DOUBLE_EQ(r.calls_per_second, 200);
  EXPECT_DOUBLE_EQ(r.ok_per_second, 180);
  EXPECT_DOUBLE_EQ(r.p50_us, 50);
  EXPECT_DOUBLE_EQ(r.p90_us, 90);
  EXPECT_DOUBLE_EQ(r.p99_us, 99);
  EXPECT_DOUBLE_EQ(r.p999_us, 100);
  EXPECT_DOUBLE_EQ(r.max_us, 100);
  EXPECT_DOUBLE_EQ(r.mean_us, 50.5);
}

TEST(ComputeReportTest, NoTimeNoRate) {
  const LoadReport r = ComputeReport(LoadSamples(), "empty");
  EXPECT_EQ(r.calls, 0);
  EXPECT_EQ(r.calls_per_second, 0);
  EXPECT_EQ(r.p99_us, 0);
}

TEST(ComputeReportTest, AccountsForEveryScheduledCall) {
  LoadSamples s;
  s.latencies_ns = {1000, 2000, 3000};
  s.calls_by_code[0] = 2;
  s.calls_by_code[4] = 1;  // DEADLINE_EXCEEDED
  s.scheduled = 5;         // two never completed
  s.sent_late = 1;
  s.max_send_lag_ns = 2500000;
  s.elapsed = absl::Seconds(1);
  const LoadReport r = ComputeReport(s, "x");
  EXPECT_EQ(r.scheduled, 5);
  EXPECT_EQ(r.calls, 3);
  EXPECT_EQ(r.unfinished, 2);
  EXPECT_EQ(r.scheduled, r.ok + r.errors + r.unfinished);
  EXPECT_EQ(r.sent_late, 1);
  EXPECT_DOUBLE_EQ(r.max_send_lag_us, 2500);
  EXPECT_THAT(FormatText(r),
              HasSubstr("scheduled 5, unfinished 2, sent late 1"));
  EXPECT_THAT(FormatJson(r),
              HasSubstr("\"scheduled\":5,\"unfinished\":2,\"sent_late\":1,"
                        "\"max_send_lag_us\":2500.000"));
}

TEST(FormatTest, TextAndJsonCarryTheFiguresAndErrorNames) {
  LoadSamples s;
  s.latencies_ns = {1000, 2000};
  s.calls_by_code[0] = 1;
  s.calls_by_code[8] = 1;  // RESOURCE_EXHAUSTED
  s.elapsed = absl::Seconds(1);
  const LoadReport r = ComputeReport(s, "no\"op");
  EXPECT_THAT(FormatText(r), HasSubstr("RESOURCE_EXHAUSTED=1"));
  EXPECT_THAT(FormatText(r), HasSubstr("2 calls"));
  const std::string json = FormatJson(r);
  EXPECT_THAT(json, HasSubstr("\"label\":\"no\\\"op\""));
  EXPECT_THAT(json, HasSubstr("\"errors_by_code\":{\"RESOURCE_EXHAUSTED\":1}"));
  EXPECT_THAT(json, HasSubstr("\"calls\":2,\"ok\":1,\"errors\":1"));
  EXPECT_THAT(json, HasSubstr("\"p99_us\":2.000"));
  EXPECT_EQ(StatusCodeName(14), "UNAVAILABLE");
}

}  // namespace
}  // namespace tools
}  // namespace offergraph
