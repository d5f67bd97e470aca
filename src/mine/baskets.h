// File: baskets.h
// -----------------------------------------------------------------------------
// Orders as baskets of distinct items: skus interned to dense item ids while
// streaming, order lines grouped by order id (sorted or not), each basket's
// ids sorted and de-duplicated (an item bought twice in one order counts
// once, as in association-rule mining).
//
// Example:
//   ASSIGN_OR_RETURN(Baskets b, ReadBaskets("orders.csv.gz", columns, stderr));
//   for (size_t o = 0; o < b.order_count(); ++o) Use(b.order(o));
#ifndef OFFERGRAPH_MINE_BASKETS_H_
#define OFFERGRAPH_MINE_BASKETS_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "mine/order_reader.h"

namespace offergraph::mine {

// Plain value; immutable once built, safe for concurrent readers.
struct Baskets {
  std::vector<std::string> skus;       // item id -> sku
  std::vector<std::string> order_ids;  // order index -> order id
  std::vector<uint32_t> offsets{0};    // order_count() + 1 entries
  std::vector<uint32_t> items;         // each basket's ids, ascending, distinct
  int64_t lines = 0;                   // order lines read
  int64_t customers = 0;               // distinct customers; 0 when not read

  size_t order_count() const { return offsets.size() - 1; }
  absl::Span<const uint32_t> order(size_t i) const {
    return absl::MakeConstSpan(items.data() + offsets[i],
                               offsets[i + 1] - offsets[i]);
  }
  // The orders for which keep(order index) is true, with the same item ids
  // and sku table.
  Baskets Select(absl::FunctionRef<bool(size_t)> keep) const;
};

// Collects order lines in any order. Not thread-safe.
class BasketBuilder {
 public:
  // Adds one line. An empty `sku` registers the order without an item (it
  // still counts as an order: an empty basket).
  void Add(absl::string_view order, absl::string_view sku);
  void AddCustomer(absl::string_view customer);
  // Groups the lines into baskets (orders in order of first appearance).
  Baskets Finish() &&;

 private:
  absl::flat_hash_map<std::string, uint32_t> order_index_;
  absl::flat_hash_map<std::string, uint32_t> sku_index_;
  absl::flat_hash_set<std::string> customers_;
  std::vector<std::string> order_ids_;
  std::vector<std::string> skus_;
  std::vector<uint64_t> lines_;  // order index << 32 | item id
  uint32_t last_order_ = 0;
  int64_t line_count_ = 0;
};

// Reads a whole orders file into baskets. When `progress` is not null, a few
// lines of progress go there for inputs over 16 MiB. Errors are
// OrderReader's.
absl::StatusOr<Baskets> ReadBaskets(const std::string& path,
                                    const OrderColumns& columns,
                                    std::FILE* progress);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_BASKETS_H_
