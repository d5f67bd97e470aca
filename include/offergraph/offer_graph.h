// File: offer_graph.h
// -----------------------------------------------------------------------------
// The offer graph: cross-sell (complement) and upsell (upgrade) edges between
// products, stored as two compressed adjacency arrays (CSR). Each product's
// out-edges are sorted by weight, highest first, ties by target id.
#ifndef OFFERGRAPH_OFFER_GRAPH_H_
#define OFFERGRAPH_OFFER_GRAPH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "offergraph/catalog.h"

namespace offergraph {

// One directed edge. 16 bytes.
struct Edge {
  ProductId to = kNoProduct;
  float weight = 0;      // confidence in (0, 1]
  float lift = -1;       // negative when unknown
  uint32_t pitch : 31;   // index into OfferGraph::pitch(); 0 = no pitch
  uint32_t derived : 1;  // upsell derived from product_line tiers
  Edge() : pitch(0), derived(0) {}
};

enum class EdgeKind { kCrossSell = 0, kUpsell = 1 };

// Immutable adjacency for both edge kinds.
//
// Thread safety: immutable after Build(); safe for concurrent readers.
class OfferGraph {
 private:
  struct Csr {
    std::vector<uint32_t> offsets;  // product_count + 1 entries
    std::vector<Edge> edges;
  };

 public:
  // Collects edges in any order, then places them into CSR form by a
  // counting sort on the source (no comparison sort over all edges; edges
  // wait in fixed-size blocks, so collecting never reallocates and copies).
  // Build() places and sorts on two threads when the edges came from two
  // builders (Merge) and are many. Not thread-safe.
  class Builder {
   public:
    explicit Builder(size_t product_count);
    // Interns `pitch` and returns its index (0 for an empty pitch).
    uint32_t InternPitch(std::string pitch);
    // `from` must be below the product count.
    void Add(EdgeKind kind, ProductId from, const Edge& edge);
    // Takes every edge of `other` (built for the same product count), as if
    // added here after this builder's own. Its pitch i becomes pitch
    // `pitch_map[i]` of this builder (the caller interns other's pitches
    // here first); other's pitch table is dropped.
    void Merge(Builder&& other, absl::Span<const uint32_t> pitch_map);
    // Places the edges of `kind` into CSR form now; Build() then only moves
    // them. The one exception to "not thread-safe": Place(kind) may run on
    // one thread while another Add()s edges of the other kind. No more
    // edges of `kind` may be added afterwards.
    void Place(EdgeKind kind);
    OfferGraph Build() &&;

   private:
    struct Pending {
      ProductId from;
      Edge edge;
    };
    // Blocks double from 1,024 edges up to 40 MB: a small file never
    // reserves 40 MB (AddressSanitizer, as in the fuzzers, pays for every
    // byte reserved), and a large one mostly sits in 40 MB blocks, above
    // glibc's largest mmap threshold, so each is its own mapping, resident
    // only as far as it is filled, and returned to the system when freed.
    static constexpr size_t kFirstBlockEdges = size_t{1} << 10;
    static constexpr size_t kBlockEdges = size_t{1} << 21;

    // Edges of one kind from one builder, in the order added.
    struct Segment {
      std::vector<std::vector<Pending>> blocks;
      std::vector<uint32_t> counts;  // edges per source, lazily sized
    };

    size_t product_count_;
    std::vector<Segment> segments_[2];  // Add() appends to the last
    Csr placed_[2];
    bool is_placed_[2] = {false, false};
    std::vector<std::string> pitches_{std::string()};
  };

  OfferGraph() = default;
  OfferGraph(OfferGraph&&) = default;
  OfferGraph& operator=(OfferGraph&&) = default;

  absl::Span<const Edge> edges(EdgeKind kind, ProductId from) const {
    const Csr& c = csr_[static_cast<int>(kind)];
    if (from + 1 >= c.offsets.size()) return {};
    return absl::MakeConstSpan(c.edges.data() + c.offsets[from],
                               c.offsets[from + 1] - c.offsets[from]);
  }
  absl::Span<const Edge> CrossSells(ProductId from) const {
    return edges(EdgeKind::kCrossSell, from);
  }
  absl::Span<const Edge> Upsells(ProductId from) const {
    return edges(EdgeKind::kUpsell, from);
  }
  const std::string& pitch(uint32_t index) const { return pitches_[index]; }

  size_t edge_count(EdgeKind kind) const {
    return csr_[static_cast<int>(kind)].edges.size();
  }
  size_t derived_upsell_count() const { return derived_upsells_; }
  // Approximate heap bytes held, for status and benchmarks.
  size_t MemoryBytes() const;

 private:
  Csr csr_[2];
  std::vector<std::string> pitches_{std::string()};
  size_t derived_upsells_ = 0;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_OFFER_GRAPH_H_
