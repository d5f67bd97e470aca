#include "mine/bundles.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/str_format.h"
#include "mine/association.h"
#include "mine/frequent_items.h"
#include "mine/rule_stats.h"

namespace offergraph::mine {
namespace {

constexpr uint32_t kNone = kNotFrequent;
using Key = std::array<uint32_t, kMaxBundleSize>;  // ascending, kNone-padded

using Db = DenseBaskets;

// Visits every itemset of up to `max_size` dense items with support >=
// `min_support`, depth-first, each set's items ascending (the sets come in
// no particular order: the callers sort what they keep). Supports are exact
// for sets of `min_len` items or more; smaller sets are visited with a count
// over the baskets that could still hold a set of min_len items (a lower
// bound, good for pruning only). Not thread-safe.
class ItemsetWalker {
 public:
  using Visit =
      absl::FunctionRef<void(const uint32_t* items, int k, int64_t support)>;

  ItemsetWalker(uint32_t item_count, int64_t min_support, int max_size,
                int min_len)
      : min_support_(min_support), max_size_(max_size), min_len_(min_len) {
    levels_.resize(max_size);
    for (Level& l : levels_) {
      l.count.assign(item_count, 0);
      l.fill.assign(item_count, 0);
    }
  }

  void Run(const Db& db, Visit visit) { Expand(db, 0, visit); }

 private:
  struct Level {
    std::vector<uint32_t> count;    // by item: baskets of this level's db
    std::vector<uint32_t> fill;     // by item: next occurrence slot
    std::vector<uint32_t> touched;  // items with count > 0, first seen first
    std::vector<uint32_t> occ_pos;  // per occurrence: position in db.items
    std::vector<uint32_t> occ_end;  // ... and the end of its basket
    Db sub;                         // the next level's db, one prefix at a time
  };

  // `db` holds the baskets that contain the current prefix (of `depth`
  // items), each cut to its items after the prefix's last.
  void Expand(const Db& db, int depth, Visit visit) {
    Level& l = levels_[depth];
    for (uint32_t p = 0; p < db.off.back(); ++p) {
      const uint32_t x = db.items[p];
      if (l.count[x]++ == 0) l.touched.push_back(x);
    }
    const bool deeper = depth + 1 < max_size_;
    if (deeper) {
      // Occurrence lists of the frequent items (counting sort).
      uint32_t total = 0;
      for (uint32_t x : l.touched) {
        if (l.count[x] < min_support_) continue;
        l.fill[x] = total;
        total += l.count[x];
      }
      l.occ_pos.resize(total);
      l.occ_end.resize(total);
      for (size_t b = 0; b < db.size(); ++b) {
        for (uint32_t p = db.off[b]; p < db.off[b + 1]; ++p) {
          const uint32_t x = db.items[p];
          if (l.count[x] < min_support_) continue;
          const uint32_t slot = l.fill[x]++;
          l.occ_pos[slot] = p;
          l.occ_end[slot] = db.off[b + 1];
        }
      }
    }
    // A sub-basket shorter than this cannot hold a set of min_len items.
    const uint32_t min_rest =
        static_cast<uint32_t>(std::max(1, min_len_ - (depth + 1)));
    for (uint32_t x : l.touched) {
      const uint32_t support = l.count[x];
      if (support < min_support_) continue;
      prefix_[depth] = x;
      visit(prefix_.data(), depth + 1, support);
      if (!deeper) continue;
      // x's sub-baskets are suffixes of distinct baskets of `db`, so they
      // fit in db's length: written through a pointer, no capacity checks.
      if (l.sub.items.size() < db.off.back()) l.sub.items.resize(db.off.back());
      uint32_t* const out = l.sub.items.data();
      uint32_t n = 0;
      l.sub.off.assign(1, 0);
      const uint32_t end = l.fill[x];  // after the fill: one past x's last
      for (uint32_t k = end - support; k < end; ++k) {
        const uint32_t before = n;
        for (uint32_t p = l.occ_pos[k] + 1; p < l.occ_end[k]; ++p) {
          const uint32_t y = db.items[p];
          out[n] = y;
          n += l.count[y] >= min_support_ ? 1 : 0;
        }
        if (n - before < min_rest) {
          n = before;
        } else {
          l.sub.off.push_back(n);
        }
      }
      if (static_cast<int64_t>(l.sub.size()) >= min_support_) {
        Expand(l.sub, depth + 1, visit);
      }
    }
    for (uint32_t x : l.touched) l.count[x] = 0;
    l.touched.clear();
  }

