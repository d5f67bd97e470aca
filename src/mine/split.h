// File: split.h
// -----------------------------------------------------------------------------
// Deterministic train/test split of orders by a hash of the order id: the
// same id lands on the same side on every run, machine and compiler (64-bit
// FNV-1a, never std::hash).
//
// Example:
//   if (IsTestOrder("2539329", /*seed=*/1, /*test_share=*/0.2)) ...
#ifndef OFFERGRAPH_MINE_SPLIT_H_
#define OFFERGRAPH_MINE_SPLIT_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace offergraph::mine {

inline constexpr uint64_t kFnvOffsetBasis = 14695981039346656037ull;
inline constexpr uint64_t kFnvPrime = 1099511628211ull;

// 64-bit FNV-1a of `bytes`, continuing from `hash`.
inline uint64_t Fnv1a64(absl::string_view bytes,
                        uint64_t hash = kFnvOffsetBasis) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= kFnvPrime;
  }
  return hash;
}

// MurmurHash3's 64-bit finaliser: spreads FNV-1a's weakly mixed last bytes
// over all bits, so ids that differ only at the end split evenly.
inline uint64_t Fmix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

// True when the order belongs to the test side: FNV-1a over the 8
// little-endian bytes of `seed` then the id, finalised with Fmix64, scaled
// to [0, 1), below `test_share`.
inline bool IsTestOrder(absl::string_view order_id, uint64_t seed,
                        double test_share) {
  uint64_t h = kFnvOffsetBasis;
  for (int i = 0; i < 8; ++i) {
    h ^= (seed >> (8 * i)) & 0xff;
    h *= kFnvPrime;
  }
  h = Fmix64(Fnv1a64(order_id, h));
  const double u = static_cast<double>(h >> 11) * 0x1.0p-53;
  return u < test_share;
}

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_SPLIT_H_
