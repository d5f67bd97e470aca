#include "mine/association.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "mine/frequent_items.h"
#include "mine/rule_stats.h"

namespace offergraph::mine {

std::vector<uint32_t> SkuRanks(const std::vector<std::string>& skus) {
  std::vector<uint32_t> by_sku(skus.size());
  std::iota(by_sku.begin(), by_sku.end(), 0);
  std::sort(by_sku.begin(), by_sku.end(),
            [&](uint32_t a, uint32_t b) { return skus[a] < skus[b]; });
  std::vector<uint32_t> rank(skus.size());
  for (uint32_t r = 0; r < by_sku.size(); ++r) rank[by_sku[r]] = r;
  return rank;
}

MineResult MineRules(const Baskets& baskets, const MineOptions& options) {
  MineResult out;
  out.orders = static_cast<int64_t>(baskets.order_count());
  out.item_support = ItemSupport(baskets);

  // Dense ids for frequent items only; baskets over them (CSR), skipping
  // those with fewer than two.
  const int64_t min_support = std::max<int64_t>(1, options.min_support);
  const FrequentItems frequent =
      SelectFrequentItems(out.item_support, min_support, {});
  const std::vector<uint32_t>& original = frequent.original;
  const uint32_t f = frequent.count();
  out.frequent_items = f;
  const DenseBaskets filtered = FilterBaskets(baskets, frequent, 2);
  const std::vector<uint32_t>& b_off = filtered.off;
  const std::vector<uint32_t>& b_items = filtered.items;
  // For each frequent item, where it sits in each basket that holds it
  // (the basket's later items are the pairs it leads).
  std::vector<uint32_t> t_off(f + 1, 0);
  for (uint32_t d : b_items) ++t_off[d + 1];
  for (uint32_t d = 0; d < f; ++d) t_off[d + 1] += t_off[d];
  std::vector<uint32_t> t_pos(b_items.size());
  std::vector<uint32_t> t_end(b_items.size());
  {
    std::vector<uint32_t> fill(t_off.begin(), t_off.end() - 1);
    for (size_t t = 0; t + 1 < b_off.size(); ++t) {
      for (uint32_t p = b_off[t]; p < b_off[t + 1]; ++p) {
        const uint32_t slot = fill[b_items[p]]++;
        t_pos[slot] = p;
        t_end[slot] = b_off[t + 1];
      }
    }
  }

  auto emit = [&](uint32_t a, uint32_t b, int64_t s) {
    const int64_t sa = out.item_support[a];
    const double conf = RuleConfidence(s, sa);
    const double lift = RuleLift(s, out.orders, sa, out.item_support[b]);
    if (conf >= options.min_confidence && lift >= options.min_lift) {
      out.rules.push_back({a, b, s, conf, lift});
    }
  };

  std::vector<uint32_t> count(f, 0);
  std::vector<uint32_t> touched;
  for (uint32_t a = 0; a < f; ++a) {
    touched.clear();
    for (uint32_t k = t_off[a]; k < t_off[a + 1]; ++k) {
      for (uint32_t p = t_pos[k] + 1; p < t_end[k]; ++p) {
        const uint32_t b = b_items[p];
        if (count[b]++ == 0) touched.push_back(b);
      }
    }
    out.pairs_counted += static_cast<int64_t>(touched.size());
    for (uint32_t b : touched) {
      const int64_t s = count[b];
      count[b] = 0;
      if (s < min_support) continue;
      ++out.pairs_frequent;
      emit(original[a], original[b], s);
      emit(original[b], original[a], s);
    }
  }
  out.rules_before_top_k = static_cast<int64_t>(out.rules.size());

  const std::vector<uint32_t> rank = SkuRanks(baskets.skus);
  std::sort(out.rules.begin(), out.rules.end(),
            [&](const Rule& x, const Rule& y) {
              if (x.from != y.from) return rank[x.from] < rank[y.from];
              if (x.confidence != y.confidence) {
                return x.confidence > y.confidence;
              }
              return rank[x.to] < rank[y.to];
            });
  if (options.top_k > 0) {
    size_t w = 0;
    int64_t run = 0;
    for (size_t i = 0; i < out.rules.size(); ++i) {
      run = (i > 0 && out.rules[i].from == out.rules[i - 1].from) ? run + 1 : 0;
      if (run < options.top_k) out.rules[w++] = out.rules[i];
    }
    out.rules.resize(w);
  }
  return out;
}

}  // namespace offergraph::mine
