#include "testing/ready_line.h"

#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace offergraph::testing {

std::optional<ServerPorts> ParseReadyLine(absl::string_view line) {
  ServerPorts ports;
  for (absl::string_view part :
       absl::StrSplit(line, absl::ByAnyChar(" \n"), absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(part, absl::MaxSplits('=', 1));
    if (kv.first == "grpc_port" && !absl::SimpleAtoi(kv.second, &ports.grpc))
      return std::nullopt;
    if (kv.first == "metrics_port" &&
        !absl::SimpleAtoi(kv.second, &ports.metrics))
      return std::nullopt;
    if (kv.first == "http_port" && !absl::SimpleAtoi(kv.second, &ports.http))
      return std::nullopt;
  }
  if (ports.grpc <= 0) return std::nullopt;
  return ports;
}

std::optional<ServerPorts> WaitUntilReady(Subprocess* server,
                                          absl::Duration timeout) {
  std::optional<std::string> line =
      server->WaitForStdoutLine("offergraph-server ready", timeout);
  if (!line) return std::nullopt;
  return ParseReadyLine(*line);
}

}  // namespace offergraph::testing
