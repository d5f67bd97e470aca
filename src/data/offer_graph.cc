#include "offergraph/offer_graph.h"

#include <algorithm>
#include <thread>
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
  std::vector<Segment>& segments = segments_[static_cast<int>(kind)];
  if (segments.empty()) segments.emplace_back();
  Segment& seg = segments.back();
  if (seg.blocks.empty() ||
      seg.blocks.back().size() == seg.blocks.back().capacity()) {
    const size_t size =
        seg.blocks.empty()
            ? kFirstBlockEdges
            : std::min(kBlockEdges, 2 * seg.blocks.back().capacity());
    seg.blocks.emplace_back().reserve(size);
  }
  seg.blocks.back().push_back(Pending{from, edge});
  if (seg.counts.empty()) seg.counts.assign(product_count_, 0);
  ++seg.counts[from];
}

void OfferGraph::Builder::Merge(Builder&& other,
                                absl::Span<const uint32_t> pitch_map) {
  for (int k = 0; k < 2; ++k) {
    for (Segment& seg : other.segments_[k]) {
      for (std::vector<Pending>& block : seg.blocks) {
        for (Pending& p : block) {
          if (p.edge.pitch != 0) p.edge.pitch = pitch_map[p.edge.pitch];
        }
      }
      segments_[k].push_back(std::move(seg));
    }
    other.segments_[k].clear();
  }
}

namespace {

// Below this many edges Build() stays on one thread.
constexpr size_t kParallelBuildEdges = size_t{1} << 20;

// Runs fn(0) .. fn(n-1), the first on this thread and the others on their
// own threads when `parallel`.
template <typename Fn>
void RunParts(size_t n, bool parallel, Fn fn) {
  if (!parallel || n < 2) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::vector<std::thread> threads;
  for (size_t i = 1; i < n; ++i) threads.emplace_back(fn, i);
  fn(0);
  for (std::thread& t : threads) t.join();
}

}  // namespace

OfferGraph OfferGraph::Builder::Build() && {
  OfferGraph graph;
  for (int k = 0; k < 2; ++k) {
    Place(static_cast<EdgeKind>(k));
    graph.csr_[k] = std::move(placed_[k]);
  }
  for (const Edge& edge :
       graph.csr_[static_cast<int>(EdgeKind::kUpsell)].edges) {
    graph.derived_upsells_ += edge.derived;
  }
  graph.pitches_ = std::move(pitches_);
  return graph;
}

void OfferGraph::Builder::Place(EdgeKind kind) {
  const int k = static_cast<int>(kind);
  if (is_placed_[k]) return;
  is_placed_[k] = true;
  std::vector<Segment>& segments = segments_[k];
  Csr& csr = placed_[k];
  // Offsets from the counts; each segment's `next` is where its next edge
  // of each source goes (its edges after the earlier segments' ones).
  csr.offsets.resize(product_count_ + 1);
  uint32_t total = 0;
  for (size_t i = 0; i < product_count_; ++i) {
    csr.offsets[i] = total;
    for (Segment& seg : segments) {
      if (seg.counts.empty()) continue;
      const uint32_t c = seg.counts[i];
      seg.counts[i] = total;  // reused as the segment's `next`
      total += c;
    }
  }
  csr.offsets[product_count_] = total;
  csr.edges.resize(total);
  const bool parallel = total >= kParallelBuildEdges;
  RunParts(segments.size(), parallel, [&](size_t s) {
    Segment& seg = segments[s];
    std::vector<uint32_t>& next = seg.counts;
    for (std::vector<Pending>& block : seg.blocks) {
      for (const Pending& p : block) csr.edges[next[p.from]++] = p.edge;
      std::vector<Pending>().swap(block);  // free as we go
    }
    std::vector<std::vector<Pending>>().swap(seg.blocks);
    std::vector<uint32_t>().swap(next);
  });
  segments.clear();
  // Within a source, highest weight first, ties by target; two ranges of
  // sources with about half the edges each.
  size_t middle = 0;
  if (parallel) {
    middle = static_cast<size_t>(
        std::upper_bound(csr.offsets.begin(), csr.offsets.end(), total / 2) -
        csr.offsets.begin());
    if (middle > product_count_) middle = product_count_;
  }
  const size_t bounds[3] = {0, middle, product_count_};
  RunParts(parallel ? 2 : 1, parallel, [&](size_t part) {
    const size_t first = parallel ? bounds[part] : 0;
    const size_t last = parallel ? bounds[part + 1] : product_count_;
    for (size_t i = first; i < last; ++i) {
      const uint32_t b = csr.offsets[i], e = csr.offsets[i + 1];
      if (e - b < 2) continue;
      std::sort(csr.edges.begin() + b, csr.edges.begin() + e,
                [](const Edge& x, const Edge& y) {
                  if (x.weight != y.weight) return x.weight > y.weight;
                  return x.to < y.to;
                });
    }
  });
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
