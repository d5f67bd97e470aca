#include "engine/candidates.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace offergraph {
namespace {

// The edges of one kind reached from the cart: each line's strongest edges
// (`spans`, one per cart line) and one hit per edge. A hit packs (target,
// line, index of the edge in its line's span) into one integer, so that
// ordering the hits by (target, line) is an integer sort.
struct Hits {
  static constexpr int kIndexBits = 6;
  static_assert(kMaxEdgesPerLine <= (size_t{1} << kIndexBits));
  // Lines past this many are not read (requests allow at most 100,000).
  static constexpr size_t kMaxLines = size_t{1} << (32 - kIndexBits);

  static uint64_t Make(ProductId to, uint32_t line, uint32_t index) {
    return uint64_t{to} << 32 | line << kIndexBits | index;
  }
  static ProductId Target(uint64_t hit) { return hit >> 32; }
  static uint32_t Line(uint64_t hit) {
    return static_cast<uint32_t>(hit) >> kIndexBits;
  }
  const Edge& edge(uint64_t hit) const {
    return spans[Line(hit)][hit & ((1u << kIndexBits) - 1)];
  }

  std::vector<absl::Span<const Edge>> spans;
  std::vector<uint64_t> sorted;
};

// The products whose edges are read: the cart lines, then (history anchors)
// the owned skus; a line at index >= first_owned is owned and its edge
// weights count times owned_weight.
struct Anchors {
  std::vector<ProductId> products;
  size_t first_owned = 0;
  float owned_weight = 1.0f;

