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
  const int k = static_cast<int>(kind);
  std::vector<std::vector<Pending>>& blocks = blocks_[k];
  if (blocks.empty() || blocks.back().size() == kBlockEdges) {
    blocks.emplace_back().reserve(kBlockEdges);
  }
  blocks.back().push_back(Pending{from, edge});
  std::vector<uint32_t>& counts = counts_[k];
  if (counts.empty()) counts.assign(product_count_, 0);
  ++counts[from];
}

void OfferGraph::Builder::Merge(Builder&& other,
                                absl::Span<const uint32_t> pitch_map) {
  for (int k = 0; k < 2; ++k) {
    for (std::vector<Pending>& block : other.blocks_[k]) {
      for (Pending& p : block) {
        if (p.edge.pitch != 0) p.edge.pitch = pitch_map[p.edge.pitch];
      }
      blocks_[k].push_back(std::move(block));
    }
    other.blocks_[k].clear();
    if (other.counts_[k].empty()) continue;
    if (counts_[k].empty()) {
      counts_[k] = std::move(other.counts_[k]);
    } else {
      for (size_t i = 0; i < product_count_; ++i) {
        counts_[k][i] += other.counts_[k][i];
      }
    }
    std::vector<uint32_t>().swap(other.counts_[k]);
  }
}

OfferGraph OfferGraph::Builder::Build() && {
  OfferGraph graph;
  for (int k = 0; k < 2; ++k) {
    std::vector<uint32_t>& counts = counts_[k];
    if (counts.empty()) counts.assign(product_count_, 0);
    Csr& csr = graph.csr_[k];
    // Offsets from the counts; `next` is where each source's next edge goes.
    csr.offsets.resize(product_count_ + 1);
    uint32_t total = 0;
    for (size_t i = 0; i < product_count_; ++i) {
      csr.offsets[i] = total;
      total += counts[i];
    }
    csr.offsets[product_count_] = total;
    std::vector<uint32_t>& next =
        counts;  // reused: counts are no longer needed
    std::copy(csr.offsets.begin(), csr.offsets.end() - 1, next.begin());
    csr.edges.resize(total);
    for (std::vector<Pending>& block : blocks_[k]) {
      for (const Pending& p : block) csr.edges[next[p.from]++] = p.edge;
      std::vector<Pending>().swap(block);  // free as we go
    }
    blocks_[k].clear();
    std::vector<uint32_t>().swap(counts);
    // Within a source, highest weight first, ties by target.
    for (size_t i = 0; i < product_count_; ++i) {
      const uint32_t b = csr.offsets[i], e = csr.offsets[i + 1];
      if (e - b < 2) continue;
      std::sort(csr.edges.begin() + b, csr.edges.begin() + e,
                [](const Edge& x, const Edge& y) {
                  if (x.weight != y.weight) return x.weight > y.weight;
                  return x.to < y.to;
                });
    }
    if (k == static_cast<int>(EdgeKind::kUpsell)) {
      for (const Edge& edge : csr.edges) graph.derived_upsells_ += edge.derived;
    }
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
