#include "tools/datagen.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <numeric>
#include <random>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/csv_writer.h"

namespace offergraph {
namespace tools {
namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t Next() { return engine_(); }
  double Uniform01() { return (engine_() >> 11) * 0x1.0p-53; }
  int64_t Below(int64_t n) { return static_cast<int64_t>(engine_() % n); }

 private:
  std::mt19937_64 engine_;
};

struct Product {
  int32_t line = 0;
  int8_t tier = 0;
};

// Out-degree per popularity rank: proportional to (r + v)^-s, capped, summing
// exactly to `edges` (the rounding remainder goes one by one to the most
// popular ranks still under the cap).
std::vector<int64_t> DegreesByRank(const DataGenOptions& o) {
  const int64_t n = o.products;
  std::vector<double> w(n);
  double total = 0;
  for (int64_t r = 0; r < n; ++r) {
    w[r] = std::pow(static_cast<double>(r) + o.zipf_v, -o.zipf_s);
    total += w[r];
  }
  std::vector<int64_t> degree(n);
  int64_t assigned = 0;
  for (int64_t r = 0; r < n; ++r) {
    degree[r] = std::min<int64_t>(
        o.max_out_degree,
        static_cast<int64_t>(static_cast<double>(o.edges) * w[r] / total));
    assigned += degree[r];
  }
  while (assigned < o.edges) {
    for (int64_t r = 0; r < n && assigned < o.edges; ++r) {
      if (degree[r] < o.max_out_degree) {
        ++degree[r];
        ++assigned;
      }
    }
  }
  return degree;
}

}  // namespace

std::string GeneratedSku(int64_t index) {
  std::string sku;
  AppendSku(index, &sku);
  return sku;
}

