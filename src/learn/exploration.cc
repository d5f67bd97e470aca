#include "learn/exploration.h"

#include <algorithm>

namespace offergraph {

ExplorationResult ChooseOffers(absl::Span<const double> uncertainty,
                               size_t slots, double share, double u_explore,
                               double u_pick) {
  ExplorationResult out;
  const size_t n = uncertainty.size();
  const size_t k = std::min(slots, n);
  share = std::clamp(share, 0.0, 1.0);
  for (size_t i = 0; i < k; ++i) {
    out.shown.push_back(i);
    out.probability.push_back(1.0);
  }
  if (k == 0 || n <= k || share == 0) return out;  // nothing to explore

  // The remaining candidates, rank k - 1 onwards, share the last slot.
  double total = 0;
  for (size_t i = k - 1; i < n; ++i) total += std::max(uncertainty[i], 0.0);
  auto weight = [&](size_t i) {
    return total > 0 ? std::max(uncertainty[i], 0.0) / total
                     : 1.0 / static_cast<double>(n - (k - 1));
  };
  const size_t last = k - 1;
  out.probability[last] = (1 - share) + share * weight(last);
  if (u_explore >= share) return out;  // exploit

  // Explore: draw the last slot by weight.
  size_t pick = n - 1;
  double cumulative = 0;
  for (size_t i = last; i < n; ++i) {
    cumulative += weight(i);
    if (u_pick < cumulative) {
      pick = i;
      break;
    }
  }
  out.explored = true;
  out.shown[last] = pick;
  out.probability[last] =
      pick == last ? (1 - share) + share * weight(last) : share * weight(pick);
  return out;
}

}  // namespace offergraph
