// File: ready_line.h
// -----------------------------------------------------------------------------
// Reads the one line offergraph-server prints on stdout when it serves,
// "offergraph-server ready grpc_port=N metrics_port=M http_port=H", for
// tests that start
// the real binary on ephemeral ports.
#ifndef OFFERGRAPH_TESTS_TESTING_READY_LINE_H_
#define OFFERGRAPH_TESTS_TESTING_READY_LINE_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "testing/subprocess.h"

namespace offergraph::testing {

struct ServerPorts {
  int grpc = 0;
  int metrics = 0;  // 0 when metrics are off
  int http = 0;     // 0 when the HTTP listener is off
};

// The ports of a ready line; nullopt unless grpc_port is a positive number.
std::optional<ServerPorts> ParseReadyLine(absl::string_view line);

// Waits for `server`'s ready line and parses it; nullopt when the line does
// not come within `timeout` (the process's stderr then says why).
std::optional<ServerPorts> WaitUntilReady(Subprocess* server,
                                          absl::Duration timeout);

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_TESTING_READY_LINE_H_
