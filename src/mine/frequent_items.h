// File: frequent_items.h
// -----------------------------------------------------------------------------
// The first steps the pair miner (association.h) and the itemset miner
// (bundles.h) share: count each item's support, renumber the items over a
// minimum support densely (in item id order, so a filtered basket stays
// ascending) and keep each order's frequent items as CSR arrays.
//
// Example:
//   std::vector<int64_t> support = ItemSupport(baskets);
//   FrequentItems f = SelectFrequentItems(support, /*min_support=*/10, {});
//   DenseBaskets db = FilterBaskets(baskets, f, /*min_len=*/2);
#ifndef OFFERGRAPH_MINE_FREQUENT_ITEMS_H_
#define OFFERGRAPH_MINE_FREQUENT_ITEMS_H_

#include <cstdint>
#include <vector>

#include "mine/baskets.h"

namespace offergraph::mine {

inline constexpr uint32_t kNotFrequent = 0xffffffffu;

// Orders holding each item, by item id.
std::vector<int64_t> ItemSupport(const Baskets& baskets);

struct FrequentItems {
  std::vector<uint32_t> dense;     // item id -> dense id, or kNotFrequent
  std::vector<uint32_t> original;  // dense id -> item id, ascending
  uint32_t count() const { return static_cast<uint32_t>(original.size()); }
};

// The items with support >= min_support and, when `allowed` is not empty,
// allowed[id] true.
FrequentItems SelectFrequentItems(const std::vector<int64_t>& support,
                                  int64_t min_support,
                                  const std::vector<bool>& allowed);

// Baskets as CSR arrays of dense ids, each basket ascending. `items` may be
// longer than the baskets (a reused buffer): they end at off.back().
struct DenseBaskets {
  std::vector<uint32_t> off{0};
  std::vector<uint32_t> items;
  size_t size() const { return off.size() - 1; }
};

// Each order's frequent items, the orders with fewer than `min_len` of them
// left out.
DenseBaskets FilterBaskets(const Baskets& baskets, const FrequentItems& items,
                           size_t min_len);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_FREQUENT_ITEMS_H_
