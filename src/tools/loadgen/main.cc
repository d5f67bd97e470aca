// offergraph-loadgen: drives OfferService.Suggest with random carts and
// reports throughput, latency percentiles and errors by status code.
//
//   closed loop: offergraph-loadgen --target=127.0.0.1:50051
//       --data_dir=build/perf-data --cart_lines=5 --concurrency=32
//   open loop:   ... --rate=5000 --duration_s=10
//   reload:      ... --command="offergraph reload" --command_at_s=3
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "google/protobuf/util/json_util.h"
#include "absl/synchronization/mutex.h"
#include "tools/cart_source.h"
#include "tools/latency_report.h"
#include "tools/load_generator.h"
#include "util/program_flags.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "Server address.");
ABSL_FLAG(std::string, data_dir, "",
          "Data directory: carts are drawn from the skus of edges.csv.");
ABSL_FLAG(std::string, skus_file, "",
          "Instead of --data_dir: one sku per line to draw carts from.");
ABSL_FLAG(int, cart_lines, 5, "Lines per cart.");
ABSL_FLAG(int64_t, pool, 20000, "Distinct requests, sent round-robin.");
ABSL_FLAG(int64_t, customers, 100000, "Customer id pool size.");
ABSL_FLAG(double, complaint_share, 0.02, "Share with complaint_open.");
ABSL_FLAG(double, budget_share, 0.1, "Share with budget_sensitive.");
ABSL_FLAG(uint64_t, seed, 1, "Seed for the request pool.");
ABSL_FLAG(int, connections, 2, "TCP connections (gRPC channels).");
ABSL_FLAG(int, concurrency, 32, "Closed loop: calls in flight.");
ABSL_FLAG(double, rate, 0, "Open loop: calls per second (0 = closed loop).");
ABSL_FLAG(double, duration_s, 10, "Measured seconds (0 = bound by --calls).");
ABSL_FLAG(int64_t, calls, 0, "Stop after this many measured calls (0 = none).");
ABSL_FLAG(double, warmup_s, 1, "Unmeasured warm-up seconds.");
ABSL_FLAG(int, deadline_ms, 1000, "Per-call deadline.");
ABSL_FLAG(std::string, label, "suggest", "Name of the run in the report.");
ABSL_FLAG(bool, json, false, "Print the report(s) as JSON lines.");
ABSL_FLAG(std::string, command, "",
          "Shell command to run during the load (e.g. a reload); the report "
          "then splits before / during / after it.");
ABSL_FLAG(double, command_at_s, 3, "When to run --command, measured seconds.");
ABSL_FLAG(double, command_settle_s, 1,
          "Seconds after --command returns still counted as 'during'.");
ABSL_FLAG(double, timeline_s, 0,
          "When > 0, also report each window of this many seconds of the "
          "measured part (where in the run a stall happened).");

ABSL_FLAG(std::string, write_pool_json, "",
          "Write the request pool to this file, one SuggestRequest per line "
          "in proto3 JSON (the body of HTTP POST /v1/suggest), and exit "
          "without sending (scripts/http-bench.sh replays it with wrk).");
ABSL_FLAG(std::string, samples_out, "",
          "Also write every measured call to this CSV file: done_unix_s, "
          "latency_us, code (for windows the reports do not cut).");

namespace {

// Writes `samples` as CSV with a header line.
bool WriteSamples(const std::string& path,
                  const std::vector<offergraph::tools::CallSample>& samples) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  std::fprintf(f, "done_unix_s,latency_us,code\n");
  for (const offergraph::tools::CallSample& s : samples) {
    std::fprintf(f, "%.6f,%.1f,%d\n", s.done_unix_s, s.latency_us, s.code);
  }
  return std::fclose(f) == 0;
}

// One request per line, proto3 JSON with proto field names.
bool WritePoolJson(const std::string& path,
                   const std::vector<offergraph::v1::SuggestRequest>& pool) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) {
    std::fprintf(stderr, "offergraph-loadgen: cannot write %s\n",
                 path.c_str());
    return false;
  }
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  for (const offergraph::v1::SuggestRequest& request : pool) {
    std::string line;
    if (!google::protobuf::util::MessageToJsonString(request, &line, options)
             .ok()) {
      std::fprintf(stderr, "offergraph-loadgen: a request does not convert\n");
      std::fclose(f);
      return false;
    }
    std::fprintf(f, "%s\n", line.c_str());
  }
  return std::fclose(f) == 0;
}

