// OfferGraph::Builder: merged builders (as the two-thread edges parse
// produces) give the same CSR as one builder, also past the size where
// Build() places and sorts on two threads.
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "offergraph/offer_graph.h"

namespace offergraph {
namespace {

struct Added {
  EdgeKind kind;
  ProductId from;
  Edge edge;
};

// Deterministic pseudo-random edges (a 64-bit LCG), with repeated weights
// so ties by target matter.
std::vector<Added> MakeEdges(size_t count, size_t products) {
  std::vector<Added> out;
  uint64_t x = 12345;
  for (size_t i = 0; i < count; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    Added a;
    a.kind = (x >> 60) == 0 ? EdgeKind::kUpsell : EdgeKind::kCrossSell;
    a.from = static_cast<ProductId>((x >> 20) % products);
    a.edge.to = static_cast<ProductId>((x >> 40) % products);
    a.edge.weight = static_cast<float>((x >> 8) % 16 + 1) / 16;
    a.edge.derived = a.kind == EdgeKind::kUpsell && (x & 1);
    out.push_back(a);
  }
  return out;
}

void ExpectSameGraph(const OfferGraph& a, const OfferGraph& b,
                     size_t products) {
  for (EdgeKind kind : {EdgeKind::kCrossSell, EdgeKind::kUpsell}) {
    ASSERT_EQ(a.edge_count(kind), b.edge_count(kind));
    for (ProductId p = 0; p < products; ++p) {
      absl::Span<const Edge> x = a.edges(kind, p);
      absl::Span<const Edge> y = b.edges(kind, p);
      ASSERT_EQ(x.size(), y.size()) << p;
      for (size_t i = 0; i < x.size(); ++i) {
        ASSERT_EQ(x[i].to, y[i].to) << p << " " << i;
        ASSERT_EQ(x[i].weight, y[i].weight);
        if (i > 0) {
          // Highest weight first, ties by target.
          ASSERT_TRUE(x[i - 1].weight > x[i].weight ||
                      (x[i - 1].weight == x[i].weight &&
                       x[i - 1].to <= x[i].to));
        }
      }
    }
  }
  EXPECT_EQ(a.derived_upsell_count(), b.derived_upsell_count());
}

TEST(OfferGraphBuilderTest, MergedBuildersBuildTheSameGraph) {
  for (size_t count : {size_t{1000}, size_t{1} << 21}) {
    constexpr size_t kProducts = 5000;
    const std::vector<Added> edges = MakeEdges(count, kProducts);
    OfferGraph::Builder one(kProducts);
    OfferGraph::Builder first(kProducts), second(kProducts);
    for (size_t i = 0; i < edges.size(); ++i) {
      one.Add(edges[i].kind, edges[i].from, edges[i].edge);
      (i < edges.size() / 3 ? first : second)
          .Add(edges[i].kind, edges[i].from, edges[i].edge);
    }
    first.Merge(std::move(second), {0});
    ExpectSameGraph(std::move(one).Build(), std::move(first).Build(),
                    kProducts);
  }
}

TEST(OfferGraphBuilderTest, MergeRemapsPitches) {
  OfferGraph::Builder first(3), second(3);
  Edge e;
  e.to = 1;
  e.weight = 0.5f;
  e.pitch = first.InternPitch("a");
  first.Add(EdgeKind::kCrossSell, 0, e);
  e.to = 2;
  e.pitch = second.InternPitch("b");  // index 1 in `second`
  second.Add(EdgeKind::kCrossSell, 0, e);
  const uint32_t b_here = first.InternPitch("b");
  const uint32_t map[] = {0, b_here};
  first.Merge(std::move(second), map);
  OfferGraph g = std::move(first).Build();
  ASSERT_EQ(g.CrossSells(0).size(), 2u);
  EXPECT_EQ(g.pitch(g.CrossSells(0)[0].pitch), "a");
  EXPECT_EQ(g.pitch(g.CrossSells(0)[1].pitch), "b");
}

}  // namespace
}  // namespace offergraph
