#include "mine/rule_stats.h"

#include <algorithm>
#include <cmath>

#include "absl/numeric/bits.h"

namespace offergraph::mine {
namespace {

constexpr uint64_t kExactInDouble = uint64_t{1} << 53;

// The slow path of ExactRatio: scale the numerator by 2^shift so that the
// integer quotient q has at least 55 significant bits (two more than a
// double keeps), set q's lowest bit when the division left a remainder
// ("sticky"), and let the one u128 -> double conversion round to nearest
// even. That lowest bit sits strictly below the rounding bit, so it only
// tells "exactly halfway" from "just above halfway", which is all
// round-to-nearest needs from the discarded bits. Multiplying by 2^-shift
// is exact (the result is a normal double).
double SlowRatio(uint64_t numerator, uint64_t denominator) {
  const int shift = std::max(
      0, 55 + static_cast<int>(absl::bit_width(denominator)) -
             static_cast<int>(absl::bit_width(numerator)));
  // At most 55 + 64 bits: fits.
  const unsigned __int128 scaled = static_cast<unsigned __int128>(numerator)
                                   << shift;
  unsigned __int128 q = scaled / denominator;
  if (scaled % denominator != 0) q |= 1;
  return std::ldexp(static_cast<double>(q), -shift);
}

}  // namespace

double ExactRatio(uint64_t numerator, uint64_t denominator) {
  if (numerator < kExactInDouble && denominator < kExactInDouble) {
    return static_cast<double>(numerator) / static_cast<double>(denominator);
  }
  return SlowRatio(numerator, denominator);
}

double RuleConfidence(int64_t support_ab, int64_t support_a) {
  return ExactRatio(static_cast<uint64_t>(support_ab),
                    static_cast<uint64_t>(support_a));
}

double RuleLift(int64_t support_ab, int64_t orders, int64_t support_a,
                int64_t support_b) {
  const unsigned __int128 num = static_cast<unsigned __int128>(support_ab) *
                                static_cast<uint64_t>(orders);
  const unsigned __int128 den = static_cast<unsigned __int128>(support_a) *
                                static_cast<uint64_t>(support_b);
  if (num >> 64 == 0 && den >> 64 == 0) {
    return ExactRatio(static_cast<uint64_t>(num), static_cast<uint64_t>(den));
  }
  // Counts above 2^32 (unreachable with 32-bit basket offsets): the 64-bit
  // long double mantissa may round the products, and rounding its quotient
  // again to double can be one ulp off.
  return static_cast<double>(static_cast<long double>(num) /
                             static_cast<long double>(den));
}

double ExactRatio128(unsigned __int128 numerator,
                     unsigned __int128 denominator) {
  if (numerator >> 64 == 0 && denominator >> 64 == 0) {
    return ExactRatio(static_cast<uint64_t>(numerator),
                      static_cast<uint64_t>(denominator));
  }
  // q = the integer quotient, then one fraction bit at a time until q has
  // at least 55 significant bits (two beyond a double's 53), then a sticky
  // bit for any remainder; the u128 -> double conversion rounds once. The
  // remainder r < denominator is doubled as "r >= d - r ? 2r - d : 2r" so
  // that it never needs a 129th bit.
  unsigned __int128 q = numerator / denominator;
  unsigned __int128 r = numerator % denominator;
  int fraction_bits = 0;
  auto bits = [](unsigned __int128 v) {
    const uint64_t hi = static_cast<uint64_t>(v >> 64);
    return hi != 0 ? 64 + static_cast<int>(absl::bit_width(hi))
                   : static_cast<int>(absl::bit_width(static_cast<uint64_t>(v)));
  };
  while (bits(q) < 55) {
    q <<= 1;
    if (r >= denominator - r) {
      r -= denominator - r;
      q |= 1;
    } else {
      r <<= 1;
    }
    ++fraction_bits;
  }
  if (r != 0) q |= 1;
  return std::ldexp(static_cast<double>(q), -fraction_bits);
}

double ItemsetLift(int64_t support, int64_t orders,
                   const int64_t* item_supports, int k) {
  auto width = [](uint64_t v) { return static_cast<int>(absl::bit_width(v)); };
  const uint64_t n = static_cast<uint64_t>(orders);
  int num_bits = width(static_cast<uint64_t>(support)) + (k - 1) * width(n);
  int den_bits = 0;
  for (int i = 0; i < k; ++i) {
    den_bits += width(static_cast<uint64_t>(item_supports[i]));
  }
  if (num_bits <= 127 && den_bits <= 127) {
    unsigned __int128 num = static_cast<uint64_t>(support);
    unsigned __int128 den = 1;
    for (int i = 0; i < k; ++i) {
      if (i > 0) num *= n;
      den *= static_cast<uint64_t>(item_supports[i]);
    }
    return ExactRatio128(num, den);
  }
  long double num = static_cast<long double>(support);
  long double den = 1;
  for (int i = 0; i < k; ++i) {
    if (i > 0) num *= static_cast<long double>(n);
    den *= static_cast<long double>(item_supports[i]);
  }
  return static_cast<double>(num / den);
}

}  // namespace offergraph::mine
