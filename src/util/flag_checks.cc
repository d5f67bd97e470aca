#include "util/flag_checks.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace offergraph {

absl::Status CheckFlagRange(absl::string_view flag, int64_t value, int64_t min,
                            int64_t max) {
  if (value >= min && value <= max) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(flag, ": must be in [", min, ", ", max, "], got ", value));
}

absl::Status CheckFlagRange(absl::string_view flag, double value, double min,
                            double max) {
  if (value >= min && value <= max) return absl::OkStatus();  // false for NaN
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s: must be in [%g, %g], got %g", flag, min, max, value));
}

absl::StatusOr<HostPort> ParseHostPort(absl::string_view flag,
                                       absl::string_view address) {
  auto error = [&](absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": ", what, ", got \"", address, "\""));
  };
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos) {
    return error("expected host:port");
  }
  absl::string_view host = address.substr(0, colon);
  const absl::string_view port = address.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != absl::string_view::npos) {
    return error("an IPv6 host needs brackets, as in [::1]:50051");
  }
  if (host.empty()) return error("expected host:port, the host is empty");
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), absl::ascii_isdigit)) {
    return error("the port must be a number in [0, 65535]");
  }
  int number = 0;
  if (!absl::SimpleAtoi(port, &number) || number > 65535) {
    return error("the port must be a number in [0, 65535]");
  }
  return HostPort{std::string(host), number};
}

}  // namespace offergraph
