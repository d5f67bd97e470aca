// OfferCurrency and OfferPitch (engine.h): what the response shows for an offer.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "offergraph/engine.h"
#include "util/money.h"

namespace offergraph {
namespace {

// "the Sleeve", "2 x the Mouse".
std::string ItemPhrase(const Catalog& catalog, const OfferLine& item) {
  const std::string& name = catalog.product(item.product).name;
  if (item.quantity == 1) return absl::StrCat("the ", name);
  return absl::StrCat(item.quantity, " x the ", name);
}

// "Add the Sleeve, the Cable and the Mouse and save 12.00 USD".
std::string BundlePitch(const Snapshot& snapshot, const RankedOffer& offer,
                        const std::string& currency) {
  std::string items;
  for (size_t i = 0; i < offer.items.size(); ++i) {
    if (i > 0) absl::StrAppend(&items, i + 1 == offer.items.size() ? " and " : ", ");
    absl::StrAppend(&items, ItemPhrase(snapshot.catalog, offer.items[i]));
  }
  if (offer.saving <= 0) {
    return absl::StrCat("Complete the ",
                        snapshot.deals.bundles()[offer.bundle].name, ": add ",
                        items);
  }
  return absl::StrCat("Add ", items, " and save ",
                      FormatMoney(offer.saving, currency));
}

// "Add 1 more and save 10% on each: 2.00 USD off", or for a fixed break
// price "Add 2 more at 8.00 USD each: 4.00 USD off".
std::string QuantityPitch(const Snapshot& snapshot, const RankedOffer& offer,
                          const std::string& currency) {
  const int32_t extra = offer.items.empty() ? 0 : offer.items[0].quantity;
  const auto breaks = snapshot.deals.BreaksOf(offer.product);
  const std::string off = FormatMoney(offer.saving, currency);
  if (offer.quantity_break >= 0 &&
      static_cast<size_t>(offer.quantity_break) < breaks.size() &&
      breaks[offer.quantity_break].rule.price < 0) {
    const int32_t bp = breaks[offer.quantity_break].rule.discount_bp;
    const std::string pct = bp % 100 == 0
                                ? absl::StrCat(bp / 100)
                                : absl::StrFormat("%.2f", bp / 100.0);
    return absl::StrCat("Add ", extra, " more and save ", pct,
                        "% on each: ", off, " off");
  }
  return absl::StrCat("Add ", extra, " more at ",
                      FormatMoney(offer.price, currency), " each: ", off,
                      " off");
}

}  // namespace

const std::string& OfferCurrency(const Snapshot& snapshot,
                                 const RankedOffer& offer) {
  const ProductId p = offer.product != kNoProduct || offer.items.empty()
                          ? offer.product
                          : offer.items[0].product;
  return snapshot.catalog.product(p).currency;
}

std::string OfferPitch(const Snapshot& snapshot, const RankedOffer& offer) {
  const std::string& currency = OfferCurrency(snapshot, offer);
  switch (offer.kind) {
    case v1::BUNDLE: {
      const std::string& pitch = snapshot.deals.bundles()[offer.bundle].pitch;
      return pitch.empty() ? BundlePitch(snapshot, offer, currency) : pitch;
    }
    case v1::QUANTITY:
      return QuantityPitch(snapshot, offer, currency);
    default:
      break;
  }
  // Why this product (the edge's sentence, else the product's), then the
  // promotion's, so the agent says why it fits before what it costs.
  const std::string& own = offer.edge_pitch != 0
                               ? snapshot.graph.pitch(offer.edge_pitch)
                               : snapshot.catalog.product(offer.product).pitch;
  if (offer.promotion < 0) return own;
  const std::string& promotion =
      snapshot.deals.promotions()[offer.promotion].pitch;
  if (promotion.empty()) return own;
  if (own.empty()) return promotion;
  return absl::StrCat(own, " ", promotion);
}

}  // namespace offergraph
