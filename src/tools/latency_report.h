// File: latency_report.h
// -----------------------------------------------------------------------------
// The arithmetic of a load run: percentiles of latency samples, throughput,
// errors by gRPC status code (util/status_codes.h names them), and the
// text / JSON renderings.
#ifndef OFFERGRAPH_TOOLS_LATENCY_REPORT_H_
#define OFFERGRAPH_TOOLS_LATENCY_REPORT_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "util/status_codes.h"

namespace offergraph {
namespace tools {

// A call sent this long after its scheduled time counts as sent late.
inline constexpr int64_t kLateSendNs = 1000000;  // 1 ms

// Nearest-rank percentile of `sorted` (ascending): the smallest sample such
// that at least p% of the samples are <= it. p in [0, 100]; 0 for no samples.
int64_t Percentile(const std::vector<int64_t>& sorted, double p);

// What a run measured. Value type.
struct LoadSamples {
  // Latency of every completed call, nanoseconds, any order.
  std::vector<int64_t> latencies_ns;
  // Completed calls by status code.
  std::array<int64_t, kStatusCodeCount> calls_by_code{};
  // Calls the run scheduled (open loop) or issued (closed loop) in this
  // window. Those not among the completed ones are reported as unfinished.
  int64_t scheduled = 0;
  // Open loop: calls sent later than kLateSendNs after their scheduled time
  // (the load generator could not keep up), and the largest such delay.
  // Always 0 in closed loop, which has no schedule.
  int64_t sent_late = 0;
  int64_t max_send_lag_ns = 0;
  // Wall time of the measured part of the run.
  absl::Duration elapsed = absl::ZeroDuration();
};

// Every scheduled call is accounted for: scheduled = calls + unfinished,
// and calls = ok + errors. Calls sent late are among the completed ones
// (their latency, measured from the schedule, includes the delay).
struct LoadReport {
  std::string label;
  int64_t scheduled = 0;
  int64_t calls = 0;       // completed
  int64_t unfinished = 0;  // scheduled but never completed (a lost call)
  int64_t sent_late = 0;
  double max_send_lag_us = 0;
  int64_t ok = 0;
  int64_t errors = 0;  // completed with a status other than OK
  std::array<int64_t, kStatusCodeCount> errors_by_code{};
  double seconds = 0;
  double calls_per_second = 0;  // completed calls / seconds
  double ok_per_second = 0;
  // Latency over every completed call, microseconds.
  double p50_us = 0, p90_us = 0, p99_us = 0, p999_us = 0, max_us = 0;
  double mean_us = 0;
};

// Sorts the samples (hence by value) and computes the report.
LoadReport ComputeReport(LoadSamples samples, std::string label);

// One human-readable line, e.g.
// "noop: 10000 calls in 1.00 s = 10000/s, p50 95.0 us ... errors 0;
// scheduled 10000, unfinished 0, sent late 0 (max lag 12.0 us)".
std::string FormatText(const LoadReport& report);
// One JSON object with the same fields (errors_by_code: {"NAME": n}).
std::string FormatJson(const LoadReport& report);

}  // namespace tools
}  // namespace offergraph

#endif  // OFFERGRAPH_TOOLS_LATENCY_REPORT_H_
