#include "data/field_parsers.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace offergraph {
namespace {

absl::Status Bad(absl::string_view text, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" ", what));
}

}  // namespace

absl::StatusOr<int64_t> ParseMinorUnits(absl::string_view text, int exponent) {
  if (text.empty()) return absl::InvalidArgumentError("must not be empty");
  if (text[0] == '-') return Bad(text, "must not be negative");
  int64_t units = 0;
  int decimals = -1;  // -1: no '.' seen yet
  bool digits = false;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 10 - 9;
  for (char c : text) {
    if (c == '.') {
      if (decimals >= 0) return Bad(text, "is not a decimal number");
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return Bad(text, "is not a decimal number");
    digits = true;
    if (decimals >= 0 && ++decimals > exponent) {
      return Bad(text, absl::StrCat("has more than ", exponent,
                                    " decimals for its currency"));
    }
    if (units > kMax) return Bad(text, "is too large");
    units = units * 10 + (c - '0');
  }
  if (!digits) return Bad(text, "is not a decimal number");
  for (int d = decimals < 0 ? 0 : decimals; d < exponent; ++d) {
    if (units > kMax) return Bad(text, "is too large");
    units *= 10;
  }
  return units;
}

absl::StatusOr<double> ParseFiniteDouble(absl::string_view text) {
  double fast = 0;
  if (ParsePlainDecimal(text, &fast)) return fast;
  double value = 0;
  if (text.empty() || text.front() == ' ' || text.back() == ' ' ||
      !absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
    return Bad(text, "is not a finite number");
  }
  return value;
}

absl::StatusOr<bool> ParseBool(absl::string_view text) {
  if (text == "true" || text == "1" || text == "TRUE" || text == "True") {
    return true;
  }
  if (text == "false" || text == "0" || text == "FALSE" || text == "False") {
    return false;
  }
  return Bad(text, "is not one of true, false, 1, 0");
}

absl::StatusOr<int32_t> ParseInt32(absl::string_view text) {
  int32_t value = 0;
  if (text.empty() || text.front() == ' ' || text.back() == ' ' ||
      !absl::SimpleAtoi(text, &value)) {
    return Bad(text, "is not an integer");
  }
  return value;
}

bool IsCurrencyCode(absl::string_view text) {
  if (text.size() != 3) return false;
  for (char c : text) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

}  // namespace offergraph
