#include "mine/evaluator.h"

#include <algorithm>
#include <memory>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "mine/split.h"
#include "offergraph/contact_history.h"
#include "offergraph/engine.h"

namespace offergraph::mine {
namespace {

constexpr size_t kMaxRecommendations = 10;

}  // namespace

std::vector<Product> PlaceholderCatalog(const Baskets& baskets) {
  std::vector<Product> products;
  products.reserve(baskets.skus.size());
  for (const std::string& sku : baskets.skus) {
    Product p;
    p.sku = sku;
    p.name = sku;
    p.currency = "USD";
    products.push_back(std::move(p));
  }
  return products;
}

SnapshotPtr BuildSnapshot(std::vector<Product> products,
                          const std::vector<std::pair<ProductId, Edge>>& edges,
                          const RuleParams& rules) {
  auto s = std::make_shared<Snapshot>();
  s->catalog = Catalog(std::move(products));
  OfferGraph::Builder graph(s->catalog.size());
  for (const auto& [from, edge] : edges) {
    graph.Add(EdgeKind::kCrossSell, from, edge);
  }
  s->graph = std::move(graph).Build();
  s->rules = rules;
  s->version = "eval";
  return s;
}

absl::StatusOr<EvalReport> Evaluate(const Baskets& baskets,
                                    const std::vector<Product>& products,
                                    const EvalConfig& config) {
  if (!(config.test_share > 0 && config.test_share < 1)) {
    return absl::InvalidArgumentError("test_share must be in (0, 1)");
  }
  if (config.validation) {
    // Drop the test side unseen; the train side is split again below.
    const Baskets train_side = baskets.Select([&](size_t o) {
      return !IsTestOrder(baskets.order_ids[o], config.seed, config.test_share);
    });
    EvalConfig inner = config;
    inner.validation = false;
    inner.seed = config.seed + 1;
    return Evaluate(train_side, products, inner);
  }
  EvalReport report;
  std::vector<bool> is_test(baskets.order_count());
  for (size_t o = 0; o < baskets.order_count(); ++o) {
    is_test[o] =
        IsTestOrder(baskets.order_ids[o], config.seed, config.test_share);
  }
  const Baskets train = baskets.Select([&](size_t o) { return !is_test[o]; });
  report.train_orders = static_cast<int64_t>(train.order_count());
  report.test_orders =
      static_cast<int64_t>(baskets.order_count() - train.order_count());
  const MineResult mined = MineRules(train, config.mine);

  // Item id -> catalog product.
  const Catalog lookup{std::vector<Product>(products)};
  report.catalog_size = static_cast<int64_t>(lookup.size());
  std::vector<ProductId> pid(baskets.skus.size());
  for (size_t i = 0; i < pid.size(); ++i) pid[i] = lookup.Find(baskets.skus[i]);

  std::vector<std::pair<ProductId, Edge>> edges;
  // Per source product, its mined targets best first (single anchor).
  std::vector<std::vector<ProductId>> top(lookup.size());
  for (const Rule& r : mined.rules) {
    const ProductId from = pid[r.from], to = pid[r.to];
    if (from == kNoProduct || to == kNoProduct) continue;
    Edge e;
    e.to = to;
    e.weight = static_cast<float>(r.confidence);
    e.lift = static_cast<float>(r.lift);
    edges.emplace_back(from, e);
    top[from].push_back(to);
  }
  report.edges = static_cast<int64_t>(edges.size());

  // Popularity: train support, ties by sku.
  std::vector<int64_t> support(lookup.size(), 0);
  for (size_t i = 0; i < pid.size(); ++i) {
    if (pid[i] != kNoProduct) support[pid[i]] = mined.item_support[i];
  }
  std::vector<ProductId> popular(lookup.size());
  std::iota(popular.begin(), popular.end(), 0);
  std::stable_sort(popular.begin(), popular.end(),
                   [&](ProductId a, ProductId b) {
                     if (support[a] != support[b])
                       return support[a] > support[b];
                     return lookup.product(a).sku < lookup.product(b).sku;
                   });
  popular.resize(std::min<size_t>(popular.size(), 200));

  SnapshotPtr with = BuildSnapshot(products, edges, config.rules);
  RuleParams open = config.rules;
  open.min_weight = 0;
  open.min_lift = 0;
  open.min_affinity = 0;
  SnapshotPtr without = BuildSnapshot(products, edges, open);
  std::vector<SnapshotPtr> variants;
  std::vector<RankingMetrics> variant_m;
  for (const auto& [name, rules] : config.variants) {
    variants.push_back(BuildSnapshot(products, edges, rules));
    variant_m.emplace_back(lookup.size());
  }

  RankingMetrics pop_m(lookup.size()), anchor_m(lookup.size()),
      og_m(lookup.size()), open_m(lookup.size());
  const ContactHistory history;
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  DecisionInput input;
  input.channel = v1::CHECKOUT;
  input.want_cross_sell = true;
  input.want_upsell = false;
  // Held-out orders are scored against products: no bundles or quantity
  // offers (whose RankedOffer::product names no single product).
  input.want_bundle = false;
  input.want_quantity = false;
  input.max_offers = static_cast<int32_t>(kMaxRecommendations);
  std::vector<ProductId> order, rest, recs;
  auto decide = [&](const Snapshot& s) {
    recs.clear();
    Decision d = Decide(s, input, history, now);
    for (const RankedOffer& o : d.offers) recs.push_back(o.product);
  };
  auto in_cart = [&](ProductId p) {
    return std::binary_search(rest.begin(), rest.end(), p);
  };
  for (size_t o = 0; o < baskets.order_count(); ++o) {
    if (!is_test[o]) continue;
    if (config.max_test_orders > 0 &&
        report.test_orders_used >= config.max_test_orders) {
      break;
    }
    order.clear();
    for (uint32_t id : baskets.order(o)) {
      if (pid[id] != kNoProduct) order.push_back(pid[id]);
    }
    std::sort(order.begin(), order.end());
    order.erase(std::unique(order.begin(), order.end()), order.end());
    if (order.size() < 2) continue;
    ++report.test_orders_used;
    for (size_t held = 0; held < order.size(); ++held) {
      const ProductId target = order[held];
      rest.clear();
      for (size_t i = 0; i < order.size(); ++i) {
        if (i != held) rest.push_back(order[i]);
      }
      // Popularity.
      recs.clear();
      for (ProductId p : popular) {
        if (recs.size() == kMaxRecommendations) break;
        if (!in_cart(p)) recs.push_back(p);
      }
      pop_m.Add(recs, target);
      // Single anchor: the cart's most bought item.
      ProductId anchor = rest[0];
      for (ProductId p : rest) {
        if (support[p] > support[anchor] ||
            (support[p] == support[anchor] &&
             lookup.product(p).sku < lookup.product(anchor).sku)) {
          anchor = p;
        }
      }
      recs.clear();
      for (ProductId p : top[anchor]) {
        if (recs.size() == kMaxRecommendations) break;
        if (!in_cart(p)) recs.push_back(p);
      }
      anchor_m.Add(recs, target);
      // The engine, threshold on and off.
      input.cart.clear();
      for (ProductId p : rest) input.cart.push_back({p, 1});
      decide(*with);
      og_m.Add(recs, target);
      decide(*without);
      open_m.Add(recs, target);
      for (size_t v = 0; v < variants.size(); ++v) {
        decide(*variants[v]);
        variant_m[v].Add(recs, target);
      }
    }
  }
  report.methods = {{"popularity", pop_m.Result()},
                    {"single_anchor", anchor_m.Result()},
                    {"offergraph", og_m.Result()},
                    {"offergraph_no_threshold", open_m.Result()}};
  for (size_t v = 0; v < variants.size(); ++v) {
    report.methods.emplace_back(config.variants[v].first,
                                variant_m[v].Result());
  }
  return report;
}

std::string FormatEvalTable(const EvalReport& r) {
  std::string out = absl::StrFormat(
      "train orders %d, test orders %d (%d used), queries %d, edges %d, "
      "catalog %d\n",
      r.train_orders, r.test_orders, r.test_orders_used,
      r.methods.empty() ? 0 : r.methods[0].second.queries, r.edges,
      r.catalog_size);
  out += absl::StrFormat("%-24s %7s %7s %7s %7s %7s %8s %7s %7s %8s\n",
                         "method", "HR@1", "HR@3", "HR@10", "NDCG@3", "NDCG@10",
                         "coverage", "empty", "offers", "hit/offer");
  for (const auto& [name, m] : r.methods) {
    out += absl::StrFormat(
        "%-24s %7.4f %7.4f %7.4f %7.4f %7.4f %8.4f %7.4f %7.2f %8.4f\n", name,
        m.hit_rate[0], m.hit_rate[1], m.hit_rate[2], m.ndcg[1], m.ndcg[2],
        m.coverage, m.empty_share, m.mean_offers, m.hits_per_offer);
  }
  return out;
}

std::string FormatEvalJson(const EvalReport& r) {
  std::string out = "{\"methods\": {";
  for (size_t i = 0; i < r.methods.size(); ++i) {
    const MethodMetrics& m = r.methods[i].second;
    absl::StrAppend(&out, i > 0 ? ", " : "", "\"", r.methods[i].first, "\": {");
    for (size_t c = 0; c < kCutoffs.size(); ++c) {
      absl::StrAppend(&out, absl::StrFormat("\"hit_rate@%d\": %.6g, ",
                                            kCutoffs[c], m.hit_rate[c]));
    }
    for (size_t c = 0; c < kCutoffs.size(); ++c) {
      absl::StrAppend(
          &out, absl::StrFormat("\"ndcg@%d\": %.6g, ", kCutoffs[c], m.ndcg[c]));
    }
    absl::StrAppend(
        &out,
        absl::StrFormat("\"coverage\": %.6g, \"empty_share\": %.6g, "
                        "\"mean_offers\": %.6g, \"hits_per_offer\": %.6g, "
                        "\"queries\": %d}",
                        m.coverage, m.empty_share, m.mean_offers,
                        m.hits_per_offer, m.queries));
  }
  absl::StrAppend(
      &out,
      absl::StrFormat("}, \"split\": {\"train_orders\": %d, \"test_orders\": "
                      "%d, \"test_orders_used\": %d, \"edges\": %d, "
                      "\"catalog_size\": %d}}\n",
                      r.train_orders, r.test_orders, r.test_orders_used,
                      r.edges, r.catalog_size));
  return out;
}

}  // namespace offergraph::mine
