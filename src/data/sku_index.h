// File: sku_index.h
// -----------------------------------------------------------------------------
// A compact sku -> ProductId lookup for bulk loading, built from a Catalog.
//
// Catalog::Find serves requests well, but the edges loader looks up two skus
// per row for tens of millions of rows, at random. This index keeps the skus
// (up to 16 bytes of each) in the table's own 32-byte slots and the rest in
// one contiguous arena (about 70 MB for a million products instead of the
// catalog's several hundred, on huge pages), so a lookup of a short sku
// touches one cache line and rarely misses the TLB.
//
// Example:
//   SkuIndex index(catalog);
//   ProductId id = index.Find("LAPTOP-14");  // kNoProduct when unknown
#ifndef OFFERGRAPH_DATA_SKU_INDEX_H_
#define OFFERGRAPH_DATA_SKU_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "offergraph/catalog.h"

namespace offergraph {

// Immutable after construction; safe for concurrent readers. Does not refer
// to the catalog after construction.
class SkuIndex {
 public:
  explicit SkuIndex(const Catalog& catalog);

  // The id of `sku`, or kNoProduct. When the catalog holds a sku twice, the
  // first one.
  ProductId Find(absl::string_view sku) const;

 private:
  // 32 bytes, two to a cache line: a sku of up to kInline bytes is
  // compared in the slot itself, so a lookup usually touches one line.
  static constexpr size_t kInline = 16;
  struct Slot {
    uint32_t tag = 0;  // high bits of the hash
    ProductId id = kNoProduct;
    uint32_t offset = 0;  // of the bytes past kInline in arena_
    uint32_t size = 0;
    char head[kInline] = {};  // the sku's first bytes, zero-padded
  };

  static uint64_t Hash(absl::string_view sku);

  std::string arena_;
  std::vector<Slot> slots_;  // open addressing, linear probing
  uint64_t mask_ = 0;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_SKU_INDEX_H_
