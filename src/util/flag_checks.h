// File: flag_checks.h
// -----------------------------------------------------------------------------
// Start-up checks of command-line values, with messages that name the flag,
// the value and what is allowed, e.g.
//   --ledger_retention_days: must be in [1, 36500], got 0
//   --grpc_address: port must be in [0, 65535], got "127.0.0.1:99999"
// Programs run them before they open anything.
#ifndef OFFERGRAPH_UTIL_FLAG_CHECKS_H_
#define OFFERGRAPH_UTIL_FLAG_CHECKS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace offergraph {

// OK when min <= value <= max; else INVALID_ARGUMENT naming `flag`.
absl::Status CheckFlagRange(absl::string_view flag, int64_t value, int64_t min,
                            int64_t max);
// Likewise for a floating-point flag; NaN is always out of range.
absl::Status CheckFlagRange(absl::string_view flag, double value, double min,
                            double max);

struct HostPort {
  std::string host;  // a name, an IPv4 address, or an IPv6 one without []
  int port = 0;      // 0..65535; 0 asks the system for a free port
};

// Parses "host:port" or "[ipv6]:port". The host must not be empty; the port
// is decimal digits only, in [0, 65535]. INVALID_ARGUMENT naming `flag` and
// the value otherwise.
absl::StatusOr<HostPort> ParseHostPort(absl::string_view flag,
                                       absl::string_view address);

}  // namespace offergraph

#endif  // OFFERGRAPH_UTIL_FLAG_CHECKS_H_
