// File: catalog.h
// -----------------------------------------------------------------------------
// The product catalog: every sellable product, interned to a dense ProductId
// (0 .. size()-1) at load time so that the graph and the engine work on
// integers, never on sku strings.
#ifndef OFFERGRAPH_CATALOG_H_
#define OFFERGRAPH_CATALOG_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace offergraph {

// Dense index of a product inside one snapshot. Not stable across snapshots:
// persist skus, never ProductIds.
using ProductId = uint32_t;
inline constexpr ProductId kNoProduct = std::numeric_limits<ProductId>::max();

// One catalog row. Money is integer minor units of `currency`.
struct Product {
  std::string sku;
  std::string name;
  std::string category;  // empty when not given
  int64_t price = 0;     // minor units, >= 0
  std::string currency;  // ISO 4217, e.g. "USD"
  bool in_stock = true;
  double margin = -1.0;      // fraction in [0, 1]; negative when unknown
  std::string product_line;  // empty when not part of a line
  int32_t tier = 0;          // meaningful only with has_tier
  bool has_tier = false;
  std::string pitch;  // one sentence an agent can read out
};

// What the request path reads about a candidate, copied out of its Product
// at construction so that deciding touches one 24-byte row per candidate
// instead of a Product's scattered fields: at a million products this
// column is 24 MB, which stays in a server's last-level cache, where the
// Products themselves (220 bytes each, plus their strings) do not.
struct ProductFacts {
  int64_t price = 0;     // Product::price
  double margin = -1.0;  // Product::margin
  bool in_stock = true;  // Product::in_stock
  // CurrencyExponent(Product::currency): 0, 2 or 3.
  uint8_t currency_exponent = 2;
  // CurrencyKey(Product::currency): money meets money only when these match.
  uint32_t currency = 0;
};
static_assert(sizeof(ProductFacts) == 24, "one row of the facts column");

// An immutable set of products with a sku index.
//
// Thread safety: immutable after construction; safe for concurrent readers.
class Catalog {
 public:
  Catalog() = default;
  // Takes the products; their position becomes their ProductId. Skus must be
  // unique (the loader enforces it); on a duplicate the first one wins.
  explicit Catalog(std::vector<Product> products);

  Catalog(Catalog&&) = default;
  Catalog& operator=(Catalog&&) = default;
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  size_t size() const { return products_.size(); }
  const Product& product(ProductId id) const { return products_[id]; }
  const ProductFacts& facts(ProductId id) const { return facts_[id]; }
  const std::vector<Product>& products() const { return products_; }

  // Heap bytes held: the rows, their strings that do not fit inline, the
  // facts column and the sku index (one slot and one control byte per
  // bucket). Walks every product: for metrics at load, not per request.
  size_t MemoryBytes() const;

  // Returns the id of `sku`, or kNoProduct.
  ProductId Find(absl::string_view sku) const;
  // Starts loading the index slot Find(sku) will probe, so that the cache
  // misses of several lookups overlap: prefetch them all, then Find them.
  void Prefetch(absl::string_view sku) const { index_.prefetch(sku); }

 private:
  std::vector<Product> products_;
  std::vector<ProductFacts> facts_;  // one per product, same index
  absl::flat_hash_map<absl::string_view, ProductId> index_;  // views products_
};

}  // namespace offergraph

#endif  // OFFERGRAPH_CATALOG_H_
