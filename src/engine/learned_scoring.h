// File: learned_scoring.h
// -----------------------------------------------------------------------------
// The learned propensity step of a decision: for each candidate the rules let
// through, the model's calibrated probability of acceptance in this
// request's context replaces the graph's statistic in the score
// (propensity * value ^ value_weight, as before).
//
// Example:
//   LearnedScorer learned(snapshot, input, history, *input.model);
//   learned.Score(scorer, &candidate);
#ifndef OFFERGRAPH_ENGINE_LEARNED_SCORING_H_
#define OFFERGRAPH_ENGINE_LEARNED_SCORING_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "engine/candidates.h"
#include "engine/scoring.h"
#include "learn/propensity_model.h"
#include "offergraph/context_features.h"
#include "offergraph/engine.h"
#include "offergraph/snapshot.h"

namespace offergraph {

// True when `input` asks for the learned propensity (and its experiment
// arm, if any, did not turn learning off).
inline bool UsesLearning(const DecisionInput& input) {
  return input.model != nullptr && input.model->params().enabled &&
         (input.rules == nullptr || input.rules->learning.enabled);
}

// Holds references to the snapshot, the input and the model, which must
// outlive it. Immutable after construction.
class LearnedScorer {
 public:
  LearnedScorer(const Snapshot& snapshot, const DecisionInput& input,
                const ContactHistory& history, const PropensityModel& model);

  // Fills candidate->learned, ->context and ->score.
  void Score(const Scorer& scorer, Candidate* candidate) const;

 private:
  const Snapshot& snapshot_;
  const DecisionInput& input_;
  const PropensityModel& model_;
  // The request's features, bucketed once per decision; the anchor category
  // is set per candidate.
  ContextFeatures base_;
  // The anchor-category bucket of every cart line (anchors are cart lines),
  // sorted by product: hashed once per decision, not once per candidate.
  std::vector<std::pair<ProductId, uint8_t>> anchor_buckets_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_ENGINE_LEARNED_SCORING_H_
