#include "sim/customer_model.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "xxhash.h"

namespace offergraph::sim {

double HashUniform(uint64_t seed, absl::string_view key, uint64_t n) {
  std::string bytes(key);
  bytes.append(reinterpret_cast<const char*>(&n), sizeof(n));
  const uint64_t h = XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

double HashNormal(uint64_t seed, absl::string_view key) {
  const double u1 = std::max(HashUniform(seed, key, 1), 1e-300);
  const double u2 = HashUniform(seed, key, 2);
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
}

double CustomerModel::Appeal(absl::string_view sku) const {
  double appeal =
      std::exp(options_.appeal_sigma * HashNormal(options_.seed, sku));
  if (flipped_ && IsFlippable(sku)) appeal = 1 / appeal;
  return appeal;
}

bool CustomerModel::IsFlippable(absl::string_view sku) const {
  return HashUniform(options_.seed ^ 0x9e3779b97f4a7c15ull, sku, 3) <
         options_.flip_share;
}

double CustomerModel::AcceptProbability(absl::string_view sku,
                                        bool bought) const {
  return std::min(0.95, Appeal(sku) * (bought ? options_.bought
                                              : options_.other));
}

bool CustomerModel::Accepts(uint64_t session, absl::string_view sku,
                            bool bought, double multiplier) const {
  return HashUniform(options_.seed + 17, sku, session) <
         std::min(1.0, multiplier * AcceptProbability(sku, bought));
}

}  // namespace offergraph::sim
