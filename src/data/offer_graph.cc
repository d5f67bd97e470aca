#include "offergraph/data/offer_graph.h"

#include <algorithm>
#include <utility>

namespace offergraph {

OfferGraph::Builder::Builder(size_t product_count)
    : product_count_(product_count) {}

uint32_t OfferGraph::Builder::InternPitch(std::string pitch) {
  if (pitch.empty()) return 0;
  pitches_.push_back(std::move(pitch));
  return static_cast<uint32_t>(pitches_.size() - 1);
}

void OfferGraph::Builder::Add(EdgeKind kind, ProductId from, const Edge& edge) {
  edges_[static_cast<int>(kind)].emplace_back(from, edge);
}

OfferGraph OfferGraph::Builder::Build() && {
  OfferGraph graph;
  for (int k = 0; k < 2; ++k) {
    auto& in = edges_[k];
    // Group by source; within a source, highest weight first, ties by target.
    std::sort(in.begin(), in.end(), [](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      if (a.second.weight != b.second.weight) {
        return a.second.weight > b.second.weight;
      }
      return a.second.to < b.second.to;
    });
    Csr& csr = graph.csr_[k];
    csr.offsets.assign(product_count_ + 1, 0);
    csr.edges.reserve(in.size());
    for (const auto& [from, edge] : in) {
      ++csr.offsets[from + 1];
      csr.edges.push_back(edge);
      if (k == static_cast<int>(EdgeKind::kUpsell) && edge.derived) {
        ++graph.derived_upsells_;
      }
    }
    for (size_t i = 1; i < csr.offsets.size(); ++i) {
      csr.offsets[i] += csr.offsets[i - 1];
    }
    in.clear();
    in.shrink_to_fit();
  }
  graph.pitches_ = std::move(pitches_);
  return graph;
}

size_t OfferGraph::MemoryBytes() const {
  size_t bytes = 0;
  for (const Csr& c : csr_) {
    bytes += c.offsets.capacity() * sizeof(uint32_t) +
             c.edges.capacity() * sizeof(Edge);
  }
  for (const std::string& p : pitches_) bytes += sizeof(p) + p.capacity();
  return bytes;
}

}  // namespace offergraph
