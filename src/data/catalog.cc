#include "offergraph/data/catalog.h"

#include <utility>

namespace offergraph {

Catalog::Catalog(std::vector<Product> products)
    : products_(std::move(products)) {
  index_.reserve(products_.size());
  for (ProductId id = 0; id < products_.size(); ++id) {
    index_.try_emplace(products_[id].sku, id);
  }
}

ProductId Catalog::Find(absl::string_view sku) const {
  auto it = index_.find(sku);
  return it == index_.end() ? kNoProduct : it->second;
}

}  // namespace offergraph
