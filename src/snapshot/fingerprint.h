// File: fingerprint.h
// -----------------------------------------------------------------------------
// A stable 128-bit fingerprint of a sequence of files, used as the snapshot
// version: the same bytes give the same value in every process and on every
// machine (unlike absl::Hash, which is seeded per process), and different
// bytes a different value with the odds of a well-mixed 128-bit hash.
//
// Definition, so other tools can reproduce it: XXH3-128 (xxHash >= 0.8,
// seed 0) of the concatenation, for each file in order, of its length as 8
// little-endian bytes followed by its bytes; printed as the canonical
// (big-endian) form in 32 lowercase hex digits. (Which files, in which
// order, is the snapshot loader's business: rules, catalog, edges, then each
// deals file present as its name and then its bytes.) In Python, with the
// `xxhash` package: xxhash.xxh3_128_hexdigest(b"".join(
//   len(b).to_bytes(8, "little") + b for b in files)).
//
// Why xxHash: a well-kept, fast (several GB/s, so a reload hashes its data
// in a fraction of its parse time) non-cryptographic hash from a Debian
// package. The version guards against accidental difference, not against
// someone forging data: no one who can write the data directory gains
// anything from a collision.
//
// Example:
//   Fingerprint fp;
//   fp.BeginFile(text.size());
//   fp.Add(text);
//   std::string version = fp.Hex();
#ifndef OFFERGRAPH_SNAPSHOT_FINGERPRINT_H_
#define OFFERGRAPH_SNAPSHOT_FINGERPRINT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"

struct XXH3_state_s;

namespace offergraph {

// Accumulates the fingerprint. Owns its xxHash state. Not thread-safe;
// movable, not copyable.
class Fingerprint {
 public:
  Fingerprint();
  ~Fingerprint();
  Fingerprint(Fingerprint&&) noexcept;
  Fingerprint& operator=(Fingerprint&&) noexcept;

  // Starts the next file, of `size` bytes.
  void BeginFile(uint64_t size);
  // Adds the next bytes of the current file, in any pieces.
  void Add(absl::string_view bytes);

  // The fingerprint of everything added so far, as 32 lowercase hex digits.
  // Adding more afterwards is allowed.
  std::string Hex() const;

 private:
  struct FreeState {
    void operator()(XXH3_state_s* state) const;
  };
  std::unique_ptr<XXH3_state_s, FreeState> state_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SNAPSHOT_FINGERPRINT_H_
