// File: association.h
// -----------------------------------------------------------------------------
// Pairwise association rules A -> B over baskets, with the standard
// definitions (as in R's arules and Borgelt's apriori/eclat):
//   N            = number of orders (empty ones included)
//   support(X)   = orders holding X (a count, not a share)
//   confidence   = support(A,B) / support(A)      = P(B | A)
//   lift         = confidence / (support(B) / N)  = P(B | A) / P(B)
// computed as exact integer ratios, rounded once (rule_stats.h).
//
// Counting: items below min_support are dropped first (a pair's support can
// not exceed either item's); then, for each frequent item a, the baskets
// holding a are walked once and every later item b of the basket bumps a
// dense counter; the counters of a then hold support(a,b) for all b > a.
// No pair table is ever materialised.
//
// Example:
//   MineOptions opt;
//   opt.min_support = 10;
//   opt.min_confidence = 0.05;
//   MineResult r = MineRules(baskets, opt);
#ifndef OFFERGRAPH_MINE_ASSOCIATION_H_
#define OFFERGRAPH_MINE_ASSOCIATION_H_

#include <cstdint>
#include <vector>

#include "mine/baskets.h"

namespace offergraph::mine {

struct MineOptions {
  // A rule needs at least this many orders holding both items. >= 1.
  int64_t min_support = 1;
  // ... a confidence of at least this (0 = no limit) ...
  double min_confidence = 0;
  // ... and a lift of at least this (0 = no limit).
  double min_lift = 0;
  // At most this many rules per source item, strongest first (0 = no limit).
  int64_t top_k = 0;
};

// One rule from -> to (item ids of the Baskets it was mined from).
struct Rule {
  uint32_t from = 0;
  uint32_t to = 0;
  int64_t support = 0;
  double confidence = 0;
  double lift = 0;
};

struct MineResult {
  // Sorted by from's sku, confidence descending, to's sku (byte order).
  std::vector<Rule> rules;
  // Orders holding each item, by item id.
  std::vector<int64_t> item_support;
  int64_t orders = 0;
  int64_t frequent_items = 0;  // items with support >= min_support
  int64_t pairs_counted = 0;   // distinct co-occurring frequent pairs
  int64_t pairs_frequent = 0;  // ... with support >= min_support
  int64_t rules_before_top_k = 0;
};

MineResult MineRules(const Baskets& baskets, const MineOptions& options);

// Item ids ranked by sku in byte order: rank[id] (for deterministic output).
std::vector<uint32_t> SkuRanks(const std::vector<std::string>& skus);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_ASSOCIATION_H_
