// File: bundles.h
// -----------------------------------------------------------------------------
// Bundle candidates: frequent itemsets of 3 to max_size items whose k-way
// lift is over a threshold, mined from the same Baskets as the pair rules.
// Definitions (counts, N = orders, empty ones included):
//   support(S)    = orders holding every item of S
//   lift(S)       = support(S) * N^(k-1) / (support(i_1) * ... * support(i_k))
//                   (ItemsetLift: exact 128-bit products, divided once)
//   confidence(S) = max over members m of support(S) / support(S \ {m})
//                 = support(S) / min over m of support(S \ {m}), the
//                   strongest "the rest of the set -> m" rule
// Thresholds are inclusive. A set is left out when a superset that also
// passes the thresholds has the same support (every order with the set holds
// the superset too, so the superset says the same and more). The rest are
// ranked by support * lift, descending (ties: lift, then the sorted member
// skus in byte order) and cut to max_count.
//
// Counting is depth-first over prefixes of item ids (an Eclat-like
// projection, using the pair miner's dense-counter walk at each level):
// items below min_support are dropped; for a prefix P, the baskets holding P
// keep only the items after P's last that are frequent together with P, and
// one walk of them counts support(P + x) for every x. Each order is walked
// once per prefix it holds, so the work is about the number of frequent
// 3-item (or max_size-item) subsets of the orders, not the cube of each
// order; memory is the projected baskets of one prefix per level plus a few
// counters per frequent item. Confidence needs the (k-1)-subsets' supports,
// which are collected for the kept sets only, in a second, shallower walk.
//
// Example:
//   BundleOptions opt;
//   opt.min_support = 20;
//   opt.min_lift = 2;
//   BundleResult r = MineBundles(baskets, opt);
#ifndef OFFERGRAPH_MINE_BUNDLES_H_
#define OFFERGRAPH_MINE_BUNDLES_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "mine/baskets.h"

namespace offergraph::mine {

// Largest bundle size MineBundles accepts.
inline constexpr int kMaxBundleSize = 5;

struct BundleOptions {
  // Orders holding every item of the set, at least. >= 1.
  int64_t min_support = 10;
  // k-way lift, at least (0 = no limit).
  double min_lift = 3;
  // Sets of 3 to max_size items; max_size in [3, kMaxBundleSize].
  int max_size = 3;
  // Keep at most this many sets, best support * lift first (0 = no limit).
  int64_t max_count = 1000;
  // When not empty, indexed by item id: only items marked true may be in a
  // set (e.g. skus the catalog lists). Orders still count in N and in the
  // item supports with all their items.
  std::vector<bool> allowed;
};

// One itemset; item ids of the Baskets, ascending.
struct Itemset {
  std::array<uint32_t, kMaxBundleSize> items{};
  int size = 0;
  int64_t support = 0;
  double lift = 0;
  double confidence = 0;
};

struct BundleResult {
  // Ranked as above, at most max_count.
  std::vector<Itemset> bundles;
  std::vector<int64_t> item_support;  // by item id
  int64_t orders = 0;
  int64_t frequent_items = 0;     // allowed items with support >= min_support
  int64_t frequent_itemsets = 0;  // sets of size 3..max_size over min_support
  int64_t over_thresholds = 0;    // ... also over min_lift
  int64_t not_closed = 0;         // ... left out for an equal-support superset
};

// Mines `baskets`. `options` must pass BundleOptionsError.
BundleResult MineBundles(const Baskets& baskets, const BundleOptions& options);

// Why `options` cannot be mined, or empty when they can.
std::string BundleOptionsError(const BundleOptions& options);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_BUNDLES_H_
