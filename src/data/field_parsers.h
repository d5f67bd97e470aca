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

// true/false/1/0 (also TRUE/FALSE, True/False).
absl::StatusOr<bool> ParseBool(absl::string_view text);

// A base-10 integer within int32 ("-3", "12").
absl::StatusOr<int32_t> ParseInt32(absl::string_view text);

// Three upper-case ASCII letters.
bool IsCurrencyCode(absl::string_view text);

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_FIELD_PARSERS_H_
