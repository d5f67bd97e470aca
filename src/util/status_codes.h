// File: status_codes.h
// -----------------------------------------------------------------------------
// The canonical status codes as array indexes and label values: how many
// there are and their names. absl's codes are gRPC's one to one (see
// service/status_util.h), so this serves both.
//
// Example:
//   std::array<int64_t, kStatusCodeCount> calls_by_code{};
//   StatusCodeName(14) == "UNAVAILABLE"
#ifndef OFFERGRAPH_UTIL_STATUS_CODES_H_
#define OFFERGRAPH_UTIL_STATUS_CODES_H_

#include <string>

#include "absl/status/status.h"

namespace offergraph {

// Codes 0 (OK) ..= 16 (UNAUTHENTICATED). Neither absl nor gRPC generates a
// count, so it is the highest canonical code plus one.
inline constexpr int kStatusCodeCount =
    static_cast<int>(absl::StatusCode::kUnauthenticated) + 1;

// The code's canonical name ("OK", "INVALID_ARGUMENT", ...), from
// absl::StatusCodeToString; "UNKNOWN" for a value outside the canonical codes.
inline std::string StatusCodeName(int code) {
  if (code < 0 || code >= kStatusCodeCount) {
    code = static_cast<int>(absl::StatusCode::kUnknown);
  }
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

}  // namespace offergraph

#endif  // OFFERGRAPH_UTIL_STATUS_CODES_H_
