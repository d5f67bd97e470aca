// File: exploration.h
// -----------------------------------------------------------------------------
// Which offers a decision shows when it may explore, and the exact
// probability with which the policy showed each (logged with the decision for
// off-policy evaluation).
//
// Policy, for k slots and the allowed candidates ranked greedily (best
// first): with probability 1 - share the decision exploits and shows the top
// k. With probability `share` it explores: the top k - 1 stay, and the last
// slot goes to one of the remaining candidates (rank k onwards), drawn in
// proportion to its uncertainty (the standard deviation of its score), so
// little-shown offers gain evidence first. Only candidates the rule layer
// allowed are ever passed in, so exploring never breaks a rule.
//
// Then, for a candidate at greedy rank r (1-based) with weight w_r among the
// remaining candidates' total W:
//   r < k:   1
//   r = k:   (1 - share) + share * w_k / W
//   r > k:   share * w_r / W
// and every candidate shown when nothing is left to explore has probability
// 1. Deterministic for given uniform draws.
//
// Thread safety: pure functions.
#ifndef OFFERGRAPH_LEARN_EXPLORATION_H_
#define OFFERGRAPH_LEARN_EXPLORATION_H_

#include <cstddef>
#include <vector>

#include "absl/types/span.h"

namespace offergraph {

struct ExplorationResult {
  // Greedy ranks (0-based) of the candidates shown, in display order; the
  // explored one, if any, last.
  std::vector<size_t> shown;
  // Probability that the policy shows each of `shown`, same order.
  std::vector<double> probability;
  bool explored = false;
};

// `uncertainty[i]` belongs to the candidate at greedy rank i. `u_explore`
// and `u_pick` are independent uniform draws in [0, 1).
ExplorationResult ChooseOffers(absl::Span<const double> uncertainty,
                               size_t slots, double share, double u_explore,
                               double u_pick);

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_EXPLORATION_H_
