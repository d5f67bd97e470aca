#include "engine/candidates.h"

#include <algorithm>

namespace offergraph {
namespace {

// One edge reached from one cart line.
struct Hit {
  ProductId to;
  uint32_t line;  // index into the cart
  const Edge* edge;
};

bool ByTargetThenLine(const Hit& a, const Hit& b) {
  return a.to != b.to ? a.to < b.to : a.line < b.line;
}

bool Relevant(const Edge& e, const RuleParams& p) {
  return e.weight >= p.min_weight && (e.lift < 0 || e.lift >= p.min_lift);
}

void CollectHits(const Snapshot& snapshot, const DecisionInput& input,
                 EdgeKind kind, std::vector<Hit>* hits) {
  hits->clear();
  for (uint32_t i = 0; i < input.cart.size(); ++i) {
    absl::Span<const Edge> edges =
        snapshot.graph.edges(kind, input.cart[i].product);
    const size_t n = std::min(edges.size(), kMaxEdgesPerLine);
    for (size_t k = 0; k < n; ++k) hits->push_back({edges[k].to, i, &edges[k]});
  }
  std::sort(hits->begin(), hits->end(), ByTargetThenLine);
}

}  // namespace

void GatherCandidates(const Snapshot& snapshot, const DecisionInput& input,
                      std::vector<Candidate>* out) {
  out->clear();
  thread_local std::vector<Hit> cross;
  thread_local std::vector<Hit> up;
  const RuleParams& p = snapshot.rules;

  if (input.want_cross_sell) {
    CollectHits(snapshot, input, EdgeKind::kCrossSell, &cross);
  } else {
    cross.clear();
  }
  if (input.want_upsell) {
    CollectHits(snapshot, input, EdgeKind::kUpsell, &up);
  } else {
    up.clear();
  }

  // Merge both sorted hit lists by target so the output is ordered by
  // (product, kind).
  size_t c = 0, u = 0;
  while (c < cross.size() || u < up.size()) {
    const bool take_cross =
        u >= up.size() || (c < cross.size() && cross[c].to <= up[u].to);
    if (take_cross) {
      Candidate cand;
      cand.product = cross[c].to;
      cand.kind = v1::CROSS_SELL;
      double miss = 1.0;
      float best_pitched = -1;
      bool any = false;
      for (; c < cross.size() && cross[c].to == cand.product; ++c) {
        const Edge& e = *cross[c].edge;
        if (!Relevant(e, p)) continue;
        any = true;
        miss *= 1.0 - static_cast<double>(e.weight);
        cand.anchors.push_back(input.cart[cross[c].line].product);
        if (e.pitch != 0 && e.weight > best_pitched) {
          best_pitched = e.weight;
          cand.edge_pitch = e.pitch;
        }
      }
      cand.relevant = any;
      cand.propensity = any ? 1.0 - miss : 0.0;
      out->push_back(std::move(cand));
    } else {
      Candidate cand;
      cand.product = up[u].to;
      cand.kind = v1::UPSELL;
      const Hit* best = &up[u];
      for (; u < up.size() && up[u].to == cand.product; ++u) {
        // Highest weight wins; ties keep the earlier cart line.
        if (up[u].edge->weight > best->edge->weight) best = &up[u];
      }
      const ProductId anchor = input.cart[best->line].product;
      cand.anchors.push_back(anchor);
      cand.upgraded = anchor;
      cand.propensity = best->edge->weight;
      cand.derived = best->edge->derived;
      cand.edge_pitch = best->edge->pitch;
      out->push_back(std::move(cand));
    }
  }
}

}  // namespace offergraph
