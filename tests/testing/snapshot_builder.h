// File: snapshot_builder.h
// -----------------------------------------------------------------------------
// Builds small Snapshots in code for unit tests, without files:
//
//   SnapshotBuilder b;
//   b.Product("LAPTOP", 89900).Line("laptop", 1);
//   b.Product("BAG", 4900).Margin(0.4);
//   b.CrossSell("LAPTOP", "BAG", 0.4);
//   SnapshotPtr s = b.Build();
#ifndef OFFERGRAPH_TESTS_TESTING_SNAPSHOT_BUILDER_H_
#define OFFERGRAPH_TESTS_TESTING_SNAPSHOT_BUILDER_H_

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "offergraph/catalog.h"
#include "offergraph/deals.h"
#include "offergraph/offer_graph.h"
#include "offergraph/snapshot.h"
#include "util/money.h"

namespace offergraph::testing {

// Collects products (priced in USD cents unless Currency() says otherwise),
// edges and rule parameters, then builds a Snapshot through the Catalog
// constructor and OfferGraph::Builder, as the loaders do.
//
// Thread safety: not thread-safe; one per test. Built snapshots are
// immutable and independent of the builder.
class SnapshotBuilder {
 public:
  // Adds a product priced in USD cents; later calls refine it.
  SnapshotBuilder& Product(const std::string& sku, int64_t price) {
    offergraph::Product p;
    p.sku = sku;
    p.name = sku + " name";
    p.price = price;
    p.currency = "USD";
    p.pitch = sku + " pitch";
    products_.push_back(std::move(p));
    return *this;
  }
  SnapshotBuilder& Currency(const std::string& currency) {
    return Last([&](auto& p) { p.currency = currency; });
  }
  SnapshotBuilder& Margin(double m) {
    return Last([m](auto& p) { p.margin = m; });
  }
  SnapshotBuilder& OutOfStock() {
    return Last([](auto& p) { p.in_stock = false; });
  }
  SnapshotBuilder& Category(const std::string& category) {
    return Last([&](auto& p) { p.category = category; });
  }
  SnapshotBuilder& Line(const std::string& line, int tier) {
    return Last([&](auto& p) {
      p.product_line = line;
      p.tier = tier;
      p.has_tier = true;
    });
  }
  SnapshotBuilder& CrossSell(const std::string& from, const std::string& to,
                             float weight, float lift = -1,
                             const std::string& pitch = "") {
    edges_.push_back(
        {EdgeKind::kCrossSell, from, to, weight, lift, pitch, false});
    return *this;
  }
  // An upsell edge; `derived` marks one the loader would derive from a
  // product line's tiers (an explicit edge otherwise).
  SnapshotBuilder& Upsell(const std::string& from, const std::string& to,
                          float weight, bool derived = false,
                          const std::string& pitch = "") {
    edges_.push_back({EdgeKind::kUpsell, from, to, weight, -1, pitch, derived});
    return *this;
  }
  // Deals (issue 13), resolved by sku at Build() as the deal loaders would.
  // A bundle of (sku, quantity) members priced by `rule`.
  SnapshotBuilder& Bundle(
      const std::string& id,
      std::vector<std::pair<std::string, int32_t>> members, PriceRule rule,
      absl::Time valid_from = absl::InfinitePast(),
      absl::Time valid_until = absl::InfiniteFuture(),
      const std::string& pitch = "") {
    bundles_.push_back(
        {id, std::move(members), rule, valid_from, valid_until, pitch});
    return *this;
  }
  // A quantity break of `sku`; add them in ascending min_quantity.
  SnapshotBuilder& Break(const std::string& sku, int32_t min_quantity,
                         PriceRule rule) {
    breaks_.push_back({sku, {min_quantity, rule}});
    return *this;
  }
  // A promotion of one product (`sku`) or, with sku empty, of `category`.
  SnapshotBuilder& Promotion(const std::string& id, const std::string& sku,
                             const std::string& category, PriceRule rule,
                             absl::Time valid_from = absl::InfinitePast(),
                             absl::Time valid_until = absl::InfiniteFuture(),
                             const std::string& pitch = "") {
    promotions_.push_back(
        {id, sku, category, rule, valid_from, valid_until, pitch});
    return *this;
  }

  // The rules the next Build() uses; defaults are RuleParams's.
  RuleParams& rules() { return rules_; }

