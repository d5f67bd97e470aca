#include "engine/deal_candidates.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "offergraph/pricing.h"

namespace offergraph {
namespace {

// Units of `product` in the cart, from `cart` sorted by product.
int32_t HeldUnits(absl::Span<const CartItem> cart, ProductId product) {
  const auto it = std::lower_bound(
      cart.begin(), cart.end(), product,
      [](const CartItem& c, ProductId p) { return c.product < p; });
  return it != cart.end() && it->product == product ? it->quantity : 0;
}

// The graph's evidence that a cart holding `input.cart` wants `member`:
// noisy-OR over the cart lines of their relevant cross-sell edges to it (the
// same edges, at most kMaxEdgesPerLine per line, and the same relevance test
// as a cross-sell's), or rules.min_weight when no line has one: a bundle is
// curated, so the smallest evidence the graph counts stands in for none.
// When the request gathered cross-sells, `gathered` (ordered by product,
// kind) already holds that noisy-OR as the member's cross-sell propensity:
// a binary search instead of a scan of every line's edges.
double MemberEvidence(const Snapshot& snapshot, const DecisionInput& input,
                      const RuleParams& rules,
                      absl::Span<const Candidate> gathered, ProductId member) {
  if (input.want_cross_sell) {
    const auto it = std::lower_bound(
        gathered.begin(), gathered.end(), member,
        [](const Candidate& c, ProductId p) { return c.product < p; });
    if (it != gathered.end() && it->product == member &&
        it->kind == v1::CROSS_SELL && it->propensity > 0) {
      return it->propensity;
    }
    return rules.min_weight;
  }
  double miss = 1.0;
  bool any = false;
  for (const CartItem& line : input.cart) {
    absl::Span<const Edge> edges =
        snapshot.graph.edges(EdgeKind::kCrossSell, line.product);
    edges = edges.subspan(0, kMaxEdgesPerLine);
    for (const Edge& e : edges) {
      if (e.to != member || !IsRelevantCrossSell(e, rules)) continue;
      miss *= 1.0 - static_cast<double>(e.weight);
      any = true;
      break;  // one edge per (line, target)
    }
  }
  return any ? 1.0 - miss : rules.min_weight;
}

void AddBundle(const Snapshot& snapshot, const DecisionInput& input,
               const RuleParams& rules, absl::Span<const CartItem> sorted_cart,
               size_t gathered, uint32_t index, absl::Time now,
               std::vector<Candidate>* out) {
  const Bundle& bundle = snapshot.deals.bundles()[index];
  thread_local std::vector<int32_t> held;
  held.clear();
  for (const BundleMember& m : bundle.members) {
    held.push_back(HeldUnits(sorted_cart, m.product));
  }
  const BundleQuote quote = QuoteBundle(snapshot.catalog, bundle, held);
  // The propensity of taking the whole set: the product over the missing
  // members of each one's evidence. Taking the offer means wanting every
  // missing member, and the graph's weights are per member; the product
  // treats them as independent, which is conservative (the minimum would
  // claim they are always wanted together) and makes a bundle that asks
  // for more rank below one that asks for less on equal evidence.
  double propensity = 1.0;
  if (!quote.complete) {
    const absl::Span<const Candidate> before(out->data(), gathered);
    for (size_t i = 0; i < bundle.members.size(); ++i) {
      if (held[i] >= bundle.members[i].quantity) continue;
      propensity *= MemberEvidence(snapshot, input, rules, before,
                                   bundle.members[i].product);
    }
  }
  Candidate& cand = out->emplace_back();
  cand.kind = v1::BUNDLE;
  cand.bundle = static_cast<int32_t>(index);
  cand.extra_pay = quote.extra_pay;
  cand.saving = quote.saving;
  cand.price = quote.extra_pay;
  cand.expires_at = bundle.valid_until;
  for (size_t i = 0; i < bundle.members.size(); ++i) {
    const BundleMember& m = bundle.members[i];
    if (held[i] > 0) cand.anchors.push_back(m.product);
    const int32_t missing = m.quantity - std::min(held[i], m.quantity);
    if (missing <= 0) continue;
    cand.items.push_back(
        {m.product, missing, snapshot.catalog.facts(m.product).price});
  }
  cand.propensity = quote.complete ? 0.0 : propensity;
  cand.affinity = cand.propensity;
  if (quote.complete) {
    cand.deal_reason = v1::BUNDLE_COMPLETE;
  } else if (!bundle.ValidAt(now)) {
    cand.deal_reason = v1::EXPIRED;
  }
}

void AddQuantity(const Snapshot& snapshot, const RuleParams& rules,
                 const CartItem& line, absl::Time now,
                 std::vector<Candidate>* out) {
  const QuantityQuote q =
      QuoteNextBreak(snapshot.catalog, snapshot.deals, line.product,
                     line.quantity, rules.deals.quantity_max_extra_units, now);
  if (q.extra_units <= 0) return;
  Candidate& cand = out->emplace_back();
  cand.product = line.product;
  cand.kind = v1::QUANTITY;
  cand.anchors.push_back(line.product);
  cand.quantity_break = q.quantity_break;
  cand.items.push_back({line.product, q.extra_units, q.unit_price});
  cand.price = q.unit_price;
  cand.extra_pay = q.extra_pay;
  cand.saving = q.saving;
  // A documented prior, not a graph statistic: the base acceptance rate the
  // learned model starts every offer from (LearningRules).
  cand.propensity = rules.learning.base_acceptance_rate;
  cand.affinity = cand.propensity;
}

}  // namespace

void GatherDealCandidates(const Snapshot& snapshot, const DecisionInput& input,
                          absl::Time now, std::vector<Candidate>* out) {
  const Deals& deals = snapshot.deals;
  const RuleParams& rules = DecisionRules(snapshot, input);
  const size_t gathered = out->size();  // the cross-sells and upsells
  if (input.want_bundle && !deals.bundles().empty()) {
    thread_local std::vector<CartItem> sorted_cart;
    thread_local std::vector<uint32_t> bundles;
    sorted_cart.assign(input.cart.begin(), input.cart.end());
    std::sort(sorted_cart.begin(), sorted_cart.end(),
              [](const CartItem& a, const CartItem& b) {
                return a.product < b.product;
              });
    bundles.clear();
    for (const CartItem& line : input.cart) {
      for (uint32_t b : deals.BundlesOf(line.product)) bundles.push_back(b);
    }
    std::sort(bundles.begin(), bundles.end());
    bundles.erase(std::unique(bundles.begin(), bundles.end()), bundles.end());
    for (uint32_t b : bundles) {
      AddBundle(snapshot, input, rules, sorted_cart, gathered, b, now, out);
    }
  }
  if (input.want_quantity) {
    for (const CartItem& line : input.cart) {
      if (deals.BreaksOf(line.product).empty()) continue;
      AddQuantity(snapshot, rules, line, now, out);
    }
  }
}

void PriceWithPromotion(const Snapshot& snapshot, absl::Time now,
                        Candidate* cand) {
  const absl::Span<const uint32_t> promotions =
      snapshot.deals.PromotionsOf(cand->product);
  const int64_t list = snapshot.catalog.facts(cand->product).price;
  cand->price = list;
  if (promotions.empty()) return;
  const UnitPrice unit =
      PriceUnit(snapshot.catalog, snapshot.deals, cand->product, 1, now);
  cand->price = unit.price;
  cand->promotion = unit.promotion;
  cand->expires_at = unit.expires_at;
  if (unit.promotion >= 0) return;
  for (uint32_t i : promotions) {
    if (!snapshot.deals.promotions()[i].ValidAt(now)) {
      cand->expired_promotion = static_cast<int32_t>(i);
      return;
    }
  }
}

}  // namespace offergraph
