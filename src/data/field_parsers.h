// File: field_parsers.h
// -----------------------------------------------------------------------------
// Parsers for single CSV field values. Each returns a message fragment on
// error ("must not be negative"), which the loaders place after
// "<file>:<line>:<column>: <column name>: ".
#ifndef OFFERGRAPH_DATA_FIELD_PARSERS_H_
#define OFFERGRAPH_DATA_FIELD_PARSERS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace offergraph {

// "19.99" with `exponent` minor digits -> 1999. Digits and at most one '.',
// no sign, no exponent, at most `exponent` decimals.
absl::StatusOr<int64_t> ParseMinorUnits(absl::string_view text, int exponent);

// A finite decimal number ("0.25", "1e-3").
absl::StatusOr<double> ParseFiniteDouble(absl::string_view text);

// The fast path of ParseFiniteDouble, inline for hot loops: plain decimals
// ("0.25", "12") of at most 15 significant digits, where one division gives
// the correctly rounded result (Clinger's fast path: such mantissas and
// 10^k for k <= 16 are exact doubles). Returns false for anything else;
// ParseFiniteDouble then decides. Where it returns true, ParseFiniteDouble
// returns the same value.
inline bool ParsePlainDecimal(absl::string_view text, double* out) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                      1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16};
  const size_t n = text.size();
  if (n == 0 || n > 16) return false;
  const char* p = text.data();
  uint64_t mantissa = 0;
  size_t i = 0;
  for (; i < n && static_cast<unsigned>(p[i] - '0') <= 9; ++i) {
    mantissa = mantissa * 10 + static_cast<uint64_t>(p[i] - '0');
  }
  size_t digits = i;
  size_t decimals = 0;
  if (i < n) {
    if (p[i] != '.') return false;
    for (++i; i < n; ++i) {
      const unsigned d = static_cast<unsigned>(p[i] - '0');
      if (d > 9) return false;
      mantissa = mantissa * 10 + d;
      ++decimals;
    }
    digits += decimals;
  }
  if (digits == 0 || digits > 15) return false;
  *out = static_cast<double>(mantissa) / kPow10[decimals];
  return true;
}

// true/false/1/0 (also TRUE/FALSE, True/False).
absl::StatusOr<bool> ParseBool(absl::string_view text);

// A base-10 integer within int32 ("-3", "12").
absl::StatusOr<int32_t> ParseInt32(absl::string_view text);

// Three upper-case ASCII letters.
bool IsCurrencyCode(absl::string_view text);

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_FIELD_PARSERS_H_
