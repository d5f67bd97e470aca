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

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "offergraph/catalog.h"
#include "offergraph/offer_graph.h"
#include "offergraph/snapshot.h"

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
  template <typename F>
  SnapshotBuilder& Last(F f) {
    f(products_.back());
    return *this;
  }

  std::vector<offergraph::Product> products_;
  std::vector<PendingEdge> edges_;
  RuleParams rules_;
};

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_TESTING_SNAPSHOT_BUILDER_H_
