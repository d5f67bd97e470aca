#include "snapshot/fingerprint.h"

#include <cstdlib>

#include "absl/strings/escaping.h"
#include "xxhash.h"

namespace offergraph {

void Fingerprint::FreeState::operator()(XXH3_state_s* state) const {
  XXH3_freeState(state);
}

Fingerprint::Fingerprint() : state_(XXH3_createState()) {
  if (state_ == nullptr) std::abort();  // out of memory
  XXH3_128bits_reset(state_.get());
}

Fingerprint::~Fingerprint() = default;
Fingerprint::Fingerprint(Fingerprint&&) noexcept = default;
Fingerprint& Fingerprint::operator=(Fingerprint&&) noexcept = default;

void Fingerprint::BeginFile(uint64_t size) {
  unsigned char le[8];
  for (int i = 0; i < 8; ++i)
    le[i] = static_cast<unsigned char>(size >> (8 * i));
  XXH3_128bits_update(state_.get(), le, sizeof(le));
}

void Fingerprint::Add(absl::string_view bytes) {
  XXH3_128bits_update(state_.get(), bytes.data(), bytes.size());
}

std::string Fingerprint::Hex() const {
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(state_.get()));
  return absl::BytesToHexString(absl::string_view(
      reinterpret_cast<const char*>(canonical.digest), sizeof(canonical)));
}

}  // namespace offergraph
