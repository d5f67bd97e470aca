#include "mine/frequent_items.h"

namespace offergraph::mine {

std::vector<int64_t> ItemSupport(const Baskets& baskets) {
  std::vector<int64_t> support(baskets.skus.size(), 0);
  for (uint32_t id : baskets.items) ++support[id];
  return support;
}

FrequentItems SelectFrequentItems(const std::vector<int64_t>& support,
                                  int64_t min_support,
                                  const std::vector<bool>& allowed) {
  FrequentItems out;
  out.dense.assign(support.size(), kNotFrequent);
  for (uint32_t id = 0; id < support.size(); ++id) {
    if (support[id] >= min_support && (allowed.empty() || allowed[id])) {
      out.dense[id] = out.count();
      out.original.push_back(id);
    }
  }
  return out;
}

DenseBaskets FilterBaskets(const Baskets& baskets, const FrequentItems& items,
                           size_t min_len) {
  DenseBaskets out;
  out.items.reserve(baskets.items.size());
  for (size_t o = 0; o < baskets.order_count(); ++o) {
    const size_t before = out.items.size();
    for (uint32_t id : baskets.order(o)) {
      if (items.dense[id] != kNotFrequent) out.items.push_back(items.dense[id]);
    }
    if (out.items.size() - before < min_len) {
      out.items.resize(before);
    } else {
      out.off.push_back(static_cast<uint32_t>(out.items.size()));
    }
  }
  return out;
}

}  // namespace offergraph::mine
