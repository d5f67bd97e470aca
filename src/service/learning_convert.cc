#include "service/learning_convert.h"

#include <algorithm>

namespace offergraph {

OfferLog LogFor(const RankedOffer& offer) {
  OfferLog log;
  log.learned = offer.source == v1::PRIOR || offer.source == v1::LEARNED;
  if (!log.learned) return log;
  log.affinity = offer.affinity;
  log.prior_score = offer.prior_score;
  log.model_score = offer.model_score;
  log.propensity = offer.propensity;
  log.choice_probability = offer.choice_probability;
  static_assert(kFeatureCount <= std::tuple_size<decltype(log.features)>::value,
                "OfferLog.features holds every context feature");
  std::copy(offer.context.bucket.begin(), offer.context.bucket.end(),
            log.features.begin());
  return log;
}

OutcomeEvidence EvidenceFor(const OutcomeRecord& record,
                            const OutcomeResult& result) {
  OutcomeEvidence e;
  e.channel = result.channel;
  e.kind = result.kind;
  e.sku = record.sku;
  std::copy_n(result.log.features.begin(), kFeatureCount,
              e.features.bucket.begin());
  e.affinity = result.log.affinity;
  e.model_score = result.log.model_score;
  e.prior_score = result.log.prior_score;
  e.outcome = record.outcome;
  e.already_presented = result.already_presented;
  return e;
}

}  // namespace offergraph
