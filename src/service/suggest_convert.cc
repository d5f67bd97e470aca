#include "service/suggest_convert.h"

#include <algorithm>

#include "absl/base/optimization.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace offergraph {
namespace {

absl::Status Invalid(const std::string& message) {
  return absl::InvalidArgumentError(message);
}

void SetMoney(int64_t units, const std::string& currency, v1::Money* out) {
  out->set_units(units);
  out->set_currency(currency);
}

// A sku is product data, not personal data: echo it (bounded). The field
// is named `list`[`index`]`suffix`, formatted only on error (a valid request
// formats nothing).
absl::Status CheckSku(const char* list, int index, const char* suffix,
                      const std::string& sku) {
  if (ABSL_PREDICT_TRUE(!sku.empty() && sku.size() <= kMaxIdBytes)) {
    return absl::OkStatus();
  }
  if (sku.empty()) {
    return Invalid(
        absl::StrFormat("%s[%d]%s: must not be empty", list, index, suffix));
  }
  return Invalid(absl::StrFormat("%s[%d]%s: must be at most %d bytes, got %d",
                                 list, index, suffix, kMaxIdBytes, sku.size()));
}

}  // namespace

absl::StatusOr<ConvertedSuggest> ConvertSuggestRequest(
    const v1::SuggestRequest& request, const Snapshot& snapshot) {
  const RuleParams& rules = snapshot.rules;
  ConvertedSuggest out;
  DecisionInput& in = out.input;

  if (auto s = CheckId("customer_id", request.customer_id(), IdRequired::kNo);
      !s.ok()) {
    return s;
  }
  if (auto s = CheckId("session_id", request.session_id(), IdRequired::kNo);
      !s.ok()) {
    return s;
  }

  const int channel = request.channel();
  if (channel == v1::CHANNEL_UNSPECIFIED) {
    return Invalid(
        "channel: must be set (CHECKOUT, SUPPORT_DESK, POST_PURCHASE, BROWSE "
        "or RENEWAL), got CHANNEL_UNSPECIFIED");
  }
  if (!v1::Channel_IsValid(channel)) {
    return Invalid(absl::StrFormat("channel: unknown value %d", channel));
  }
  in.channel = static_cast<v1::Channel>(channel);

  if (request.cart_size() > rules.max_cart_lines) {
    return Invalid(absl::StrFormat("cart: %d lines exceed the limit of %d",
                                   request.cart_size(), rules.max_cart_lines));
  }
  in.cart.reserve(request.cart_size());
  // The lines seen so far, so that merging a repeated sku and listing an
  // unknown one once cost a hash lookup each and the request path stays
  // linear in the cart (searching the lines before each line made 100,000
  // distinct unknown skus take 17 s). Thread-local: a warm thread allocates
  // nothing for carts of up to about a hundred lines.
  thread_local absl::flat_hash_map<ProductId, size_t> position;  // in in.cart
  thread_local absl::flat_hash_set<absl::string_view> unknown;  // views request
  position.clear();
  unknown.clear();
  int currency_line = -1;  // the first known line: it sets the currency
  for (int i = 0; i < request.cart_size(); ++i) {
    const v1::CartLine& line = request.cart(i);
    if (auto s = CheckSku("cart", i, ".sku", line.sku()); !s.ok()) return s;
    if (line.quantity() < 1 || line.quantity() > kMaxQuantity) {
      return Invalid(
          absl::StrFormat("cart[%d].quantity: must be in [1, %d], got %d", i,
                          kMaxQuantity, line.quantity()));
    }
    ProductId id = snapshot.catalog.Find(line.sku());
    if (id == kNoProduct) {
      if (unknown.insert(line.sku()).second) {
        out.unknown_skus.push_back(line.sku());
      }
      continue;
    }
    if (currency_line < 0) {
      currency_line = i;
    } else if (snapshot.catalog.facts(id).currency !=
               snapshot.catalog.facts(in.cart.front().product).currency) {
      const Product& first = snapshot.catalog.product(in.cart.front().product);
      return Invalid(absl::StrFormat(
          "cart[%d].sku: \"%s\" is priced in %s, but cart[%d] (\"%s\") in "
          "%s; a cart has one currency",
          i, line.sku(), snapshot.catalog.product(id).currency, currency_line,
          first.sku, first.currency));
    }
    // Merge duplicate lines, keeping the first position.
    const auto [it, added] = position.try_emplace(id, in.cart.size());
    if (added) {
      in.cart.push_back(CartItem{id, line.quantity()});
    } else {
      CartItem& first = in.cart[it->second];
      first.quantity = static_cast<int32_t>(std::min<int64_t>(
          int64_t{first.quantity} + line.quantity(), kMaxQuantity));
    }
  }

  // Empty: every kind.
  if (request.kinds_size() > 0) {
    in.want_cross_sell = false;
    in.want_upsell = false;
    in.want_bundle = false;
    in.want_quantity = false;
    for (int i = 0; i < request.kinds_size(); ++i) {
      int kind = request.kinds(i);
      if (kind == v1::CROSS_SELL) {
        in.want_cross_sell = true;
      } else if (kind == v1::UPSELL) {
        in.want_upsell = true;
      } else if (kind == v1::BUNDLE) {
        in.want_bundle = true;
      } else if (kind == v1::QUANTITY) {
        in.want_quantity = true;
      } else {
        return Invalid(absl::StrFormat(
            "kinds[%d]: must be CROSS_SELL, UPSELL, BUNDLE or QUANTITY, got "
            "%d",
            i, kind));
      }
    }
  }

  if (request.max_offers() < 0) {
    return Invalid(absl::StrFormat("max_offers: must be >= 0, got %d",
                                   request.max_offers()));
  }
  in.max_offers = std::min(request.max_offers(), rules.max_offers_cap);

  const v1::SessionSignals& sig = request.signals();
  if (sig.budget_limit() < 0) {
    return Invalid(absl::StrFormat("signals.budget_limit: must be >= 0, got %d",
                                   sig.budget_limit()));
  }
  if (sig.tenure_days() < 0) {
    return Invalid(absl::StrFormat("signals.tenure_days: must be >= 0, got %d",
                                   sig.tenure_days()));
  }
  in.complaint_open = sig.complaint_open();
  in.budget_sensitive = sig.budget_sensitive();
  in.budget_limit = sig.budget_limit();
  in.overwhelmed = sig.overwhelmed();
  in.tenure_days = sig.tenure_days();

  if (request.owned_skus_size() > kMaxOwnedSkus) {
    return Invalid(
        absl::StrFormat("owned_skus: %d entries exceed the limit of %d",
                        request.owned_skus_size(), kMaxOwnedSkus));
  }
  in.owned.reserve(request.owned_skus_size());
  for (int i = 0; i < request.owned_skus_size(); ++i) {
    if (auto s = CheckSku("owned_skus", i, "", request.owned_skus(i));
        !s.ok()) {
      return s;
    }
    ProductId id = snapshot.catalog.Find(request.owned_skus(i));
    if (id != kNoProduct) in.owned.push_back(id);
  }
  in.explain = request.explain();
  return out;
}