  // Builds a snapshot of everything added so far; may be called again after
  // more changes. Edges between unknown skus are a test bug (aborts).
  SnapshotPtr Build() {
    auto s = std::make_shared<Snapshot>();
    s->version = "test";
    s->generation = 1;
    s->catalog = Catalog(products_);
    OfferGraph::Builder graph(s->catalog.size());
    for (const PendingEdge& e : edges_) {
      Edge edge;
      edge.to = s->catalog.Find(e.to);
      const ProductId from = s->catalog.Find(e.from);
      if (edge.to == kNoProduct || from == kNoProduct) {
        std::fprintf(stderr, "SnapshotBuilder: edge %s -> %s: unknown sku\n",
                     e.from.c_str(), e.to.c_str());
        std::abort();
      }
      edge.weight = e.weight;
      edge.lift = e.lift;
      edge.pitch = graph.InternPitch(e.pitch);
      edge.derived = e.derived;
      graph.Add(e.kind, from, edge);
    }
    s->graph = std::move(graph).Build();
    s->rules = rules_;
    if (!bundles_.empty() || !breaks_.empty() || !promotions_.empty()) {
      s->deals = BuildDeals(s->catalog);
    }
    return s;
  }

 private:
  struct PendingEdge {
    EdgeKind kind;
    std::string from, to;
    float weight, lift;
    std::string pitch;
    bool derived;
  };
  struct PendingBundle {
    std::string id;
    std::vector<std::pair<std::string, int32_t>> members;
    PriceRule rule;
    absl::Time from, until;
    std::string pitch;
  };
  struct PendingBreak {
    std::string sku;
    QuantityBreak row;
  };
  struct PendingPromotion {
    std::string id, sku, category;
    PriceRule rule;
    absl::Time from, until;
    std::string pitch;
  };

  static ProductId Resolve(const Catalog& catalog, const std::string& sku) {
    const ProductId id = catalog.Find(sku);
    if (id == kNoProduct) {
      std::fprintf(stderr, "SnapshotBuilder: deal: unknown sku %s\n",
                   sku.c_str());
      std::abort();
    }
    return id;
  }

  Deals BuildDeals(const Catalog& catalog) const {
    std::vector<offergraph::Bundle> bundles;
    for (const PendingBundle& pb : bundles_) {
      offergraph::Bundle b;
      b.id = pb.id;
      b.name = pb.id + " name";
      for (const auto& [sku, quantity] : pb.members) {
        b.members.push_back({Resolve(catalog, sku), quantity});
      }
      std::sort(b.members.begin(), b.members.end(),
                [](const BundleMember& x, const BundleMember& y) {
                  return x.product < y.product;
                });
      b.rule = pb.rule;
      b.currency = CurrencyKey(catalog.product(b.members[0].product).currency);
      b.pitch = pb.pitch;
      b.valid_from = pb.from;
      b.valid_until = pb.until;
      bundles.push_back(std::move(b));
    }
    std::vector<ProductId> break_products;
    std::vector<std::vector<QuantityBreak>> breaks;
    for (const PendingBreak& pb : breaks_) {
      const ProductId id = Resolve(catalog, pb.sku);
      auto it = std::find(break_products.begin(), break_products.end(), id);
      if (it == break_products.end()) {
        break_products.push_back(id);
        breaks.emplace_back();
        it = break_products.end() - 1;
      }
      breaks[it - break_products.begin()].push_back(pb.row);
    }
    std::vector<offergraph::Promotion> promotions;
    for (const PendingPromotion& pp : promotions_) {
      offergraph::Promotion p;
      p.id = pp.id;
      if (!pp.sku.empty()) p.product = Resolve(catalog, pp.sku);
      p.category = pp.category;
      p.rule = pp.rule;
      p.valid_from = pp.from;
      p.valid_until = pp.until;
      p.pitch = pp.pitch;
      promotions.push_back(std::move(p));
    }
    return Deals(catalog, std::move(bundles), std::move(break_products),
                 std::move(breaks), std::move(promotions));
  }

  template <typename F>
  SnapshotBuilder& Last(F f) {
    f(products_.back());
    return *this;
  }

  std::vector<offergraph::Product> products_;
  std::vector<PendingEdge> edges_;
  std::vector<PendingBundle> bundles_;
  std::vector<PendingBreak> breaks_;
  std::vector<PendingPromotion> promotions_;
  RuleParams rules_;
};

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_TESTING_SNAPSHOT_BUILDER_H_
