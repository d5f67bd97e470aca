// File: fingerprint.h
// -----------------------------------------------------------------------------
// A stable 64-bit fingerprint of a sequence of files, used as the snapshot
// version: the same bytes give the same value in every process and on every
// machine (unlike absl::Hash, which is seeded per process).
//
// Definition, so other tools can reproduce it: start from the FNV-1a offset
// basis 0xcbf29ce484222325; for each file, mix in its length, then its bytes
// as little-endian 64-bit words (the last partial word zero-padded), where
// mixing a word w is `h = (h ^ w) * 0x100000001b3` (FNV-1a's step applied to
// words rather than bytes: eight times faster, and still changed by any
// change to any word); finally apply MurmurHash3's fmix64 so every input bit
// reaches every output bit. Printed as 16 lowercase hex digits.
//
// Example:
//   Fingerprint fp;
//   fp.BeginFile(text.size());
//   fp.Add(text);
//   std::string version = fp.Hex();
#ifndef OFFERGRAPH_SNAPSHOT_FINGERPRINT_H_
#define OFFERGRAPH_SNAPSHOT_FINGERPRINT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace offergraph {

// Accumulates the fingerprint. Not thread-safe; cheap to copy.
class Fingerprint {
 public:
  // Starts the next file, of `size` bytes.
  void BeginFile(uint64_t size) { Mix(size); }
  // Adds the next bytes of the current file. Every call for one file except
  // its last must pass a multiple of 8 bytes.
  void Add(absl::string_view bytes);

  uint64_t value() const;
  std::string Hex() const;

 private:
  void Mix(uint64_t word) {
    hash_ ^= word;
    hash_ *= 0x100000001b3ULL;
  }

  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SNAPSHOT_FINGERPRINT_H_