void FillSuggestResponse(const Snapshot& snapshot, const Decision& decision,
                         const ConvertedSuggest& converted,
                         v1::SuggestResponse* response) {
  const Catalog& catalog = snapshot.catalog;
  response->set_snapshot_version(snapshot.version);
  response->set_suppression(decision.suppression);
  for (const std::string& sku : converted.unknown_skus) {
    response->add_unknown_skus(sku);
  }
  response->mutable_offers()->Reserve(static_cast<int>(decision.offers.size()));
  for (const RankedOffer& ranked : decision.offers) {
    v1::Offer* offer = response->add_offers();
    const std::string& currency = OfferCurrency(snapshot, ranked);
    offer->set_kind(ranked.kind);
    if (ranked.bundle >= 0) {
      const Bundle& bundle = snapshot.deals.bundles()[ranked.bundle];
      offer->set_sku(bundle.id);
      offer->set_name(bundle.name);
      offer->set_bundle_id(bundle.id);
    } else {
      const Product& p = catalog.product(ranked.product);
      offer->set_sku(p.sku);
      offer->set_name(p.name);
      offer->set_category(p.category);
    }
    for (ProductId anchor : ranked.anchors) {
      offer->add_anchor_skus(catalog.product(anchor).sku);
    }
    offer->set_score(ranked.score);
    offer->set_propensity(ranked.propensity);
    offer->set_affinity(ranked.affinity);
    offer->set_evidence(ranked.evidence);
    offer->set_propensity_low(ranked.propensity_low);
    offer->set_propensity_high(ranked.propensity_high);
    offer->set_propensity_source(ranked.source);
    offer->set_choice_probability(ranked.choice_probability);
    SetMoney(ranked.price, currency, offer->mutable_price());
    if (ranked.kind == v1::UPSELL) {
      SetMoney(ranked.price_delta, currency, offer->mutable_price_delta());
    }
    offer->set_reason(OfferReasonCode(ranked.reason));
    offer->set_pitch(OfferPitch(snapshot, ranked));
    offer->mutable_items()->Reserve(static_cast<int>(ranked.items.size()));
    for (const OfferLine& line : ranked.items) {
      v1::OfferItem* item = offer->add_items();
      item->set_sku(catalog.product(line.product).sku);
      item->set_quantity(line.quantity);
      SetMoney(line.unit_price, currency, item->mutable_unit_price());
    }
    SetMoney(ranked.extra_pay, currency, offer->mutable_extra_pay());
    SetMoney(ranked.saving, currency, offer->mutable_saving());
    if (ranked.original_price > 0) {
      SetMoney(ranked.original_price, currency,
               offer->mutable_original_price());
    }
    if (ranked.expires_at != absl::InfiniteFuture()) {
      // Timestamp: whole seconds rounded down, nanos in [0, 1e9).
      const int64_t seconds = absl::ToUnixSeconds(ranked.expires_at);
      offer->mutable_expires_at()->set_seconds(seconds);
      offer->mutable_expires_at()->set_nanos(static_cast<int32_t>(
          absl::ToInt64Nanoseconds(ranked.expires_at -
                                   absl::FromUnixSeconds(seconds))));
    }
    if (ranked.promotion >= 0) {
      offer->set_promotion_id(snapshot.deals.promotions()[ranked.promotion].id);
    }
  }
  for (const SuppressedCandidate& s : decision.suppressed) {
    v1::Suppressed* out = response->add_suppressed();
    out->set_sku(std::string(OfferSku(snapshot, s)));
    out->set_kind(s.kind);
    out->set_reason(s.reason);
    if (s.promotion >= 0) {
      out->set_promotion_id(snapshot.deals.promotions()[s.promotion].id);
    }
  }
}

}  // namespace offergraph