  float Weight(uint32_t line, float w) const {
    return line < first_owned ? w : w * owned_weight;
  }
};

void SetAnchors(const DecisionInput& input, const RuleParams& rules,
                Anchors* anchors) {
  anchors->products.clear();
  for (const CartItem& item : input.cart) {
    anchors->products.push_back(item.product);
  }
  anchors->first_owned = anchors->products.size();
  if (rules.ForChannel(input.channel).history_anchors) {
    // An owned sku that is also a cart line counts once, as the line.
    for (ProductId owned : input.owned) {
      if (std::find(anchors->products.begin(),
                    anchors->products.begin() + anchors->first_owned,
                    owned) == anchors->products.begin() + anchors->first_owned) {
        anchors->products.push_back(owned);
      }
    }
  }
  anchors->owned_weight =
      static_cast<float>(rules.deals.history_anchor_weight);
}

// Starts loading the facts the rules and the scorer read (price, margin,
// stock, currency). With a large catalog each is a cache miss; issuing them
// all as the edges are read overlaps the misses (and the sort of the hits)
// instead of paying them one by one in the rules. A 24-byte row may straddle
// two cache lines.
void PrefetchFacts(const Catalog& catalog, ProductId id) {
  const char* row = reinterpret_cast<const char*>(&catalog.facts(id));
  __builtin_prefetch(row);
  __builtin_prefetch(row + sizeof(ProductFacts) - 1);
}

// Replaces *hits with the first kMaxEdgesPerLine edges of `kind` of every
// anchor, sorted by (target, line).
void CollectHits(const Snapshot& snapshot, const Anchors& anchors,
                 EdgeKind kind, Hits* hits) {
  hits->spans.clear();
  hits->sorted.clear();
  // Look up every line's edges before reading any: the lookups are
  // independent, so their cache misses overlap.
  const size_t lines = std::min(anchors.products.size(), Hits::kMaxLines);
  for (size_t i = 0; i < lines; ++i) {
    absl::Span<const Edge> edges =
        snapshot.graph.edges(kind, anchors.products[i]);
    edges = edges.subspan(0, kMaxEdgesPerLine);
    if (!edges.empty()) __builtin_prefetch(edges.data());
    hits->spans.push_back(edges);
  }
  for (uint32_t line = 0; line < hits->spans.size(); ++line) {
    const absl::Span<const Edge> edges = hits->spans[line];
    for (uint32_t i = 0; i < edges.size(); ++i) {
      hits->sorted.push_back(Hits::Make(edges[i].to, line, i));
      PrefetchFacts(snapshot.catalog, edges[i].to);
    }
  }
  std::sort(hits->sorted.begin(), hits->sorted.end());
}

// Folds the hits [*pos, end) that reach hits[*pos].to into one cross-sell.
// An owned anchor's edges count with their weight scaled (Anchors::Weight),
// relevance tested on the scaled weight.
void TakeCrossSell(const Hits& hits, const Anchors& anchors,
                   const RuleParams& rules, size_t* pos, Candidate* cand) {
  const std::vector<uint64_t>& sorted = hits.sorted;
  cand->product = Hits::Target(sorted[*pos]);
  cand->kind = v1::CROSS_SELL;
  double miss = 1.0;
  double sum = 0.0;
  double p_b = 1.0;  // P(B) from the first contributing edge with a lift
  bool p_b_known = false;
  float best_pitched = -1;
  bool any = false;
  size_t i = *pos;
  for (; i < sorted.size() && Hits::Target(sorted[i]) == cand->product; ++i) {
    const uint32_t line = Hits::Line(sorted[i]);
    Edge e = hits.edge(sorted[i]);
    e.weight = anchors.Weight(line, e.weight);
    if (!IsRelevantCrossSell(e, rules)) continue;
    any = true;
    if (line >= anchors.first_owned) cand->from_history = true;
    miss *= 1.0 - static_cast<double>(e.weight);
    sum += static_cast<double>(e.weight);
    if (!p_b_known && e.lift > 0) {
      // lift = w / P(B); a curated edge may claim more than certainty.
      p_b = std::min(1.0, static_cast<double>(e.weight) / e.lift);
      p_b_known = p_b > 0;
      if (!p_b_known) p_b = 1.0;
    }
    cand->anchors.push_back(anchors.products[line]);
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

// Keeps the strongest of the hits [*pos, end) that reach hits[*pos].to (an
// owned anchor's weight scaled).
void TakeUpsell(const Hits& hits, const Anchors& anchors, size_t* pos,
                Candidate* cand) {
  const std::vector<uint64_t>& sorted = hits.sorted;
  cand->product = Hits::Target(sorted[*pos]);
  cand->kind = v1::UPSELL;
  auto weight = [&](uint64_t hit) {
    return anchors.Weight(Hits::Line(hit), hits.edge(hit).weight);
  };
  uint64_t best = sorted[*pos];
  size_t i = *pos;
  for (; i < sorted.size() && Hits::Target(sorted[i]) == cand->product; ++i) {
    // Highest weight wins; a tie keeps the earlier cart line.
    if (weight(sorted[i]) > weight(best)) best = sorted[i];
  }
  *pos = i;
  const Edge& edge = hits.edge(best);
  const ProductId anchor = anchors.products[Hits::Line(best)];
  cand->anchors.push_back(anchor);
  cand->upgraded = anchor;
  cand->from_history = Hits::Line(best) >= anchors.first_owned;
  cand->propensity = weight(best);
  cand->affinity = cand->propensity;
  cand->derived = edge.derived;
  cand->edge_pitch = edge.pitch;
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
  thread_local Hits cross;
  thread_local Hits up;
  thread_local Anchors anchors;
  const RuleParams& rules = DecisionRules(snapshot, input);
  SetAnchors(input, rules, &anchors);
  cross.sorted.clear();
  up.sorted.clear();
  if (input.want_cross_sell) {
    CollectHits(snapshot, anchors, EdgeKind::kCrossSell, &cross);
  }
  if (input.want_upsell) {
    CollectHits(snapshot, anchors, EdgeKind::kUpsell, &up);
  }

  // Merge both hit lists by target so the output is ordered by (product,
  // kind), cross-sell before upsell.
  const std::vector<uint64_t>& c_hits = cross.sorted;
  const std::vector<uint64_t>& u_hits = up.sorted;
  size_t c = 0, u = 0;
  while (c < c_hits.size() || u < u_hits.size()) {
    Candidate& cand = out->emplace_back();
    if (u >= u_hits.size() ||
        (c < c_hits.size() &&
         Hits::Target(c_hits[c]) <= Hits::Target(u_hits[u]))) {
      TakeCrossSell(cross, anchors, rules, &c, &cand);
    } else {
      TakeUpsell(up, anchors, &u, &cand);
    }
  }
}

}  // namespace offergraph
