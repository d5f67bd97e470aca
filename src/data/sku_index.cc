#include "data/sku_index.h"

#include <algorithm>
#include <cstring>

#include "absl/hash/hash.h"

namespace offergraph {

uint64_t SkuIndex::Hash(absl::string_view sku) {
  return absl::Hash<absl::string_view>{}(sku);
}

SkuIndex::SkuIndex(const Catalog& catalog) {
  size_t capacity = 16;
  while (capacity < catalog.size() * 2) capacity *= 2;  // load <= 0.5
  slots_.resize(capacity);
  mask_ = capacity - 1;
  size_t bytes = 0;
  for (const Product& p : catalog.products()) {
    if (p.sku.size() > kInline) bytes += p.sku.size() - kInline;
  }
  arena_.reserve(bytes);
  for (ProductId id = 0; id < catalog.size(); ++id) {
    const std::string& sku = catalog.product(id).sku;
    if (Find(sku) != kNoProduct) continue;  // first one wins
    const uint64_t h = Hash(sku);
    uint64_t i = h & mask_;
    while (slots_[i].id != kNoProduct) i = (i + 1) & mask_;
    Slot& slot = slots_[i];
    slot.tag = static_cast<uint32_t>(h >> 32);
    slot.id = id;
    slot.offset = static_cast<uint32_t>(arena_.size());
    slot.size = static_cast<uint32_t>(sku.size());
    const size_t head = std::min(sku.size(), kInline);
    std::memcpy(slot.head, sku.data(), head);
    if (sku.size() > kInline) arena_.append(sku, kInline, std::string::npos);
  }
}

ProductId SkuIndex::Find(absl::string_view sku) const {
  const uint64_t h = Hash(sku);
  const uint32_t tag = static_cast<uint32_t>(h >> 32);
  const size_t head = std::min(sku.size(), kInline);
  for (uint64_t i = h & mask_;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.id == kNoProduct) return kNoProduct;
    if (s.tag == tag && s.size == sku.size() &&
        std::memcmp(s.head, sku.data(), head) == 0 &&
        (sku.size() <= kInline ||
         absl::string_view(arena_.data() + s.offset, s.size - kInline) ==
             sku.substr(kInline))) {
      return s.id;
    }
  }
}

}  // namespace offergraph
