#include "snapshot/fingerprint.h"

#include <cstring>

#include "absl/strings/str_format.h"

namespace offergraph {
namespace {

uint64_t LoadLittleEndian64(const void* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof(word));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  word = __builtin_bswap64(word);
#endif
  return word;
}

}  // namespace

void Fingerprint::Add(absl::string_view bytes) {
  const char* p = bytes.data();
  size_t n = bytes.size();
  for (; n >= 8; p += 8, n -= 8) Mix(LoadLittleEndian64(p));
  if (n > 0) {
    unsigned char tail[8] = {0};
    std::memcpy(tail, p, n);
    Mix(LoadLittleEndian64(tail));
  }
}

uint64_t Fingerprint::value() const {
  uint64_t h = hash_;  // MurmurHash3 fmix64
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

std::string Fingerprint::Hex() const {
  return absl::StrFormat("%016x", value());
}

}  // namespace offergraph
