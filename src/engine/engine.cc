// Decide: candidates -> whole-response rules -> per-candidate rules ->
// scoring -> ranking, on thread-local scratch so that a warm thread
// allocates only the Decision it returns.
#include "offergraph/engine.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "engine/candidates.h"
#include "engine/deal_candidates.h"
#include "engine/learned_scoring.h"
#include "engine/ranking.h"
#include "engine/rules.h"
#include "engine/scoring.h"
#include "learn/exploration.h"

namespace offergraph {
namespace {

void Suppress(const DecisionInput& in, const Candidate& cand,
              v1::SuppressionReason reason, Decision* d) {
  ++d->suppression_counts[reason];
  if (in.explain) {
    d->suppressed.push_back({cand.product, cand.kind, reason, cand.bundle});
  }
}

// Prices a cross-sell or upsell about to be shown with its promotion, unless
// the budget rule priced it already.
void PriceOffer(const Snapshot& snapshot, absl::Time now, Candidate* cand) {
  if (cand->kind <= v1::UPSELL && cand->price < 0) {
    PriceWithPromotion(snapshot, now, cand);
  }
}

// An offer made at list price although its product has a promotion that is
// not valid now: listed (explain) and counted as EXPIRED.
void NoteExpiredPromotion(const DecisionInput& in, const Candidate& cand,
                          Decision* d) {
  if (cand.expired_promotion < 0) return;
  ++d->suppression_counts[v1::EXPIRED];
  if (in.explain) {
    d->suppressed.push_back({cand.product, cand.kind, v1::EXPIRED, -1,
                             cand.expired_promotion});
  }
}

RankedOffer ToRankedOffer(const Catalog& catalog, const Candidate& cand) {
  RankedOffer offer;
  offer.product = cand.product;
  offer.kind = cand.kind;
  offer.anchors = cand.anchors;
  offer.score = cand.score;
  offer.propensity = cand.propensity;
  offer.affinity = cand.propensity;
  offer.propensity_low = cand.propensity;
  offer.propensity_high = cand.propensity;
  offer.edge_pitch = cand.edge_pitch;
  offer.bundle = cand.bundle;
  offer.promotion = cand.promotion;
  offer.quantity_break = cand.quantity_break;
  offer.expires_at = cand.expires_at;
  switch (cand.kind) {
    case v1::BUNDLE:
    case v1::QUANTITY:
      offer.reason = cand.kind == v1::BUNDLE ? OfferReason::kBundle
                                             : OfferReason::kQuantityBreak;
      offer.price = cand.price;
      offer.extra_pay = cand.extra_pay;
      offer.saving = cand.saving;
      offer.items = cand.items;
      if (cand.kind == v1::QUANTITY) {
        offer.original_price = catalog.facts(cand.product).price;
      }
      return offer;
    default:
      break;
  }
  // Cross-sell or upsell: one unit, at its promoted price when a promotion
  // is valid now (cand.price; -1 without deals: the list price).
  const int64_t list = catalog.facts(cand.product).price;
  offer.price = cand.price >= 0 ? cand.price : list;
  if (offer.price < list) {
    offer.original_price = list;
    offer.saving = list - offer.price;
  }
  offer.items.push_back({cand.product, 1, offer.price});
  if (cand.kind == v1::UPSELL) {
    offer.price_delta =
        catalog.facts(cand.product).price - catalog.facts(cand.upgraded).price;
    // What the customer pays on top: the price shown minus the line's list
    // price (a promotion on the upsell lowers it), never negative.
    offer.extra_pay = std::max<int64_t>(
        0, offer.price - catalog.facts(cand.upgraded).price);
    offer.reason =
        cand.derived ? OfferReason::kUpgradeTier : OfferReason::kUpgradeEdge;
  } else {
    offer.extra_pay = offer.price;
    offer.reason = cand.from_history          ? OfferReason::kComplementOwned
                   : cand.anchors.size() > 1 ? OfferReason::kComplementMulti
                                             : OfferReason::kComplement;
  }
  return offer;
}

// The learned model's numbers for an offer about to be shown.
void AddLearned(const PropensityModel& model, v1::Channel channel,
                const Candidate& cand, double choice_probability,
                RankedOffer* offer) {
  const PropensityPrediction& p = cand.learned;
  offer->propensity = p.propensity;
  const Interval interval = model.CalibratedInterval(channel, p);
  offer->propensity_low = interval.low;
  offer->propensity_high = interval.high;
  offer->evidence = p.evidence;
  offer->source = p.learned ? v1::LEARNED : v1::PRIOR;
  offer->model_score = p.score;
  offer->prior_score = p.prior;
  offer->context = cand.context;
  offer->choice_probability = choice_probability;
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
    case OfferReason::kBundle:
      return "bundle";
    case OfferReason::kQuantityBreak:
      return "quantity_break";
    case OfferReason::kComplementOwned:
      return "complement_owned";
  }
  return "unknown";
}

Decision Decide(const Snapshot& snapshot, const DecisionInput& in,
                const ContactHistory& history, absl::Time now) {
  Decision d;
  const bool deals = !snapshot.deals.empty();
  if (deals) {
    // The cart lines' deal index entries: their misses overlap with the
    // gathering of the cross-sells and upsells.
    for (const CartItem& line : in.cart) snapshot.deals.Prefetch(line.product);
  }
  thread_local std::vector<Candidate> candidates;
  GatherCandidates(snapshot, in, &candidates);
  // Deals: nothing at all to do for a snapshot without deal files. A
  // promotion changes what an offer shows, not how it ranks (value is taken
  // at list price), so only the offers shown are priced, a few lookups per
  // decision; in a budget-sensitive session the budget rule needs the price
  // shown, and every cross-sell and upsell is priced before the rules.
  if (deals) {
    if (in.budget_sensitive || history.state.budget_sensitive) {
      for (Candidate& cand : candidates) {
        PriceWithPromotion(snapshot, now, &cand);
      }
    }
    GatherDealCandidates(snapshot, in, now, &candidates);
  }
  if (in.explain) d.suppressed.reserve(candidates.size());

  const v1::SuppressionReason whole =
      WholeResponseReason(DecisionRules(snapshot, in), in, history, now);
  if (whole != v1::SUPPRESSION_REASON_UNSPECIFIED) {
    d.suppression = whole;
    for (const Candidate& cand : candidates) Suppress(in, cand, whole, &d);
    if (candidates.empty()) ++d.suppression_counts[whole];
    return d;
  }

  // Rules, then scores for the candidates they let through.
  const CandidateRules rules(snapshot, in, history, now);
  const Scorer scorer(snapshot.catalog, DecisionRules(snapshot, in));
  std::optional<LearnedScorer> learned;
  if (UsesLearning(in)) learned.emplace(snapshot, in, history, *in.model);
  thread_local std::vector<Candidate*> valid;
  valid.clear();
  for (Candidate& cand : candidates) {
    cand.suppressed = rules.Reason(cand);
    if (cand.suppressed != v1::SUPPRESSION_REASON_UNSPECIFIED) {
      Suppress(in, cand, cand.suppressed, &d);
      continue;
    }
    if (learned) {
      learned->Score(scorer, &cand);
    } else {
      cand.score = scorer.Score(cand);
    }
    valid.push_back(&cand);
  }

  const size_t max_offers = MaxOffers(DecisionRules(snapshot, in), in.max_offers);
  const size_t keep =
      RankCandidates(snapshot, max_offers, in.explain, &valid);
  if (!learned) {
    d.offers.reserve(keep);
    if (deals) {
      for (size_t i = 0; i < keep; ++i) {
        if (valid[i]->product != kNoProduct) {
          snapshot.deals.Prefetch(valid[i]->product);
        }
      }
    }
    for (size_t i = 0; i < keep; ++i) {
      if (deals) PriceOffer(snapshot, now, valid[i]);
      d.offers.push_back(ToRankedOffer(snapshot.catalog, *valid[i]));
      if (deals) NoteExpiredPromotion(in, *valid[i], &d);
    }
    for (size_t i = keep; i < valid.size(); ++i) {
      Suppress(in, *valid[i], v1::OFFER_LIMIT, &d);
    }
    return d;
  }

  // Learned: the policy may explore the last slot among the allowed
  // candidates beyond it (valid[keep - 1 ...]), by their uncertainty.
  thread_local std::vector<double> uncertainty;
  uncertainty.clear();
  for (const Candidate* cand : valid) {
    uncertainty.push_back(cand->learned.Uncertainty());
  }
  const ExplorationResult choice =
      ChooseOffers(uncertainty, max_offers,
                   in.model->params().exploration_share, in.explore_draw,
                   in.pick_draw);
  d.explored = choice.explored;
  d.offers.reserve(choice.shown.size());
  thread_local std::vector<bool> shown;
  shown.assign(valid.size(), false);
  for (size_t j = 0; j < choice.shown.size(); ++j) {
    Candidate& cand = *valid[choice.shown[j]];
    shown[choice.shown[j]] = true;
    if (deals) PriceOffer(snapshot, now, &cand);
    d.offers.push_back(ToRankedOffer(snapshot.catalog, cand));
    if (deals) NoteExpiredPromotion(in, cand, &d);
    AddLearned(*in.model, in.channel, cand, choice.probability[j],
               &d.offers.back());
  }
  for (size_t i = 0; i < valid.size(); ++i) {
    if (!shown[i]) Suppress(in, *valid[i], v1::OFFER_LIMIT, &d);
  }
  return d;
}

}  // namespace offergraph
