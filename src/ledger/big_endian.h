// File: big_endian.h
// -----------------------------------------------------------------------------
// Fixed-width big-endian integers in byte strings, for the RocksDB ledger's
// keys and values (big-endian so byte order is numeric order).
#ifndef OFFERGRAPH_LEDGER_BIG_ENDIAN_H_
#define OFFERGRAPH_LEDGER_BIG_ENDIAN_H_

#include <cstddef>
#include <cstdint>

namespace offergraph::big_endian {

template <typename T>
inline void Store(char* out, T v) {
  for (size_t i = 0; i < sizeof(T); ++i) {
    out[i] = static_cast<char>(v >> (8 * (sizeof(T) - 1 - i)));
  }
}

template <typename T>
inline T Load(const char* in) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    v = static_cast<T>((v << 8) | static_cast<unsigned char>(in[i]));
  }
  return v;
}

}  // namespace offergraph::big_endian

#endif  // OFFERGRAPH_LEDGER_BIG_ENDIAN_H_
