// File: money.h
// -----------------------------------------------------------------------------
// ISO 4217 minor-unit exponents and formatting of integer minor units.
//
// Example:
//   FormatMoney(1999, "USD") == "19.99 USD"; FormatMoney(500, "JPY") ==
//   "500 JPY".
#ifndef OFFERGRAPH_UTIL_MONEY_H_
#define OFFERGRAPH_UTIL_MONEY_H_

#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace offergraph {

// Digits after the decimal point for `currency` (ISO 4217): 0 for JPY, KRW,
// ...; 3 for BHD, KWD, ...; 2 otherwise.
inline int CurrencyExponent(absl::string_view currency) {
  static constexpr absl::string_view kZero[] = {
      "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
      "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"};
  static constexpr absl::string_view kThree[] = {"BHD", "IQD", "JOD", "KWD",
                                                 "LYD", "OMR", "TND"};
  for (absl::string_view c : kZero) {
    if (c == currency) return 0;
  }
  for (absl::string_view c : kThree) {
    if (c == currency) return 3;
  }
  return 2;
}

// A currency code packed into an integer, so that comparing the currencies
// of two prices is comparing two integers: equal codes, equal keys.
inline uint32_t CurrencyKey(absl::string_view currency) {
  uint32_t key = 0;
  for (size_t i = 0; i < currency.size() && i < 4; ++i) {
    key = key << 8 | static_cast<unsigned char>(currency[i]);
  }
  return key;
}

// "19.99 USD", "-5.00 USD", "500 JPY".
inline std::string FormatMoney(int64_t units, absl::string_view currency) {
  const int exp = CurrencyExponent(currency);
  const char* sign = units < 0 ? "-" : "";
  uint64_t abs = units < 0 ? 0 - static_cast<uint64_t>(units)
                           : static_cast<uint64_t>(units);
  if (exp == 0) return absl::StrFormat("%s%d %s", sign, abs, currency);
  uint64_t scale = exp == 3 ? 1000 : 100;
  return absl::StrFormat("%s%d.%0*d %s", sign, abs / scale, exp, abs % scale,
                         currency);
}

}  // namespace offergraph

#endif  // OFFERGRAPH_UTIL_MONEY_H_
