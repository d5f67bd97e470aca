// Decide: candidates -> whole-response rules -> per-candidate rules ->
// scoring -> ranking, on thread-local scratch so that a warm thread
// allocates only the Decision it returns.
#include "offergraph/engine/engine.h"

#include <vector>

#include "engine/candidates.h"
#include "engine/ranking.h"
#include "engine/rules.h"
#include "engine/scoring.h"

namespace offergraph {
namespace {

void Suppress(const DecisionInput& in, const Candidate& cand,
              v1::SuppressionReason reason, Decision* d) {
  ++d->suppression_counts[reason];
  if (in.explain) d->suppressed.push_back({cand.product, cand.kind, reason});
}

RankedOffer ToRankedOffer(const Catalog& catalog, const Candidate& cand) {
  RankedOffer offer;
  offer.product = cand.product;
  offer.kind = cand.kind;
  offer.anchors = cand.anchors;
  offer.score = cand.score;
  offer.propensity = cand.propensity;
  offer.edge_pitch = cand.edge_pitch;
  if (cand.kind == v1::UPSELL) {
    offer.price_delta =
        catalog.facts(cand.product).price - catalog.facts(cand.upgraded).price;
    offer.reason =
        cand.derived ? OfferReason::kUpgradeTier : OfferReason::kUpgradeEdge;
  } else {
    offer.reason = cand.anchors.size() > 1 ? OfferReason::kComplementMulti
                                           : OfferReason::kComplement;
  }
  return offer;
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
  if (in.explain) d.suppressed.reserve(candidates.size());

  const v1::SuppressionReason whole =
      WholeResponseReason(snapshot.rules, in, history, now);
  if (whole != v1::SUPPRESSION_REASON_UNSPECIFIED) {
    d.suppression = whole;
    for (const Candidate& cand : candidates) Suppress(in, cand, whole, &d);
    if (candidates.empty()) ++d.suppression_counts[whole];
    return d;
  }

  // Rules, then scores for the candidates they let through.
  const CandidateRules rules(snapshot, in, history, now);
  const Scorer scorer(snapshot.catalog, snapshot.rules);
  thread_local std::vector<Candidate*> valid;
  valid.clear();
  for (Candidate& cand : candidates) {
    cand.suppressed = rules.Reason(cand);
    if (cand.suppressed != v1::SUPPRESSION_REASON_UNSPECIFIED) {
      Suppress(in, cand, cand.suppressed, &d);
      continue;
    }
    cand.score = scorer.Score(cand);
    valid.push_back(&cand);
  }

  const size_t keep =
      RankCandidates(snapshot.catalog, MaxOffers(snapshot.rules, in.max_offers),
                     in.explain, &valid);
  d.offers.reserve(keep);
  for (size_t i = 0; i < keep; ++i) {
    d.offers.push_back(ToRankedOffer(snapshot.catalog, *valid[i]));
  }
  for (size_t i = keep; i < valid.size(); ++i) {
    Suppress(in, *valid[i], v1::OFFER_LIMIT, &d);
  }
  return d;
}

}  // namespace offergraph
