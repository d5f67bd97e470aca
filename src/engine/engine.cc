#include "offergraph/engine/engine.h"

#include <algorithm>
#include <cmath>

#include "engine/candidates.h"
#include "engine/contact_rules.h"
#include "offergraph/common/money.h"

namespace offergraph {
namespace {

double MajorUnits(int64_t minor, absl::string_view currency) {
  static constexpr double kScale[] = {1.0, 10.0, 100.0, 1000.0};
  return static_cast<double>(minor) / kScale[CurrencyExponent(currency)];
}

// Whole-response suppression, or UNSPECIFIED. Checked in the playbook's
// order of precedence.
v1::SuppressionReason WholeResponseReason(const Snapshot& snapshot,
                                          const DecisionInput& in,
                                          const ContactHistory& history,
                                          absl::Time now) {
  const RuleParams& p = snapshot.rules;
  if (in.complaint_open || history.state.complaint_open) {
    return v1::COMPLAINT_OPEN;
  }
  if (in.overwhelmed) return v1::OVERWHELMED;
  const ChannelRule& channel = p.ForChannel(in.channel);
  const bool any_kind = (in.want_cross_sell && channel.allow_cross_sell) ||
                        (in.want_upsell && channel.allow_upsell);
  if (!any_kind || in.tenure_days < channel.min_tenure_days) {
    return v1::CHANNEL_POLICY;
  }
  if (InQuietPeriod(history, p, now)) return v1::RECENT_ACCEPT;
  if (AtDailyCap(history, p, now)) return v1::FREQUENCY_CAP;
  return v1::SUPPRESSION_REASON_UNSPECIFIED;
}

// The first per-candidate rule that holds the candidate back, or
// UNSPECIFIED.
v1::SuppressionReason CandidateReason(const Snapshot& snapshot,
                                      const DecisionInput& in,
                                      const ContactHistory& history,
                                      absl::Time now, bool budget_sensitive,
                                      double cart_value,
                                      const Candidate& cand) {
  const RuleParams& p = snapshot.rules;
  const Product& product = snapshot.catalog.product(cand.product);
  for (const CartItem& item : in.cart) {
    if (item.product == cand.product) return v1::IN_CART;
  }
  if (std::find(in.owned.begin(), in.owned.end(), cand.product) !=
      in.owned.end()) {
    return v1::ALREADY_OWNED;
  }
  if (!product.in_stock) return v1::OUT_OF_STOCK;
  const ChannelRule& channel = p.ForChannel(in.channel);
  if ((cand.kind == v1::CROSS_SELL && !channel.allow_cross_sell) ||
      (cand.kind == v1::UPSELL && !channel.allow_upsell)) {
    return v1::CHANNEL_POLICY;
  }
  if (!cand.relevant) return v1::LOW_RELEVANCE;
  if (cand.kind == v1::UPSELL) {
    const double base =
        static_cast<double>(snapshot.catalog.product(cand.upgraded).price);
    const double ceiling = base * (1.0 + p.max_upsell_price_increase);
    if (static_cast<double>(product.price) > ceiling * (1.0 + 1e-12)) {
      return v1::PRICE_CEILING;
    }
  }
  if (budget_sensitive) {
    if (cand.kind == v1::UPSELL) return v1::BUDGET_SENSITIVE;
    const double limit = in.budget_limit > 0
                             ? static_cast<double>(in.budget_limit)
                             : p.budget_cart_share * cart_value;
    if (static_cast<double>(product.price) > limit * (1.0 + 1e-12)) {
      return v1::BUDGET_SENSITIVE;
    }
  }
  if (!history.skus.empty()) {
    auto it = history.skus.find(product.sku);
    if (it != history.skus.end()) {
      if (IsRecentlyDeclined(it->second, p, now)) return v1::RECENTLY_DECLINED;
      if (IsResting(it->second.presented, p, now)) return v1::COOLDOWN;
    }
  }
  return v1::SUPPRESSION_REASON_UNSPECIFIED;
}

// propensity * value ^ value_weight, value being the expected margin in
// major units (floored so a zero value never zeroes a relevant offer).
double Score(const Snapshot& snapshot, const Candidate& cand) {
  const RuleParams& p = snapshot.rules;
  const Product& product = snapshot.catalog.product(cand.product);
  const double margin = product.margin >= 0 ? product.margin : p.default_margin;
  int64_t amount = product.price;
  if (cand.kind == v1::UPSELL) {
    amount = std::max<int64_t>(
        0, product.price - snapshot.catalog.product(cand.upgraded).price);
  }
  const double value =
      std::max(MajorUnits(amount, product.currency) * margin, 0.01);
  if (p.value_weight == 0.0) return cand.propensity;
  if (p.value_weight == 1.0) return cand.propensity * value;
  return cand.propensity * std::pow(value, p.value_weight);
}

void Suppress(const DecisionInput& in, const Candidate& cand,
              v1::SuppressionReason reason, Decision* d) {
  ++d->suppression_counts[reason];
  if (in.explain) d->suppressed.push_back({cand.product, cand.kind, reason});
}

}  // namespace

const char* OfferReasonCode(OfferReason reason) {
  switch (reason) {
    case OfferReason::kComplement:
      return "complement";
    case OfferReason::kComplementMulti:
      return "complement_multi";
    case OfferReason::kUpgradeTier:
      return "upgrade_tier";
    case OfferReason::kUpgradeEdge:
      return "upgrade_edge";
  }
  return "unknown";
}

Decision Decide(const Snapshot& snapshot, const DecisionInput& in,
                const ContactHistory& history, absl::Time now) {
  Decision d;
  thread_local std::vector<Candidate> candidates;
  GatherCandidates(snapshot, in, &candidates);

  const v1::SuppressionReason whole =
      WholeResponseReason(snapshot, in, history, now);
  if (whole != v1::SUPPRESSION_REASON_UNSPECIFIED) {
    d.suppression = whole;
    for (const Candidate& cand : candidates) Suppress(in, cand, whole, &d);
    if (candidates.empty()) ++d.suppression_counts[whole];
    return d;
  }

  const bool budget_sensitive =
      in.budget_sensitive || history.state.budget_sensitive;
  double cart_value = 0;
  for (const CartItem& item : in.cart) {
    cart_value +=
        static_cast<double>(snapshot.catalog.product(item.product).price) *
        item.quantity;
  }

  // Rules, then scores for the survivors.
  thread_local std::vector<Candidate*> valid;
  valid.clear();
  for (Candidate& cand : candidates) {
    cand.suppressed = CandidateReason(snapshot, in, history, now,
                                      budget_sensitive, cart_value, cand);
    if (cand.suppressed != v1::SUPPRESSION_REASON_UNSPECIFIED) {
      Suppress(in, cand, cand.suppressed, &d);
      continue;
    }
    cand.score = Score(snapshot, cand);
    // Candidates come ordered by (product, kind): a product valid as both a
    // cross-sell and an upsell is offered once, as the higher-scoring kind
    // (a tie keeps the cross-sell).
    if (!valid.empty() && valid.back()->product == cand.product) {
      if (cand.score > valid.back()->score) valid.back() = &cand;
      continue;
    }
    valid.push_back(&cand);
  }

  const Catalog& catalog = snapshot.catalog;
  auto better = [&catalog](const Candidate* a, const Candidate* b) {
    if (a->score != b->score) return a->score > b->score;
    const std::string& sa = catalog.product(a->product).sku;
    const std::string& sb = catalog.product(b->product).sku;
    if (sa != sb) return sa < sb;
    return a->kind < b->kind;
  };
  const RuleParams& p = snapshot.rules;
  int max_offers = in.max_offers > 0 ? in.max_offers : p.default_max_offers;
  max_offers = std::min(max_offers, p.max_offers_cap);
  const size_t keep = std::min(valid.size(), static_cast<size_t>(max_offers));
  std::partial_sort(valid.begin(), valid.begin() + keep, valid.end(), better);
  if (in.explain) std::sort(valid.begin() + keep, valid.end(), better);

  d.offers.reserve(keep);
  for (size_t i = 0; i < valid.size(); ++i) {
    const Candidate& cand = *valid[i];
    if (i >= keep) {
      Suppress(in, cand, v1::OFFER_LIMIT, &d);
      continue;
    }
    RankedOffer offer;
    offer.product = cand.product;
    offer.kind = cand.kind;
    offer.anchors = cand.anchors;
    offer.score = cand.score;
    offer.propensity = cand.propensity;
    offer.edge_pitch = cand.edge_pitch;
    if (cand.kind == v1::UPSELL) {
      offer.price_delta = catalog.product(cand.product).price -
                          catalog.product(cand.upgraded).price;
      offer.reason =
          cand.derived ? OfferReason::kUpgradeTier : OfferReason::kUpgradeEdge;
    } else {
      offer.reason = cand.anchors.size() > 1 ? OfferReason::kComplementMulti
                                             : OfferReason::kComplement;
    }
    d.offers.push_back(std::move(offer));
  }
  return d;
}

}  // namespace offergraph
