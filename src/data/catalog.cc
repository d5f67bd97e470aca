#include "offergraph/catalog.h"

#include <string>
#include <utility>

#include "util/money.h"

namespace offergraph {

Catalog::Catalog(std::vector<Product> products)
    : products_(std::move(products)) {
  index_.reserve(products_.size());
  facts_.reserve(products_.size());
  // A catalog is nearly always in one currency: look each run up once.
  absl::string_view currency;
  uint8_t exponent = 2;
  uint32_t key = 0;
  for (ProductId id = 0; id < products_.size(); ++id) {
    const Product& p = products_[id];
    index_.try_emplace(p.sku, id);
    if (id == 0 || p.currency != currency) {
      currency = p.currency;
      exponent = static_cast<uint8_t>(CurrencyExponent(currency));
      key = CurrencyKey(currency);
    }
    facts_.push_back({p.price, p.margin, p.in_stock, exponent, key});
  }
}

size_t Catalog::MemoryBytes() const {
  // A string whose capacity exceeds the empty string's keeps its characters
  // on the heap.
  static const size_t kInline = std::string().capacity();
  auto heap = [](const std::string& s) {
    return s.capacity() > kInline ? s.capacity() + 1 : 0;
  };
  size_t bytes = products_.capacity() * sizeof(Product) +
                 facts_.capacity() * sizeof(ProductFacts);
  for (const Product& p : products_) {
    bytes += heap(p.sku) + heap(p.name) + heap(p.category) + heap(p.currency) +
             heap(p.product_line) + heap(p.pitch);
  }
  bytes +=
      index_.capacity() * (sizeof(std::pair<absl::string_view, ProductId>) + 1);
  return bytes;
}

ProductId Catalog::Find(absl::string_view sku) const {
  auto it = index_.find(sku);
  return it == index_.end() ? kNoProduct : it->second;
}

}  // namespace offergraph
