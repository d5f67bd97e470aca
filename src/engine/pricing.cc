#include "offergraph/pricing.h"

#include <algorithm>
#include <cstdint>

namespace offergraph {

int64_t ApplyDiscount(int64_t list, int32_t discount_bp) {
  if (discount_bp <= 0) return list;
  if (discount_bp >= kBasisPointsPerUnit) return 0;
  // floor(list * (10000 - bp) / 10000) without overflow for any int64 list.
  const __int128 kept = static_cast<__int128>(list) *
                        (kBasisPointsPerUnit - discount_bp);
  return static_cast<int64_t>(kept / kBasisPointsPerUnit);
}

int64_t ApplyRule(int64_t list, const PriceRule& rule) {
  if (rule.price >= 0) return std::min(rule.price, list);
  return ApplyDiscount(list, rule.discount_bp);
}

UnitPrice PriceUnit(const Catalog& catalog, const Deals& deals,
                    ProductId product, int32_t quantity, absl::Time now) {
  UnitPrice out;
  out.list = catalog.facts(product).price;
  out.price = out.list;
  for (uint32_t i : deals.PromotionsOf(product)) {
    const Promotion& promotion = deals.promotions()[i];
    if (!promotion.ValidAt(now)) continue;
    const int64_t price = ApplyRule(out.list, promotion.rule);
    if (price < out.price) {
      out.price = price;
      out.promotion = static_cast<int32_t>(i);
      out.expires_at = promotion.valid_until;
    }
  }
  const absl::Span<const QuantityBreak> breaks = deals.BreaksOf(product);
  int32_t reached = -1;
  for (size_t i = 0; i < breaks.size(); ++i) {
    if (breaks[i].min_quantity <= quantity) reached = static_cast<int32_t>(i);
  }
  if (reached >= 0) {
    const int64_t price = ApplyRule(out.list, breaks[reached].rule);
    if (price < out.price) {
      out.price = price;
      out.promotion = -1;
      out.quantity_break = reached;
      out.expires_at = absl::InfiniteFuture();
    }
  }
  return out;
}

BundleQuote QuoteBundle(const Catalog& catalog, const Bundle& bundle,
                        absl::Span<const int32_t> in_cart) {
  BundleQuote q;
  q.complete = true;
  for (size_t i = 0; i < bundle.members.size(); ++i) {
    const BundleMember& m = bundle.members[i];
    const int64_t list = catalog.facts(m.product).price;
    const int32_t held = std::clamp(in_cart[i], 0, m.quantity);
    q.list_total += list * m.quantity;
    q.missing_list += list * (m.quantity - held);
    if (held < m.quantity) q.complete = false;
  }
  q.bundle_price = ApplyRule(q.list_total, bundle.rule);
  const int64_t bundle_saving = q.list_total - q.bundle_price;
  q.extra_pay = std::max<int64_t>(0, q.missing_list - bundle_saving);
  q.saving = q.missing_list - q.extra_pay;
  return q;
}

QuantityQuote QuoteNextBreak(const Catalog& catalog, const Deals& deals,
                             ProductId product, int32_t quantity,
                             int32_t max_extra_units, absl::Time now) {
  QuantityQuote q;
  const absl::Span<const QuantityBreak> breaks = deals.BreaksOf(product);
  for (size_t i = 0; i < breaks.size(); ++i) {
    const int32_t target = breaks[i].min_quantity;
    if (target <= quantity) continue;
    if (target - quantity > max_extra_units) break;
    const UnitPrice now_price =
        PriceUnit(catalog, deals, product, quantity, now);
    const UnitPrice at_target = PriceUnit(catalog, deals, product, target, now);
    // A break that does not beat today's unit price (a promotion already
    // gives as much) is no reason to buy more.
    if (at_target.quantity_break != static_cast<int32_t>(i) ||
        at_target.price >= now_price.price) {
      break;
    }
    q.extra_units = target - quantity;
    q.unit_price = at_target.price;
    // A deep break can make the bigger line cheaper than today's: that
    // costs nothing extra, it does not pay the customer.
    q.extra_pay = std::max<int64_t>(
        0, target * at_target.price - quantity * now_price.price);
    q.saving = target * (at_target.list - at_target.price);
    q.quantity_break = static_cast<int32_t>(i);
    break;
  }
  return q;
}

}  // namespace offergraph
