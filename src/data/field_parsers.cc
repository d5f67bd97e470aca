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
  // Fast path for plain decimals ("0.25", "12"): at most 15 significant
  // digits fit a double exactly, and so does 10^k for k <= 22, so one
  // division gives the correctly rounded result (Clinger's fast path).
  if (!text.empty() && text.size() <= 16) {
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                        1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16};
    uint64_t mantissa = 0;
    int digits = 0;
    int decimals = -1;
    bool plain = true;
    for (char c : text) {
      if (c >= '0' && c <= '9') {
        mantissa = mantissa * 10 + static_cast<uint64_t>(c - '0');
        ++digits;
        if (decimals >= 0) ++decimals;
      } else if (c == '.' && decimals < 0) {
        decimals = 0;
      } else {
        plain = false;
        break;
      }
    }
    if (plain && digits > 0 && digits <= 15) {
      return static_cast<double>(mantissa) /
             kPow10[decimals < 0 ? 0 : decimals];
    }
  }
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
