#include "engine/rules.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "engine/contact_rules.h"

namespace offergraph {
namespace {

// Relative slack for price comparisons made in double, so that a price
// exactly at a computed limit (1.5 * 999.99) is not lost to rounding.
constexpr double kPriceSlack = 1e-12;

bool Contains(absl::Span<const ProductId> sorted, ProductId id) {
  return std::binary_search(sorted.begin(), sorted.end(), id);
}

bool ById(const std::pair<ProductId, const SkuContact*>& a,
          const std::pair<ProductId, const SkuContact*>& b) {
  return a.first < b.first;
}

// Copies `ids` into thread-local `scratch`, sorted.
absl::Span<const ProductId> SortedCopy(absl::Span<const ProductId> ids,
                                       std::vector<ProductId>* scratch) {
  scratch->assign(ids.begin(), ids.end());
  std::sort(scratch->begin(), scratch->end());
  return *scratch;
}

}  // namespace

v1::SuppressionReason WholeResponseReason(const RuleParams& rules,
                                          const DecisionInput& input,
                                          const ContactHistory& history,
                                          absl::Time now) {
  if (input.complaint_open || history.state.complaint_open) {
    return v1::COMPLAINT_OPEN;
  }
  if (input.overwhelmed) return v1::OVERWHELMED;
  const ChannelRule& channel = rules.ForChannel(input.channel);
  const bool any_kind = (input.want_cross_sell && channel.allow_cross_sell) ||
                        (input.want_upsell && channel.allow_upsell) ||
                        (input.want_bundle && channel.allow_bundle) ||
                        (input.want_quantity && channel.allow_quantity);
  if (!any_kind || input.tenure_days < channel.min_tenure_days) {
    return v1::CHANNEL_POLICY;
  }
  if (InQuietPeriod(history, rules, now)) return v1::RECENT_ACCEPT;
  if (AtDailyCap(history, rules, now)) return v1::FREQUENCY_CAP;
  return v1::SUPPRESSION_REASON_UNSPECIFIED;
}

CandidateRules::CandidateRules(const Snapshot& snapshot,
                               const DecisionInput& input,
                               const ContactHistory& history, absl::Time now)
    : snapshot_(snapshot),
      input_(input),
      history_(history),
      now_(now),
      channel_(DecisionRules(snapshot, input).ForChannel(input.channel)),
      budget_sensitive_(input.budget_sensitive ||
                        history.state.budget_sensitive) {
  thread_local std::vector<ProductId> cart_scratch;
  thread_local std::vector<ProductId> owned_scratch;
  cart_scratch.clear();
  if (!input.cart.empty()) {
    cart_currency_ =
        snapshot.catalog.facts(input.cart.front().product).currency;
  }
  double cart_value = 0;
  for (const CartItem& item : input.cart) {
    cart_scratch.push_back(item.product);
    const ProductFacts& line = snapshot.catalog.facts(item.product);
    // Money meets money only in one currency.
    if (line.currency != cart_currency_) continue;
    cart_value += static_cast<double>(line.price) * item.quantity;
  }
  std::sort(cart_scratch.begin(), cart_scratch.end());
  cart_sorted_ = cart_scratch;
  owned_sorted_ = SortedCopy(input.owned, &owned_scratch);

  // The history is keyed by sku. Resolve it to ProductIds once here, so that
  // each candidate's check is a binary search over a few integers instead of
  // hashing its sku (a cache miss on its Product row). Skus no longer in the
  // catalog cannot be candidates and drop out.
  thread_local std::vector<std::pair<ProductId, const SkuContact*>>
      contact_scratch;
  contact_scratch.clear();
  for (const auto& entry : history.skus) snapshot.catalog.Prefetch(entry.first);
  for (const auto& [sku, contact] : history.skus) {
    const ProductId id = snapshot.catalog.Find(sku);
    if (id != kNoProduct) contact_scratch.push_back({id, &contact});
  }
  std::sort(contact_scratch.begin(), contact_scratch.end(), ById);
  contacts_ = contact_scratch;
  cart_share_cap_ = DecisionRules(snapshot, input).budget_cart_share * cart_value;
}

bool CandidateRules::OverBudget(int64_t price) const {
  if (input_.budget_limit > 0) return price > input_.budget_limit;
  return static_cast<double>(price) > cart_share_cap_ * (1.0 + kPriceSlack);
}

const SkuContact* CandidateRules::ContactOf(ProductId product) const {
  const std::pair<ProductId, const SkuContact*> key{product, nullptr};
  const auto it =
      std::lower_bound(contacts_.begin(), contacts_.end(), key, ById);
  if (it != contacts_.end() && it->first == product) return it->second;
  return nullptr;
}

v1::SuppressionReason CandidateRules::ContactReason(
    const SkuContact& contact) const {
  const RuleParams& rules = DecisionRules(snapshot_, input_);
  if (IsRecentlyDeclined(contact, rules, now_)) return v1::RECENTLY_DECLINED;
  if (IsResting(contact.presented, rules, now_)) return v1::COOLDOWN;
  return v1::SUPPRESSION_REASON_UNSPECIFIED;
}

v1::SuppressionReason CandidateRules::BundleReason(const Candidate& cand) const {
  if (cand.deal_reason != v1::SUPPRESSION_REASON_UNSPECIFIED) {
    return cand.deal_reason;
  }
  for (const OfferLine& item : cand.items) {
    if (Contains(owned_sorted_, item.product)) return v1::ALREADY_OWNED;
  }
  for (const OfferLine& item : cand.items) {
    if (!snapshot_.catalog.facts(item.product).in_stock) {
      return v1::OUT_OF_STOCK;
    }
  }
  const Bundle& bundle = snapshot_.deals.bundles()[cand.bundle];
  if (bundle.currency != cart_currency_) return v1::CURRENCY_MISMATCH;
  if (!channel_.allow_bundle) return v1::CHANNEL_POLICY;
  if (budget_sensitive_ && OverBudget(cand.extra_pay)) {
    return v1::BUDGET_SENSITIVE;
  }
  // Contacts are keyed by the offered sku: for a bundle, its id.
  const auto it = history_.skus.find(bundle.id);
  if (it != history_.skus.end()) return ContactReason(it->second);
  return v1::SUPPRESSION_REASON_UNSPECIFIED;
}

v1::SuppressionReason CandidateRules::QuantityReason(
    const Candidate& cand) const {
  const ProductFacts& product = snapshot_.catalog.facts(cand.product);
  if (!product.in_stock) return v1::OUT_OF_STOCK;
  if (product.currency != cart_currency_) return v1::CURRENCY_MISMATCH;
  if (!channel_.allow_quantity) return v1::CHANNEL_POLICY;
  if (budget_sensitive_ && OverBudget(cand.extra_pay)) {
    return v1::BUDGET_SENSITIVE;
  }
  if (const SkuContact* contact = ContactOf(cand.product)) {
    return ContactReason(*contact);
  }
  return v1::SUPPRESSION_REASON_UNSPECIFIED;
}

v1::SuppressionReason CandidateRules::Reason(const Candidate& cand) const {
  if (cand.kind == v1::BUNDLE) return BundleReason(cand);
  if (cand.kind == v1::QUANTITY) return QuantityReason(cand);
  const RuleParams& rules = DecisionRules(snapshot_, input_);
  const ProductFacts& product = snapshot_.catalog.facts(cand.product);
  if (Contains(cart_sorted_, cand.product)) return v1::IN_CART;
  if (Contains(owned_sorted_, cand.product)) return v1::ALREADY_OWNED;
  if (!product.in_stock) return v1::OUT_OF_STOCK;
  const bool upsell = cand.kind == v1::UPSELL;
  // Before every rule that compares prices: the ceiling, the budget and the
  // value ranking all assume one currency. The loaders keep upgrades within
  // one; the cart may still differ (DecisionInput.cart).
  if (product.currency != cart_currency_ ||
      (upsell &&
       product.currency != snapshot_.catalog.facts(cand.upgraded).currency)) {
    return v1::CURRENCY_MISMATCH;
  }
  if (upsell ? !channel_.allow_upsell : !channel_.allow_cross_sell) {
    return v1::CHANNEL_POLICY;
  }
  if (!cand.relevant) return v1::LOW_RELEVANCE;
  if (upsell) {
    const double base =
        static_cast<double>(snapshot_.catalog.facts(cand.upgraded).price);
    const double ceiling = base * (1.0 + rules.max_upsell_price_increase);
    if (static_cast<double>(product.price) > ceiling * (1.0 + kPriceSlack)) {
      return v1::PRICE_CEILING;
    }
  }
  // A cross-sell's budget test takes the price shown (after a promotion).
  const int64_t price = cand.price >= 0 ? cand.price : product.price;
  if (budget_sensitive_ && (upsell || OverBudget(price))) {
    return v1::BUDGET_SENSITIVE;
  }
  if (const SkuContact* contact = ContactOf(cand.product)) {
    return ContactReason(*contact);
  }
  return v1::SUPPRESSION_REASON_UNSPECIFIED;
}

}  // namespace offergraph