  const int64_t min_support_;
  const int max_size_;
  const int min_len_;
  std::vector<Level> levels_;
  std::array<uint32_t, kMaxBundleSize> prefix_{};
};

Key MakeKey(const uint32_t* items, int k) {
  Key key;
  key.fill(kNone);
  std::copy(items, items + k, key.begin());
  return key;
}

// The dense ids of `key` without the one at `skip` (kNone-padded).
Key Without(const Key& key, int size, int skip) {
  Key out;
  out.fill(kNone);
  for (int i = 0, j = 0; i < size; ++i) {
    if (i != skip) out[j++] = key[i];
  }
  return out;
}

}  // namespace

std::string BundleOptionsError(const BundleOptions& o) {
  if (o.min_support < 1) return "--bundle_min_support must be at least 1";
  if (o.max_size < 3 || o.max_size > kMaxBundleSize) {
    return absl::StrFormat("--bundle_max_size must be in [3, %d]",
                           kMaxBundleSize);
  }
  if (o.min_lift < 0) return "--bundle_min_lift must not be negative";
  if (o.max_count < 0) return "--bundle_max_count must not be negative";
  return "";
}

BundleResult MineBundles(const Baskets& baskets, const BundleOptions& options) {
  BundleResult out;
  out.orders = static_cast<int64_t>(baskets.order_count());
  out.item_support = ItemSupport(baskets);
  const FrequentItems frequent = SelectFrequentItems(
      out.item_support, options.min_support, options.allowed);
  const std::vector<uint32_t>& original = frequent.original;
  const uint32_t f = frequent.count();
  out.frequent_items = f;
  std::vector<int64_t> dense_support(f);
  for (uint32_t d = 0; d < f; ++d) {
    dense_support[d] = out.item_support[original[d]];
  }

  // 1. Every set of 3..max_size items over min_support and min_lift.
  struct Candidate {
    Key key;  // dense ids
    int size;
    int64_t support;
    double lift;
  };
  std::vector<Candidate> candidates;
  {
    const Db db = FilterBaskets(baskets, frequent, 3);
    ItemsetWalker walker(f, options.min_support, options.max_size, 3);
    int64_t supports[kMaxBundleSize];
    walker.Run(db, [&](const uint32_t* set, int k, int64_t support) {
      if (k < 3) return;
      ++out.frequent_itemsets;
      for (int i = 0; i < k; ++i) supports[i] = dense_support[set[i]];
      const double lift = ItemsetLift(support, out.orders, supports, k);
      if (lift < options.min_lift) return;
      candidates.push_back({MakeKey(set, k), k, support, lift});
    });
  }
  out.over_thresholds = static_cast<int64_t>(candidates.size());

  // 2. Leave out a set when a passing superset has the same support: the
  // largest passing superset support of each proper subset of 3+ items.
  if (options.max_size > 3) {
    absl::flat_hash_map<Key, int64_t> superset_support;
    for (const Candidate& c : candidates) {
      if (c.size < 4) continue;
      for (uint32_t mask = 0; mask < (1u << c.size); ++mask) {
        const int bits = __builtin_popcount(mask);
        if (bits < 3 || bits == c.size) continue;
        Key sub;
        sub.fill(kNone);
        for (int i = 0, j = 0; i < c.size; ++i) {
          if (mask & (1u << i)) sub[j++] = c.key[i];
        }
        int64_t& s = superset_support[sub];
        s = std::max(s, c.support);
      }
    }
    size_t w = 0;
    for (const Candidate& c : candidates) {
      auto it = superset_support.find(c.key);
      if (it != superset_support.end() && it->second == c.support) {
        ++out.not_closed;
        continue;
      }
      candidates[w++] = c;
    }
    candidates.resize(w);
  }

  // 3. Rank and cut.
  const std::vector<uint32_t> rank = SkuRanks(baskets.skus);
  auto sku_order = [&](const Candidate& c) {
    std::array<uint32_t, kMaxBundleSize> r;
    r.fill(kNone);
    for (int i = 0; i < c.size; ++i) r[i] = rank[original[c.key[i]]];
    std::sort(r.begin(), r.end());  // the kNone padding stays last
    return r;  // so a prefix sorts first, as with strings
  };
  std::sort(candidates.begin(), candidates.end(),
            [&](const Candidate& a, const Candidate& b) {
              const double sa = static_cast<double>(a.support) * a.lift;
              const double sb = static_cast<double>(b.support) * b.lift;
              if (sa != sb) return sa > sb;
              if (a.lift != b.lift) return a.lift > b.lift;
              return sku_order(a) < sku_order(b);
            });
  if (options.max_count > 0 &&
      candidates.size() > static_cast<size_t>(options.max_count)) {
    candidates.resize(static_cast<size_t>(options.max_count));
  }

  // 4. Supports of the kept sets' (k-1)-subsets, for confidence.
  absl::flat_hash_map<Key, int64_t> subset_support;
  int largest = 0;
  for (const Candidate& c : candidates) {
    largest = std::max(largest, c.size);
    for (int m = 0; m < c.size; ++m) subset_support[Without(c.key, c.size, m)];
  }
  if (largest > 0) {
    const Db db = FilterBaskets(baskets, frequent, 2);
    ItemsetWalker walker(f, options.min_support, largest - 1, 2);
    walker.Run(db, [&](const uint32_t* set, int k, int64_t support) {
      if (k < 2) return;
      auto it = subset_support.find(MakeKey(set, k));
      if (it != subset_support.end()) it->second = support;
    });
  }

  out.bundles.reserve(candidates.size());
  for (const Candidate& c : candidates) {
    Itemset s;
    s.size = c.size;
    s.support = c.support;
    s.lift = c.lift;
    int64_t weakest = 0;
    for (int m = 0; m < c.size; ++m) {
      s.items[m] = original[c.key[m]];
      const int64_t rest = subset_support[Without(c.key, c.size, m)];
      if (m == 0 || rest < weakest) weakest = rest;
    }
    s.confidence = RuleConfidence(c.support, weakest);
    out.bundles.push_back(s);
  }
  return out;
}

}  // namespace offergraph::mine
