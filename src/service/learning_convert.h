// File: learning_convert.h
// -----------------------------------------------------------------------------
// Between the engine's learned numbers and the ledger: what a decision logs
// about an offer (OfferLog), and what an outcome teaches the model
// (OutcomeEvidence) from what the ledger returns for it.
#ifndef OFFERGRAPH_SERVICE_LEARNING_CONVERT_H_
#define OFFERGRAPH_SERVICE_LEARNING_CONVERT_H_

#include "learn/learner.h"
#include "ledger/offer_ledger.h"
#include "offergraph/engine.h"

namespace offergraph {

// The offer's log; learned = false when the engine did not use the model.
OfferLog LogFor(const RankedOffer& offer);

// What `result` (of recording `record`) teaches the model. Only for an
// outcome that was recorded (not a duplicate) of an offer logged with
// learning on (result.log.learned).
OutcomeEvidence EvidenceFor(const OutcomeRecord& record,
                            const OutcomeResult& result);

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_LEARNING_CONVERT_H_
