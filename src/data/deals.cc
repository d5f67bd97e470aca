#include "offergraph/deals.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace offergraph {
namespace {

// Turns per-product counts into CSR offsets (size products + 1), or leaves
// them empty when there are no entries at all.
std::vector<uint32_t> Offsets(const std::vector<uint32_t>& counts) {
  std::vector<uint32_t> offsets;
  uint32_t total = 0;
  for (uint32_t c : counts) total += c;
  if (total == 0) return offsets;
  offsets.reserve(counts.size() + 1);
  offsets.push_back(0);
  for (uint32_t c : counts) offsets.push_back(offsets.back() + c);
  return offsets;
}

template <typename T>
absl::Span<const T> Row(const std::vector<uint32_t>& offsets,
                        const std::vector<T>& rows, ProductId product) {
  if (product + size_t{1} >= offsets.size()) return {};
  return absl::MakeConstSpan(rows.data() + offsets[product],
                             offsets[product + 1] - offsets[product]);
}

}  // namespace

Deals::Deals(const Catalog& catalog, std::vector<Bundle> bundles,
             std::vector<ProductId> break_products,
             std::vector<std::vector<QuantityBreak>> breaks,
             std::vector<Promotion> promotions)
    : bundles_(std::move(bundles)), promotions_(std::move(promotions)) {
  const size_t n = catalog.size();

  // Bundles by member.
  std::vector<uint32_t> counts(n, 0);
  for (const Bundle& b : bundles_) {
    for (const BundleMember& m : b.members) ++counts[m.product];
  }
  bundle_offsets_ = Offsets(counts);
  if (!bundle_offsets_.empty()) {
    bundle_index_.resize(bundle_offsets_.back());
    std::vector<uint32_t> next(bundle_offsets_.begin(),
                               bundle_offsets_.end() - 1);
    for (uint32_t i = 0; i < bundles_.size(); ++i) {
      for (const BundleMember& m : bundles_[i].members) {
        bundle_index_[next[m.product]++] = i;
      }
    }
  }

  // Breaks by product.
  counts.assign(n, 0);
  for (size_t i = 0; i < break_products.size(); ++i) {
    counts[break_products[i]] += static_cast<uint32_t>(breaks[i].size());
  }
  break_offsets_ = Offsets(counts);
  if (!break_offsets_.empty()) {
    break_rows_.resize(break_offsets_.back());
    std::vector<uint32_t> next(break_offsets_.begin(),
                               break_offsets_.end() - 1);
    for (size_t i = 0; i < break_products.size(); ++i) {
      for (const QuantityBreak& q : breaks[i]) {
        break_rows_[next[break_products[i]]++] = q;
      }
    }
  }

  // Promotions by product, a category's expanded to its products.
  absl::flat_hash_map<absl::string_view, std::vector<uint32_t>> by_category;
  for (uint32_t i = 0; i < promotions_.size(); ++i) {
    if (promotions_[i].product == kNoProduct) {
      by_category[promotions_[i].category].push_back(i);
    }
  }
  counts.assign(n, 0);
  for (const Promotion& p : promotions_) {
    if (p.product != kNoProduct) ++counts[p.product];
  }
  // Each product's category promotions, looked up once: the lookup reads
  // the product's row, a cache miss per product at a million products.
  std::vector<const std::vector<uint32_t>*> of_category;
  if (!by_category.empty()) {
    of_category.assign(n, nullptr);
    for (ProductId id = 0; id < n; ++id) {
      auto it = by_category.find(catalog.product(id).category);
      if (it != by_category.end()) {
        of_category[id] = &it->second;
        counts[id] += static_cast<uint32_t>(it->second.size());
      }
    }
  }
  promotion_offsets_ = Offsets(counts);
  if (!promotion_offsets_.empty()) {
    promotion_index_.resize(promotion_offsets_.back());
    std::vector<uint32_t> next(promotion_offsets_.begin(),
                               promotion_offsets_.end() - 1);
    for (uint32_t i = 0; i < promotions_.size(); ++i) {
      const ProductId p = promotions_[i].product;
      if (p != kNoProduct) promotion_index_[next[p]++] = i;
    }
    if (!of_category.empty()) {
      for (ProductId id = 0; id < n; ++id) {
        if (of_category[id] == nullptr) continue;
        for (uint32_t i : *of_category[id]) promotion_index_[next[id]++] = i;
        // Ascending promotion index per product.
        std::sort(promotion_index_.begin() + promotion_offsets_[id],
                  promotion_index_.begin() + promotion_offsets_[id + 1]);
      }
    }
  }
}

absl::Span<const uint32_t> Deals::BundlesOf(ProductId product) const {
  return Row(bundle_offsets_, bundle_index_, product);
}

absl::Span<const QuantityBreak> Deals::BreaksOf(ProductId product) const {
  return Row(break_offsets_, break_rows_, product);
}

absl::Span<const uint32_t> Deals::PromotionsOf(ProductId product) const {
  return Row(promotion_offsets_, promotion_index_, product);
}

size_t Deals::MemoryBytes() const {
  size_t bytes = 0;
  for (const Bundle& b : bundles_) {
    bytes += sizeof(Bundle) + b.members.capacity() * sizeof(BundleMember) +
             b.id.capacity() + b.name.capacity() + b.pitch.capacity();
  }
  for (const Promotion& p : promotions_) {
    bytes += sizeof(Promotion) + p.id.capacity() + p.category.capacity() +
             p.pitch.capacity();
  }
  bytes += (bundle_offsets_.capacity() + bundle_index_.capacity() +
            break_offsets_.capacity() + promotion_offsets_.capacity() +
            promotion_index_.capacity()) *
               sizeof(uint32_t) +
           break_rows_.capacity() * sizeof(QuantityBreak);
  return bytes;
}

}  // namespace offergraph
