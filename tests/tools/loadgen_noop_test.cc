// A short real run of the load generator against the no-op server on
// loopback: every counted call is answered OK, in both modes.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tools/cart_source.h"
#include "tools/datagen.h"
#include "tools/load_generator.h"
#include "tools/noop_server.h"

namespace offergraph {
namespace tools {
namespace {

std::vector<v1::SuggestRequest> Requests() {
  std::vector<std::string> skus;
  for (int i = 0; i < 100; ++i) skus.push_back(GeneratedSku(i));
  RequestMix mix;
  mix.pool_size = 100;
  return *BuildRequests(skus, mix);
}

class LoadgenNoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<NoopServer>> s =
        NoopServer::Start("127.0.0.1:0");
    ASSERT_TRUE(s.ok()) << s.status();
    server_ = *std::move(s);
  }
  LoadOptions Options() const {
    LoadOptions o;
    o.target = absl::StrCat("127.0.0.1:", server_->port());
    o.duration = absl::ZeroDuration();
    o.warmup = absl::ZeroDuration();
    o.deadline = absl::Seconds(30);  // a slow CI machine is not a failure
    return o;
  }
  std::unique_ptr<NoopServer> server_;
};

TEST_F(LoadgenNoopTest, ClosedLoopCountsEveryCall) {
  LoadOptions o = Options();
  o.concurrency = 8;
  o.max_calls = 500;
  absl::StatusOr<LoadResult> r = RunLoad(o, Requests());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->total.scheduled, 500);
  EXPECT_EQ(r->total.calls, 500);
  EXPECT_EQ(r->total.ok, 500);
  EXPECT_EQ(r->total.unfinished, 0);
  EXPECT_EQ(r->total.errors, 0);
  EXPECT_GT(r->total.calls_per_second, 0);
  EXPECT_GT(r->total.p50_us, 0);
  EXPECT_LE(r->total.p50_us, r->total.p99_us);
}

TEST_F(LoadgenNoopTest, OpenLoopSendsOnScheduleAndCountsEveryCall) {
  LoadOptions o = Options();
  o.rate = 200;
  o.max_calls = 60;
  absl::StatusOr<LoadResult> r = RunLoad(o, Requests());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->total.scheduled, 60);
  EXPECT_EQ(r->total.calls, 60);
  EXPECT_EQ(r->total.ok, 60);
  EXPECT_EQ(r->total.errors, 0);
  EXPECT_EQ(r->total.unfinished, 0);
}

// Regression test for the open loop undercounting in slow (ASan) builds:
// calls that completed after the end of the schedule (and calls the sender
// issued behind schedule) fell outside the report's window and were
// silently dropped. At 50,000/s the whole schedule spans 6 ms, so in any
// build most calls complete after it; every one must still be counted.
TEST_F(LoadgenNoopTest, OpenLoopCountsCallsCompletingAfterTheSchedule) {
  LoadOptions o = Options();
  o.rate = 50000;
  o.max_calls = 300;
  absl::StatusOr<LoadResult> r = RunLoad(o, Requests());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->total.scheduled, 300);
  EXPECT_EQ(r->total.calls, 300);
  EXPECT_EQ(r->total.ok, 300);
  EXPECT_EQ(r->total.unfinished, 0);
  EXPECT_LE(r->total.sent_late, r->total.scheduled);
}

// Bounded by time instead of count: whatever the schedule held is counted,
// and the phases of a command split exactly that.
TEST_F(LoadgenNoopTest, OpenLoopByDurationCountsEveryScheduledCall) {
  LoadOptions o = Options();
  o.rate = 2000;
  o.duration = absl::Milliseconds(200);
  o.command = "true";
  o.command_at = absl::Milliseconds(50);
  o.command_settle = absl::Milliseconds(20);
  absl::StatusOr<LoadResult> r = RunLoad(o, Requests());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_GT(r->total.scheduled, 0);
  EXPECT_EQ(r->total.calls, r->total.scheduled);
  EXPECT_EQ(r->total.ok, r->total.scheduled);
  EXPECT_EQ(r->total.unfinished, 0);
  EXPECT_EQ(r->before.calls + r->during.calls + r->after.calls, r->total.calls);
}

TEST_F(LoadgenNoopTest, CommandSplitsTheReport) {
  LoadOptions o = Options();
  o.concurrency = 4;
  o.duration = absl::Milliseconds(300);
  o.command = "true";
  o.command_at = absl::Milliseconds(100);
  o.command_settle = absl::Milliseconds(50);
  absl::StatusOr<LoadResult> r = RunLoad(o, Requests());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->ran_command);
  EXPECT_EQ(r->command_exit, 0);
  EXPECT_EQ(r->total.errors, 0);
  // Every counted call falls in exactly one phase.
  EXPECT_EQ(r->before.calls + r->during.calls + r->after.calls, r->total.calls);
}

// The timeline's windows and the kept samples cover the measured part
// exactly: every counted call is in one window and has one sample, timed on
// the system clock between the run's start and end.
TEST_F(LoadgenNoopTest, TimelineAndSamplesHoldEveryCall) {
  LoadOptions o = Options();
  o.rate = 2000;
  o.duration = absl::Milliseconds(300);
  o.timeline = absl::Milliseconds(50);
  o.keep_samples = true;
  o.command = "true";
  o.command_at = absl::Milliseconds(100);
  o.command_settle = absl::Milliseconds(20);
  const absl::Time started = absl::Now();
  absl::StatusOr<LoadResult> r = RunLoad(o, Requests());
  const absl::Time ended = absl::Now();
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_GT(r->total.calls, 0);

  ASSERT_GE(r->timeline.size(), 6u);  // 300 ms of schedule in 50 ms windows
  int64_t in_windows = 0;
  for (const LoadReport& w : r->timeline) in_windows += w.calls;
  EXPECT_EQ(in_windows, r->total.calls);
  EXPECT_EQ(r->timeline[0].label, "suggest @0.00s");
  EXPECT_EQ(r->timeline[1].label, "suggest @0.05s");

  ASSERT_EQ(static_cast<int64_t>(r->samples.size()), r->total.calls);
  for (const CallSample& s : r->samples) {
    EXPECT_EQ(s.code, 0);
    EXPECT_GT(s.latency_us, 0);
    EXPECT_GE(s.done_unix_s,
              absl::ToDoubleSeconds(started - absl::UnixEpoch()) - 0.01);
    EXPECT_LE(s.done_unix_s,
              absl::ToDoubleSeconds(ended - absl::UnixEpoch()) + 0.01);
  }
  EXPECT_GE(r->command_started_s, 0.1);
  EXPECT_GE(r->command_ended_s, r->command_started_s);
}

TEST(LoadgenTest, RejectsRunsWithoutABound) {
  LoadOptions o;
  o.duration = absl::ZeroDuration();
  o.max_calls = 0;
  EXPECT_EQ(RunLoad(o, Requests()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tools
}  // namespace offergraph
