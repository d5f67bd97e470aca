#include "sim/synthetic_baskets.h"

#include <algorithm>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"

namespace offergraph::sim {

mine::Baskets SyntheticBaskets(const SyntheticOptions& options) {
  std::mt19937_64 gen(options.seed);
  const int64_t group_size = std::max<int64_t>(2, options.group_size);
  const int64_t groups = std::max<int64_t>(1, options.items / group_size);
  std::uniform_int_distribution<int64_t> pick_group(0, groups - 1);
  std::uniform_int_distribution<int64_t> pick_size(
      2, std::min<int64_t>(6, group_size));
  std::uniform_real_distribution<double> uniform(0, 1);
  mine::BasketBuilder builder;
  std::vector<int64_t> members(group_size);
  for (int64_t o = 0; o < options.orders; ++o) {
    const std::string order = absl::StrCat("o", o);
    const int64_t g = pick_group(gen);
    for (int64_t i = 0; i < group_size; ++i) members[i] = g * group_size + i;
    std::shuffle(members.begin(), members.end(), gen);
    const int64_t n = pick_size(gen);
    for (int64_t i = 0; i < n; ++i) {
      builder.Add(order, absl::StrCat("ITEM-", members[i]));
    }
    if (uniform(gen) < options.noise) {
      builder.Add(order, absl::StrCat("ITEM-", pick_group(gen) * group_size));
    }
  }
  return std::move(builder).Finish();
}

}  // namespace offergraph::sim
