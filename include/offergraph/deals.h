// File: deals.h
// -----------------------------------------------------------------------------
// Offers beyond one product at list price: bundles (bundles.csv), quantity
// breaks (quantity_breaks.csv) and limited-time promotions (promotions.csv),
// resolved against one catalog and indexed by ProductId so that a decision
// finds a cart line's bundles, breaks and promotions with one lookup each.
// Part of the Snapshot; how the files are read is src/data/deals_loader.h,
// how prices follow from them is pricing.h.
//
// Discounts are integer basis points of the price (1 bp = 0.01%, so "12.5"
// percent is 1250 bp, 10000 bp is free) or a fixed price in minor units;
// money never passes through floating point.
#ifndef OFFERGRAPH_DEALS_H_
#define OFFERGRAPH_DEALS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "absl/types/span.h"
#include "offergraph/catalog.h"

namespace offergraph {

inline constexpr int32_t kBasisPointsPerUnit = 10000;  // 100%

// A price rule: a fixed price (minor units, >= 0) or a percentage off.
// Exactly one is set: price >= 0 and discount_bp == 0, or price == -1 and
// discount_bp in [1, 10000].
struct PriceRule {
  int64_t price = -1;
  int32_t discount_bp = 0;
};

struct BundleMember {
  ProductId product = kNoProduct;
  int32_t quantity = 1;  // >= 1
};

// One bundles.csv row.
struct Bundle {
  std::string id;  // never equal to a catalog sku
  std::string name;
  // At least two units in all; ascending ProductId, each product once.
  std::vector<BundleMember> members;
  // The whole bundle's price, or a discount off its members' list total
  // (sum of price * quantity). A fixed price is below that total.
  PriceRule rule;
  uint32_t currency = 0;  // CurrencyKey shared by every member
  std::string pitch;      // may be empty
  absl::Time valid_from = absl::InfinitePast();
  absl::Time valid_until = absl::InfiniteFuture();  // exclusive

  bool ValidAt(absl::Time now) const {
    return valid_from <= now && now < valid_until;
  }
};

// One quantity_breaks.csv row: from min_quantity units of a product on, each
// unit costs rule (a fixed unit price below the list price, or a discount).
struct QuantityBreak {
  int32_t min_quantity = 2;  // >= 2
  PriceRule rule;
};

// One promotions.csv row, for one product or for every product of a
// category.
struct Promotion {
  std::string id;
  ProductId product = kNoProduct;  // kNoProduct for a category promotion
  std::string category;            // empty for a product promotion
  PriceRule rule;                  // a fixed price is below the list price
  std::string pitch;               // may be empty
  absl::Time valid_from = absl::InfinitePast();
  absl::Time valid_until = absl::InfiniteFuture();  // exclusive

  bool ValidAt(absl::Time now) const {
    return valid_from <= now && now < valid_until;
  }
};

// Bundles, breaks and promotions of one snapshot with per-product indexes.
//
// Thread safety: immutable after construction; safe for concurrent readers.
class Deals {
 public:
  Deals() = default;
  // Builds the indexes over `catalog` (which must be the catalog the rows'
  // ProductIds refer to). `breaks[i]` are the breaks of the product
  // break_products[i]; a product's breaks ascend by min_quantity. The loader
  // has validated every row. A category promotion applies to every product
  // of that category.
  Deals(const Catalog& catalog, std::vector<Bundle> bundles,
        std::vector<ProductId> break_products,
        std::vector<std::vector<QuantityBreak>> breaks,
        std::vector<Promotion> promotions);

  Deals(Deals&&) = default;
  Deals& operator=(Deals&&) = default;
  Deals(const Deals&) = delete;
  Deals& operator=(const Deals&) = delete;

  bool empty() const {
    return bundles_.empty() && promotions_.empty() && break_rows_.empty();
  }

  const std::vector<Bundle>& bundles() const { return bundles_; }
  const std::vector<Promotion>& promotions() const { return promotions_; }
  // Quantity-break rows over all products.
  size_t quantity_break_count() const { return break_rows_.size(); }

  // Indexes into bundles() of the bundles `product` is a member of,
  // ascending.
  absl::Span<const uint32_t> BundlesOf(ProductId product) const;
  // The product's quantity breaks, ascending by min_quantity; empty when it
  // has none.
  absl::Span<const QuantityBreak> BreaksOf(ProductId product) const;
  // Indexes into promotions() of the promotions for `product` (its own and
  // its category's), ascending; whether each is valid now is the caller's
  // question.
  absl::Span<const uint32_t> PromotionsOf(ProductId product) const;

  // Starts loading the index entries BundlesOf, BreaksOf and PromotionsOf
  // will read for `product`, so that the cache misses of several products'
  // lookups overlap: prefetch them all, then look them up.
  void Prefetch(ProductId product) const {
    const size_t next = size_t{product} + 1;
    if (next < bundle_offsets_.size()) __builtin_prefetch(&bundle_offsets_[product]);
    if (next < break_offsets_.size()) __builtin_prefetch(&break_offsets_[product]);
    if (next < promotion_offsets_.size()) {
      __builtin_prefetch(&promotion_offsets_[product]);
    }
  }

  // Heap bytes held, for metrics at load.
  size_t MemoryBytes() const;

 private:
  std::vector<Bundle> bundles_;
  std::vector<Promotion> promotions_;
  // CSR indexes: entries of product p are [offsets[p], offsets[p + 1]).
  // Empty offsets vectors mean no entries for any product.
  std::vector<uint32_t> bundle_offsets_;
  std::vector<uint32_t> bundle_index_;
  std::vector<uint32_t> break_offsets_;
  std::vector<QuantityBreak> break_rows_;
  std::vector<uint32_t> promotion_offsets_;
  std::vector<uint32_t> promotion_index_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_DEALS_H_
