// File: pricing.h
// -----------------------------------------------------------------------------
// What an offer costs once bundles, quantity breaks and promotions apply.
// Pure integer arithmetic on minor units; no I/O, no clock (the caller passes
// `now`).
//
// Rules (README "Deals"), each checked by property tests:
//   * Rounding in the customer's favour: a percentage off rounds the
//     discounted price DOWN to the minor unit, so a saving is the exact
//     percentage plus less than one minor unit.
//   * No stacking: where a promotion and a quantity break both apply to a
//     unit, the lower single price wins; discounts never compound, so a
//     saving never exceeds the largest the files declare for that item.
//   * Never negative: every price, extra pay and saving is >= 0, and a
//     saving never exceeds the list price it is taken from.
//   * Idempotent: pricing the same inputs twice gives the same numbers;
//     a discounted price is never discounted again.
#ifndef OFFERGRAPH_PRICING_H_
#define OFFERGRAPH_PRICING_H_

#include <cstdint>

#include "absl/time/time.h"
#include "absl/types/span.h"
#include "offergraph/catalog.h"
#include "offergraph/deals.h"

namespace offergraph {

// `list` minus `discount_bp` basis points, rounded down; `list` when
// discount_bp <= 0, 0 when discount_bp >= 10000. list >= 0.
int64_t ApplyDiscount(int64_t list, int32_t discount_bp);

// The price `rule` gives for something listed at `list`: rule.price when
// fixed (never above list), else ApplyDiscount(list, rule.discount_bp).
int64_t ApplyRule(int64_t list, const PriceRule& rule);

// One unit's price at a given quantity and moment.
struct UnitPrice {
  int64_t list = 0;   // the catalog price
  int64_t price = 0;  // what one unit costs, <= list
  // The promotion that set `price` (index into Deals::promotions()), or -1.
  int32_t promotion = -1;
  // The quantity break that set `price` (index into Deals::BreaksOf), or -1.
  int32_t quantity_break = -1;
  // When `price` stops applying (the promotion's valid_until), or
  // InfiniteFuture.
  absl::Time expires_at = absl::InfiniteFuture();
};

// The lowest of: the list price, every promotion of `product` valid at
// `now`, and the highest break `quantity` reaches. Ties keep the list price,
// then the promotion (lowest index), then the break.
UnitPrice PriceUnit(const Catalog& catalog, const Deals& deals,
                    ProductId product, int32_t quantity, absl::Time now);

// A cart line's units already in a bundle: how many of each member's
// quantity the cart holds.
struct BundleQuote {
  // The members' list total, sum of list price * quantity.
  int64_t list_total = 0;
  // The bundle's price (Bundle::rule applied to list_total).
  int64_t bundle_price = 0;
  // List value of the missing units (member quantity minus what the cart
  // holds, at list price).
  int64_t missing_list = 0;
  // What completing the set costs on top of the cart: missing_list minus the
  // bundle's saving (list_total - bundle_price), at least 0.
  int64_t extra_pay = 0;
  // missing_list - extra_pay: what the customer saves by taking the offer.
  int64_t saving = 0;
  // True when the cart holds every member with its quantity.
  bool complete = false;
};

// Quotes `bundle` for a cart that holds in_cart[i] units of
// bundle.members[i] (in_cart.size() == members.size()).
BundleQuote QuoteBundle(const Catalog& catalog, const Bundle& bundle,
                        absl::Span<const int32_t> in_cart);

// Taking a cart line from `quantity` to `target` units.
struct QuantityQuote {
  int32_t extra_units = 0;       // target - quantity
  int64_t unit_price = 0;        // per unit at target (PriceUnit)
  // target * unit_price - line cost now, at least 0.
  int64_t extra_pay = 0;
  int64_t saving = 0;            // target * list - target * unit_price
  int32_t quantity_break = -1;   // the break reached (index into BreaksOf)
};

// Quotes adding units to reach the next break above `quantity` for
// `product`, or extra_units == 0 when no break is within max_extra_units.
QuantityQuote QuoteNextBreak(const Catalog& catalog, const Deals& deals,
                             ProductId product, int32_t quantity,
                             int32_t max_extra_units, absl::Time now);

}  // namespace offergraph

#endif  // OFFERGRAPH_PRICING_H_