void Print(const offergraph::tools::LoadReport& r, bool json) {
  std::printf("%s\n", json ? offergraph::tools::FormatJson(r).c_str()
                           : offergraph::tools::FormatText(r).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  // As in the servers (src/server/main.cc): Debian's Abseil runs its
  // deadlock detector on every absl::Mutex lock gRPC takes; the load
  // generator shares the CPU with the server under test, so it should cost
  // as little as it can.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  offergraph::ParseProgramFlags(
      argc, argv,
      "Load generator for OfferService.Suggest.\n"
      "Usage: offergraph-loadgen --target=HOST:PORT --data_dir=DIR [flags]");
  namespace t = offergraph::tools;

  absl::StatusOr<std::vector<std::string>> skus =
      !absl::GetFlag(FLAGS_skus_file).empty()
          ? t::ReadSkusFile(absl::GetFlag(FLAGS_skus_file))
          : t::ReadSkusWithEdges(absl::GetFlag(FLAGS_data_dir));
  if (!skus.ok()) {
    std::fprintf(stderr, "offergraph-loadgen: %s\n",
                 std::string(skus.status().message()).c_str());
    return 2;
  }
  t::RequestMix mix;
  mix.cart_lines = absl::GetFlag(FLAGS_cart_lines);
  mix.pool_size = absl::GetFlag(FLAGS_pool);
  mix.customers = absl::GetFlag(FLAGS_customers);
  mix.complaint_share = absl::GetFlag(FLAGS_complaint_share);
  mix.budget_share = absl::GetFlag(FLAGS_budget_share);
  mix.seed = absl::GetFlag(FLAGS_seed);
  absl::StatusOr<std::vector<offergraph::v1::SuggestRequest>> requests =
      t::BuildRequests(*skus, mix);
  if (!requests.ok()) {
    std::fprintf(stderr, "offergraph-loadgen: %s\n",
                 std::string(requests.status().message()).c_str());
    return 2;
  }

  if (const std::string out = absl::GetFlag(FLAGS_write_pool_json);
      !out.empty()) {
    return WritePoolJson(out, *requests) ? 0 : 1;
  }

  t::LoadOptions o;
  o.target = absl::GetFlag(FLAGS_target);
  o.connections = absl::GetFlag(FLAGS_connections);
  o.concurrency = absl::GetFlag(FLAGS_concurrency);
  o.rate = absl::GetFlag(FLAGS_rate);
  o.duration = absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  o.max_calls = absl::GetFlag(FLAGS_calls);
  o.warmup = absl::Seconds(absl::GetFlag(FLAGS_warmup_s));
  o.deadline = absl::Milliseconds(absl::GetFlag(FLAGS_deadline_ms));
  o.label = absl::GetFlag(FLAGS_label);
  o.command = absl::GetFlag(FLAGS_command);
  o.command_at = absl::Seconds(absl::GetFlag(FLAGS_command_at_s));
  o.command_settle = absl::Seconds(absl::GetFlag(FLAGS_command_settle_s));
  o.timeline = absl::Seconds(absl::GetFlag(FLAGS_timeline_s));
  const std::string samples_out = absl::GetFlag(FLAGS_samples_out);
  o.keep_samples = !samples_out.empty();
  absl::StatusOr<t::LoadResult> result = t::RunLoad(o, *requests);
  if (!result.ok()) {
    std::fprintf(stderr, "offergraph-loadgen: %s\n",
                 std::string(result.status().message()).c_str());
    return 1;
  }
  if (!samples_out.empty() && !WriteSamples(samples_out, result->samples)) {
    std::fprintf(stderr, "offergraph-loadgen: cannot write --samples_out=%s\n",
                 samples_out.c_str());
    return 1;
  }
  const bool json = absl::GetFlag(FLAGS_json);
  Print(result->total, json);
  const t::LoadReport& total = result->total;
  if (total.sent_late > 0) {
    std::fprintf(stderr,
                 "offergraph-loadgen: %lld of %lld calls were sent more than "
                 "1 ms behind schedule (max %.0f us): the load generator "
                 "could not keep up; their latency includes the delay\n",
                 static_cast<long long>(total.sent_late),
                 static_cast<long long>(total.scheduled),
                 total.max_send_lag_us);
  }
  if (result->ran_command) {
    Print(result->before, json);
    Print(result->during, json);
    Print(result->after, json);
    Print(result->swap, json);
    if (json) {
      std::printf(
          "{\"command_exit\":%d,\"command_seconds\":%.3f,"
          "\"command_started_s\":%.3f,\"command_ended_s\":%.3f}\n",
          result->command_exit, result->command_seconds,
          result->command_started_s, result->command_ended_s);
    } else {
      std::printf("command exit %d after %.3f s (ran from %.2f s to %.2f s)\n",
                  result->command_exit, result->command_seconds,
                  result->command_started_s, result->command_ended_s);
    }
  }
  for (const t::LoadReport& window : result->timeline) Print(window, json);
  if (total.unfinished > 0) {
    std::fprintf(stderr,
                 "offergraph-loadgen: %lld of %lld scheduled calls never "
                 "completed\n",
                 static_cast<long long>(total.unfinished),
                 static_cast<long long>(total.scheduled));
    return 3;
  }
  return 0;
}
