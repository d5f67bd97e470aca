// Overload, end to end: the real offergraph-server binary with a small
// in-flight bound, driven by the project's load generator (a real async gRPC
// client) far past that bound. The server must keep answering (every call
// ends OK or fails fast with RESOURCE_EXHAUSTED, nothing else), keep its
// memory bounded, count the refusals in its metrics, and serve every call
// again once the load drops. No test here asserts a timing.
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/http_get.h"
#include "testing/ready_line.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"
#include "tools/cart_source.h"
#include "tools/datagen.h"
#include "tools/load_generator.h"

namespace offergraph::testing {
namespace {

const std::string kServer =
    std::string(OFFERGRAPH_BINARY_DIR) + "/src/server/offergraph-server";
constexpr int kResourceExhausted = 8;  // grpc::StatusCode
// gcc defines __SANITIZE_ADDRESS__; clang (the asan stage's compiler) only
// answers __has_feature(address_sanitizer).
#if defined(__SANITIZE_ADDRESS__)
#define OFFERGRAPH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OFFERGRAPH_ASAN 1
#endif
#endif
#if defined(OFFERGRAPH_ASAN)
constexpr int64_t kRssSlackKib = (64 + 320) * 1024;
#else
constexpr int64_t kRssSlackKib = 64 * 1024;
#endif

// VmRSS of a process, in KiB; -1 when unreadable.
int64_t ResidentKib(pid_t pid) {
  const std::string status =
      ReadFileOrDie(absl::StrCat("/proc/", pid, "/status"));
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (absl::ConsumePrefix(&line, "VmRSS:")) {
      line = absl::StripAsciiWhitespace(line);
      absl::ConsumeSuffix(&line, " kB");
      int64_t kib = -1;
      if (absl::SimpleAtoi(line, &kib)) return kib;
    }
  }
  return -1;
}

// The value of one sample line of a Prometheus text scrape, or -1.
double Sample(const std::string& scrape, const std::string& series) {
  for (absl::string_view line : absl::StrSplit(scrape, '\n')) {
    if (absl::ConsumePrefix(&line, series) && absl::ConsumePrefix(&line, " ")) {
      double v = -1;
      if (absl::SimpleAtod(line, &v)) return v;
    }
  }
  return -1;
}

TEST(OverloadTest, ShedsPastTheBoundKeepsAnsweringAndRecovers) {
  // A generated catalog whose hubs have many edges, so a 50-line cart is
  // real work for the engine.
  TempDir data;
  tools::DataGenOptions gen;
  gen.out_dir = data.path();
  gen.products = 20000;
  gen.edges = 400000;
  gen.seed = 7;
  ASSERT_TRUE(tools::GenerateData(gen).ok());

  constexpr int kBound = 2;
  Subprocess server(
      {kServer, "--data_dir=" + data.path(), "--ledger_store=memory",
       "--grpc_address=127.0.0.1:0", "--metrics_address=127.0.0.1:0",
       "--http_address=", absl::StrCat("--max_inflight_rpcs=", kBound)});
  std::optional<ServerPorts> ports =
      WaitUntilReady(&server, absl::Seconds(120));
  ASSERT_TRUE(ports.has_value()) << server.stderr_text();
  const int grpc_port = ports->grpc;
  const int metrics_port = ports->metrics;

  absl::StatusOr<std::vector<std::string>> skus =
      tools::ReadSkusWithEdges(data.path());
  ASSERT_TRUE(skus.ok()) << skus.status();
  tools::RequestMix mix;
  mix.cart_lines = 50;
  mix.pool_size = 2000;
  mix.complaint_share = 0;  // every call does the full engine work
  absl::StatusOr<std::vector<v1::SuggestRequest>> requests =
      tools::BuildRequests(*skus, mix);
  ASSERT_TRUE(requests.ok()) << requests.status();

  tools::LoadOptions load;
  load.target = absl::StrCat("127.0.0.1:", grpc_port);
  load.warmup = absl::ZeroDuration();
  load.duration = absl::ZeroDuration();
  load.deadline = absl::Seconds(60);  // a slow (ASan) machine is no failure

  // Warm-up at the bound: nothing is refused.
  load.connections = 1;
  load.concurrency = 1;
  load.max_calls = 200;
  absl::StatusOr<tools::LoadResult> calm = tools::RunLoad(load, *requests);
  ASSERT_TRUE(calm.ok()) << calm.status();
  EXPECT_EQ(calm->total.ok, 200);
  const int64_t rss_before = ResidentKib(server.pid());
  ASSERT_GT(rss_before, 0);

  // 128 calls in flight on 4 connections against a bound of 2: 64 times
  // past capacity.
  load.connections = 4;
  load.concurrency = 128;
  load.max_calls = 6000;
  absl::StatusOr<tools::LoadResult> storm = tools::RunLoad(load, *requests);
  ASSERT_TRUE(storm.ok()) << storm.status();
  const tools::LoadReport& s = storm->total;
  EXPECT_EQ(s.calls, 6000);
  const int64_t refused = s.errors_by_code[kResourceExhausted];
  EXPECT_GT(refused, 0) << "the bound never refused a call";
  EXPECT_GT(s.ok, 0) << "the server stopped answering under overload";
  EXPECT_EQ(s.ok + refused, s.calls)
      << "calls ended with codes other than OK and RESOURCE_EXHAUSTED";
  const int64_t rss_after = ResidentKib(server.pid());
  // Memory stays bounded: refused calls hold nothing (64 MiB of slack for
  // allocator and gRPC buffers; under AddressSanitizer freed memory waits in
  // its quarantine, up to 256 MiB, before it is reused).
  EXPECT_LT(rss_after - rss_before, kRssSlackKib)
      << "RSS " << rss_before << " KiB -> " << rss_after << " KiB";

  // The refusals are counted where ops look: all of the load generator's,
  // plus at most the calls still in flight when it stopped counting.
  absl::StatusOr<std::string> scrape =
      HttpGet(absl::StrCat("http://127.0.0.1:", metrics_port, "/metrics"));
  ASSERT_TRUE(scrape.ok()) << scrape.status();
  const double counted =
      Sample(*scrape,
             "offergraph_requests_total{code=\"RESOURCE_EXHAUSTED\","
             "method=\"Suggest\",transport=\"grpc\"}");
  EXPECT_GE(counted, static_cast<double>(refused));
  EXPECT_LE(counted, static_cast<double>(refused + load.concurrency));

  // Load drops: every call is served again.
  load.connections = 1;
  load.concurrency = 1;
  load.max_calls = 300;
  absl::StatusOr<tools::LoadResult> after = tools::RunLoad(load, *requests);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->total.ok, 300);
  EXPECT_EQ(after->total.errors, 0);

  std::printf(
      "overload: bound %d, 128 in flight: %lld calls, %lld OK, %lld "
      "RESOURCE_EXHAUSTED, p50 %.0f us, p99 %.0f us; RSS %lld -> %lld KiB; "
      "after: %lld/300 OK\n",
      kBound, static_cast<long long>(s.calls), static_cast<long long>(s.ok),
      static_cast<long long>(refused), s.p50_us, s.p99_us,
      static_cast<long long>(rss_before), static_cast<long long>(rss_after),
      static_cast<long long>(after->total.ok));
}

}  // namespace
}  // namespace offergraph::testing
