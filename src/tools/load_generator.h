// File: load_generator.h
// -----------------------------------------------------------------------------
// Drives OfferService.Suggest with the asynchronous (callback) gRPC client.
//
//   * Closed loop: `concurrency` calls in flight; each completion issues the
//     next call. Measures the server's capacity.
//   * Open loop: calls are sent at a fixed `rate` on a schedule, whether or
//     not earlier calls finished; latency runs from the scheduled send time,
//     so a stalled server is charged for every call it delayed (no
//     coordinated omission). Calls the sender itself could not send on time
//     are counted as sent late (LoadReport::sent_late), never dropped.
//
// Optionally runs a command (e.g. a reload) in the middle of the run and
// reports latency before, during and after it.
#ifndef OFFERGRAPH_TOOLS_LOAD_GENERATOR_H_
#define OFFERGRAPH_TOOLS_LOAD_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "offergraph/v1/offer_service.pb.h"
#include "tools/latency_report.h"

namespace offergraph {
namespace tools {

struct LoadOptions {
  std::string target = "127.0.0.1:50051";
  // TCP connections (one gRPC channel each); calls are spread round-robin.
  int connections = 2;
  // Closed loop when rate == 0: calls in flight.
  int concurrency = 32;
  // Open loop when > 0: calls per second.
  double rate = 0;
  // The measured part schedules (open loop) or issues (closed loop) calls
  // for `duration` or until `max_calls` calls, whichever comes first (0 = no
  // bound; at least one must be set); the run then waits for every one of
  // them to complete, and counts each (LoadReport::scheduled, unfinished).
  absl::Duration duration = absl::Seconds(10);
  int64_t max_calls = 0;
  // Runs before the measured part; its calls are not counted.
  absl::Duration warmup = absl::Seconds(1);
  // Per-call deadline.
  absl::Duration deadline = absl::Seconds(1);
  std::string label = "suggest";
  // When set, `/bin/sh -c command` runs `command_at` into the measured part
  // (a reload, say). Calls completing from its start until `command_settle`
  // after it returned form the "during" report.
  std::string command;
  absl::Duration command_at = absl::Seconds(3);
  absl::Duration command_settle = absl::Seconds(1);
  // When > 0, LoadResult::timeline holds one report per window of this
  // length over the measured part: where in a run a stall happened.
  absl::Duration timeline = absl::ZeroDuration();
  // Keep every measured call in LoadResult::samples.
  bool keep_samples = false;
};

// One measured call, for analyses the reports do not make (a window set by
// another clock, say).
struct CallSample {
  double done_unix_s;  // when it completed, Unix time (system clock)
  double latency_us;   // from its scheduled (open loop) or issue time
  int code;            // grpc::StatusCode
};

struct LoadResult {
  LoadReport total;
  // Only with LoadOptions::command.
  bool ran_command = false;
  int command_exit = 0;
  double command_seconds = 0;
  LoadReport before, during, after;
  // The swap alone: from `command_settle` before the command returned (the
  // end of a reload: publish and release of the old snapshot) to
  // `command_settle` after it.
  LoadReport swap;
  // Seconds from the start of the measured part to the command's start and
  // end (only with LoadOptions::command).
  double command_started_s = 0;
  double command_ended_s = 0;
  // Only with LoadOptions::timeline: the calls that completed in each
  // window, in order; labels end in " @<start>s" (seconds into the measured
  // part).
  std::vector<LoadReport> timeline;
  // Only with LoadOptions::keep_samples: every measured call, in completion
  // order.
  std::vector<CallSample> samples;
};

// Runs the load. `requests` are sent round-robin. FAILED_PRECONDITION when
// the target cannot be reached within 10 s, INVALID_ARGUMENT for bad options.
absl::StatusOr<LoadResult> RunLoad(
    const LoadOptions& options,
    const std::vector<v1::SuggestRequest>& requests);

}  // namespace tools
}  // namespace offergraph

#endif  // OFFERGRAPH_TOOLS_LOAD_GENERATOR_H_