absl::StatusOr<DataGenStats> GenerateData(const DataGenOptions& o) {
  const int64_t n = o.products;
  if (n < 2 || n >= 100000000) {
    return absl::InvalidArgumentError("products: must be in [2, 10^8)");
  }
  if (o.edges < 0 || o.category_size < 1 || o.max_out_degree < 1 ||
      o.zipf_s < 0 || o.zipf_v <= 0 || o.upsell_share < 0 ||
      o.upsell_share > 1) {
    return absl::InvalidArgumentError("bad edges, category or Zipf options");
  }
  const int64_t cap = std::min<int64_t>(o.max_out_degree, (n - 1) / 2);
  if (o.edges > cap * n) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "edges: %d exceed %d products x out-degree cap %d", o.edges, n, cap));
  }
  if (absl::Status s = CheckDealsGenOptions(n, o.category_size, o.deals);
      !s.ok()) {
    return s;
  }
  DataGenOptions opts = o;
  opts.max_out_degree = cap;
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat("cannot create ", o.out_dir, ": ", ec.message()));
  }

  Rng rng(o.seed);
  DataGenStats stats;
  stats.products = n;

  // Catalog: lines of 1..4 consecutive products, tiers 1..k; each tier costs
  // 30% more than the one below it.
  std::vector<Product> products(n);
  absl::StatusOr<std::unique_ptr<BufferedFile>> catalog =
      BufferedFile::Open(o.out_dir + "/catalog.csv");
  if (!catalog.ok()) return catalog.status();
  std::string& cb = (*catalog)->buffer();
  cb.append(
      "sku,name,category,price,currency,in_stock,margin,product_line,tier,"
      "pitch\n");
  int64_t line = -1;
  int line_size = 0;
  int tier = 0;
  int64_t base_cents = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (tier == line_size) {
      ++line;
      const double u = rng.Uniform01();
      line_size = u < 0.3 ? 1 : u < 0.6 ? 2 : u < 0.85 ? 3 : 4;
      tier = 0;
      base_cents = 199 + rng.Below(20000);
    }
    ++tier;
    products[i] = {static_cast<int32_t>(line), static_cast<int8_t>(tier)};
    const int64_t price = base_cents * (10 + 3 * (tier - 1)) / 10;
    AppendSku(i, &cb);
    absl::StrAppend(&cb, ",Product ", i, ",cat-", i / o.category_size, ",");
    AppendFixed(price, 2, &cb);
    cb.append(rng.Below(100) < 97 ? ",USD,true," : ",USD,false,");
    AppendFixed(10 + rng.Below(41), 2, &cb);
    absl::StrAppend(&cb, ",L", line, ",", tier, ",");
    if (rng.Below(5) == 0) {
      absl::StrAppend(&cb, "Tier ", tier, " of line ", line);
    }
    cb.push_back('\n');
    if (absl::Status s = (*catalog)->MaybeFlush(); !s.ok()) return s;
  }
  stats.product_lines = line + 1;
  stats.catalog_bytes = (*catalog)->bytes();
  if (absl::Status s = (*catalog)->Close(); !s.ok()) return s;

  // Popularity: a random permutation maps rank -> product, so the heavy
  // sources are spread over the catalog.
  std::vector<int32_t> by_rank(n);
  std::iota(by_rank.begin(), by_rank.end(), 0);
  for (int64_t i = n - 1; i > 0; --i) {
    std::swap(by_rank[i], by_rank[rng.Below(i + 1)]);
  }
  const std::vector<int64_t> degree_by_rank = DegreesByRank(opts);
  std::vector<int64_t> degree(n);
  for (int64_t r = 0; r < n; ++r) degree[by_rank[r]] = degree_by_rank[r];

  absl::StatusOr<std::unique_ptr<BufferedFile>> edges =
      BufferedFile::Open(o.out_dir + "/edges.csv");
  if (!edges.ok()) return edges.status();
  std::string& eb = (*edges)->buffer();
  eb.append("from_sku,to_sku,kind,weight,lift\n");
  const double log_n = std::log(static_cast<double>(n));
  absl::flat_hash_set<int64_t> seen;  // (target << 1) | is_upsell
  for (int64_t from = 0; from < n; ++from) {
    const int64_t d = degree[from];
    if (d == 0) continue;
    ++stats.sources_with_edges;
    stats.max_out_degree = std::max(stats.max_out_degree, d);
    seen.clear();
    const int64_t cat_begin = from / o.category_size * o.category_size;
    const int64_t cat_size = std::min(o.category_size, n - cat_begin);
    for (int64_t e = 0; e < d;) {
      int64_t to = -1;
      bool upsell = false;
      if (rng.Uniform01() < o.upsell_share) {
        // An explicit upgrade: a higher tier in the same category.
        for (int attempt = 0; attempt < 8 && to < 0; ++attempt) {
          const int64_t c = cat_begin + rng.Below(cat_size);
          if (products[c].tier > products[from].tier) to = c;
        }
        upsell = to >= 0;
      }
      if (to < 0) {
        // A complement: mostly a neighbour in the category, otherwise a
        // popular product (log-uniform rank, density ~ 1/rank).
        const double u = rng.Uniform01();
        if (u < 0.6 && static_cast<int64_t>(seen.size()) < cat_size / 2) {
          to = cat_begin + rng.Below(cat_size);
        } else if (u < 0.9) {
          to = by_rank[std::min<int64_t>(
              n - 1,
              static_cast<int64_t>(std::exp(rng.Uniform01() * log_n)) - 1)];
        } else {
          to = rng.Below(n);
        }
      }
      if (to == from || !seen.insert((to << 1) | (upsell ? 1 : 0)).second) {
        continue;  // draw again: no self-edges, no duplicates
      }
      ++e;
      AppendSku(from, &eb);
      eb.push_back(',');
      AppendSku(to, &eb);
      if (upsell) {
        ++stats.upsell_edges;
        eb.append(",upsell,");
      } else {
        ++stats.cross_sell_edges;
        eb.append(",cross_sell,");
      }
      const double u = rng.Uniform01();
      AppendFixed(10 + static_cast<int64_t>(990 * u * u), 3, &eb);
      eb.push_back(',');
      AppendFixed(80 + rng.Below(420), 2, &eb);
      eb.push_back('\n');
    }
    if (absl::Status s = (*edges)->MaybeFlush(); !s.ok()) return s;
  }
  stats.edges_bytes = (*edges)->bytes();
  if (absl::Status s = (*edges)->Close(); !s.ok()) return s;
  if (absl::Status s = GenerateDeals(o.out_dir, n, o.category_size, o.seed,
                                     o.deals, &stats.deals);
      !s.ok()) {
    return s;
  }

  std::vector<int64_t> sorted = degree;
  std::sort(sorted.begin(), sorted.end(), std::greater<int64_t>());
  const int64_t top = std::max<int64_t>(1, n / 100);
  int64_t top_edges = 0;
  for (int64_t i = 0; i < top; ++i) top_edges += sorted[i];
  stats.top1pct_edge_share =
      o.edges == 0 ? 0 : static_cast<double>(top_edges) / o.edges;
  return stats;
}

}  // namespace tools
}  // namespace offergraph
