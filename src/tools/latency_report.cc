#include "tools/latency_report.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace offergraph {
namespace tools {
namespace {

double Us(int64_t ns) { return static_cast<double>(ns) / 1000.0; }

}  // namespace

int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double n = static_cast<double>(sorted.size());
  // Ranks are 1-based: rank = ceil(p/100 * n), at least 1.
  int64_t rank = static_cast<int64_t>(std::ceil(p / 100.0 * n - 1e-9));
  rank = std::clamp<int64_t>(rank, 1, static_cast<int64_t>(sorted.size()));
  return sorted[rank - 1];
}

LoadReport ComputeReport(LoadSamples samples, std::string label) {
  LoadReport r;
  r.label = std::move(label);
  for (int c = 0; c < kStatusCodeCount; ++c) {
    r.calls += samples.calls_by_code[c];
    if (c != 0) {
      r.errors_by_code[c] = samples.calls_by_code[c];
      r.errors += samples.calls_by_code[c];
    }
  }
  r.ok = samples.calls_by_code[0];
  r.scheduled = samples.scheduled;
  r.unfinished = std::max<int64_t>(0, samples.scheduled - r.calls);
  r.sent_late = samples.sent_late;
  r.max_send_lag_us = Us(samples.max_send_lag_ns);
  r.seconds = absl::ToDoubleSeconds(samples.elapsed);
  if (r.seconds > 0) {
    r.calls_per_second = r.calls / r.seconds;
    r.ok_per_second = r.ok / r.seconds;
  }
  std::vector<int64_t>& v = samples.latencies_ns;
  std::sort(v.begin(), v.end());
  if (!v.empty()) {
    r.p50_us = Us(Percentile(v, 50));
    r.p90_us = Us(Percentile(v, 90));
    r.p99_us = Us(Percentile(v, 99));
    r.p999_us = Us(Percentile(v, 99.9));
    r.max_us = Us(v.back());
    long double sum = 0;
    for (int64_t x : v) sum += x;
    r.mean_us = static_cast<double>(sum / v.size() / 1000.0L);
  }
  return r;
}

std::string FormatText(const LoadReport& r) {
  std::string out = absl::StrFormat(
      "%s: %d calls in %.2f s = %.0f/s (ok %.0f/s), latency p50 %.1f us, "
      "p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us; scheduled %d, "
      "unfinished %d, sent late %d (max lag %.1f us); errors %d",
      r.label, r.calls, r.seconds, r.calls_per_second, r.ok_per_second,
      r.p50_us, r.p90_us, r.p99_us, r.p999_us, r.max_us, r.scheduled,
      r.unfinished, r.sent_late, r.max_send_lag_us, r.errors);
  for (int c = 1; c < kStatusCodeCount; ++c) {
    if (r.errors_by_code[c] > 0) {
      absl::StrAppend(&out, " ", StatusCodeName(c), "=", r.errors_by_code[c]);
    }
  }
  return out;
}

std::string FormatJson(const LoadReport& r) {
  std::string codes;
  for (int c = 1; c < kStatusCodeCount; ++c) {
    if (r.errors_by_code[c] == 0) continue;
    absl::StrAppend(&codes, codes.empty() ? "" : ",", "\"", StatusCodeName(c),
                    "\":", r.errors_by_code[c]);
  }
  // The label is ours (a flag), but escape quotes and backslashes anyway.
  std::string label;
  for (char ch : r.label) {
    if (ch == '"' || ch == '\\') label.push_back('\\');
    label.push_back(ch);
  }
  return absl::StrFormat(
      "{\"label\":\"%s\",\"calls\":%d,\"ok\":%d,\"errors\":%d,"
      "\"scheduled\":%d,\"unfinished\":%d,\"sent_late\":%d,"
      "\"max_send_lag_us\":%.3f,"
      "\"errors_by_code\":{%s},\"seconds\":%.6f,\"calls_per_second\":%.3f,"
      "\"ok_per_second\":%.3f,\"p50_us\":%.3f,\"p90_us\":%.3f,"
      "\"p99_us\":%.3f,\"p999_us\":%.3f,\"max_us\":%.3f,\"mean_us\":%.3f}",
      label, r.calls, r.ok, r.errors, r.scheduled, r.unfinished, r.sent_late,
      r.max_send_lag_us, codes, r.seconds, r.calls_per_second, r.ok_per_second,
      r.p50_us, r.p90_us, r.p99_us, r.p999_us, r.max_us, r.mean_us);
}

}  // namespace tools
}  // namespace offergraph
