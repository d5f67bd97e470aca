#include "engine/candidates.h"

#include <algorithm>
#include <cmath>

namespace offergraph {
namespace {

// One edge reached from one cart line.
struct Hit {
  ProductId to;
  uint32_t line;  // index into the cart
  const Edge* edge;
};

// Starts loading the catalog fields the rules and the scorer read (price,
// currency, stock, margin). With a large catalog each product is a cache
// miss; issuing them all as the edges are read overlaps the misses (and the
// sort of the hits) instead of paying them one by one in the rules.
void PrefetchProduct(const Catalog& catalog, ProductId id) {
  const Product& p = catalog.product(id);
  __builtin_prefetch(&p.price);
  __builtin_prefetch(&p.margin);
}

bool ByTargetThenLine(const Hit& a, const Hit& b) {
  return a.to != b.to ? a.to < b.to : a.line < b.line;
}

// Replaces *hits with the first kMaxEdgesPerLine edges of `kind` of every
// cart line, sorted by (target, line).
void CollectHits(const Snapshot& snapshot, const DecisionInput& input,
                 EdgeKind kind, std::vector<Hit>* hits) {
  hits->clear();
  // Look up every line's edges before reading any: the lookups are
  // independent, so their cache misses overlap.
  thread_local std::vector<absl::Span<const Edge>> spans;
  spans.clear();
  for (const CartItem& item : input.cart) {
    absl::Span<const Edge> edges = snapshot.graph.edges(kind, item.product);
    edges = edges.subspan(0, kMaxEdgesPerLine);
    if (!edges.empty()) __builtin_prefetch(edges.data());
    spans.push_back(edges);
  }
  for (uint32_t i = 0; i < spans.size(); ++i) {
    for (const Edge& e : spans[i]) {
      hits->push_back({e.to, i, &e});
      PrefetchProduct(snapshot.catalog, e.to);
    }
  }
  std::sort(hits->begin(), hits->end(), ByTargetThenLine);
}

// Folds the hits [*pos, end) that reach hits[*pos].to into one cross-sell.
void TakeCrossSell(const std::vector<Hit>& hits, const DecisionInput& input,
                   const RuleParams& rules, size_t* pos, Candidate* cand) {
  cand->product = hits[*pos].to;
  cand->kind = v1::CROSS_SELL;
  double miss = 1.0;
  double sum = 0.0;
  double p_b = 1.0;  // P(B) from the first contributing edge with a lift
  bool p_b_known = false;
  float best_pitched = -1;
  bool any = false;
  size_t i = *pos;
  for (; i < hits.size() && hits[i].to == cand->product; ++i) {
    const Edge& e = *hits[i].edge;
    if (!IsRelevantCrossSell(e, rules)) continue;
    any = true;
    miss *= 1.0 - static_cast<double>(e.weight);
    sum += static_cast<double>(e.weight);
    if (!p_b_known && e.lift > 0) {
      // lift = w / P(B); a curated edge may claim more than certainty.
      p_b = std::min(1.0, static_cast<double>(e.weight) / e.lift);
      p_b_known = p_b > 0;
      if (!p_b_known) p_b = 1.0;
    }
    cand->anchors.push_back(input.cart[hits[i].line].product);
    // Strongest pitched edge; a tie keeps the earlier cart line.
    if (e.pitch != 0 && e.weight > best_pitched) {
      best_pitched = e.weight;
      cand->edge_pitch = e.pitch;
    }
  }
  *pos = i;
  cand->propensity = any ? 1.0 - miss : 0.0;
  cand->affinity =
      any ? CrossSellAffinity(cand->propensity, sum, p_b, rules) : 0.0;
  cand->relevant = any && cand->affinity >= rules.min_affinity;
}

// Keeps the strongest of the hits [*pos, end) that reach hits[*pos].to.
void TakeUpsell(const std::vector<Hit>& hits, const DecisionInput& input,
                size_t* pos, Candidate* cand) {
  cand->product = hits[*pos].to;
  cand->kind = v1::UPSELL;
  const Hit* best = &hits[*pos];
  size_t i = *pos;
  for (; i < hits.size() && hits[i].to == cand->product; ++i) {
    // Highest weight wins; a tie keeps the earlier cart line.
    if (hits[i].edge->weight > best->edge->weight) best = &hits[i];
  }
  *pos = i;
  const ProductId anchor = input.cart[best->line].product;
  cand->anchors.push_back(anchor);
  cand->upgraded = anchor;
  cand->propensity = best->edge->weight;
  cand->affinity = cand->propensity;
  cand->derived = best->edge->derived;
  cand->edge_pitch = best->edge->pitch;
}

}  // namespace

double CrossSellAffinity(double noisy_or, double weight_sum, double p_b,
                         const RuleParams& rules) {
  const double combined = rules.cross_sell_combination == v1::COMBINATION_SUM
                              ? weight_sum
                              : noisy_or;
  const double a = rules.popularity_exponent;
  if (a == 0.0 || p_b >= 1.0) return combined;
  if (a == 1.0) return combined / p_b;
  if (a == 0.5) return combined / std::sqrt(p_b);
  return combined / std::pow(p_b, a);
}

bool IsRelevantCrossSell(const Edge& edge, const RuleParams& rules) {
  return edge.weight >= static_cast<float>(rules.min_weight) &&
         (edge.lift < 0 || edge.lift >= static_cast<float>(rules.min_lift));
}

void GatherCandidates(const Snapshot& snapshot, const DecisionInput& input,
                      std::vector<Candidate>* out) {
  out->clear();
  thread_local std::vector<Hit> cross;
  thread_local std::vector<Hit> up;
  cross.clear();
  up.clear();
  if (input.want_cross_sell) {
    CollectHits(snapshot, input, EdgeKind::kCrossSell, &cross);
  }
  if (input.want_upsell) {
    CollectHits(snapshot, input, EdgeKind::kUpsell, &up);
  }

  // Merge both hit lists by target so the output is ordered by (product,
  // kind), cross-sell before upsell.
  size_t c = 0, u = 0;
  while (c < cross.size() || u < up.size()) {
    Candidate& cand = out->emplace_back();
    if (u >= up.size() || (c < cross.size() && cross[c].to <= up[u].to)) {
      TakeCrossSell(cross, input, snapshot.rules, &c, &cand);
    } else {
      TakeUpsell(up, input, &u, &cand);
    }
  }
}

}  // namespace offergraph
