// File: scoring.h
// -----------------------------------------------------------------------------
// Scores a candidate: affinity * value ^ value_weight (affinity: the
// propensity, unless rules.cross_sell_combination or popularity_exponent
// say otherwise for a cross-sell; see candidates.h), where value is the
// offer's expected margin in major units (cross-sell: price * margin;
// upsell: max(price - upgraded line's price, 0) * margin), an unknown margin
// (< 0) taking default_margin, floored at kMinValue so that a zero value
// never zeroes a relevant offer. value_weight 0 ranks by propensity alone,
// 1 by expected value.
//
// Example:
//   Scorer scorer(snapshot.catalog, snapshot.rules);
//   candidate.score = scorer.Score(candidate);
#ifndef OFFERGRAPH_ENGINE_SCORING_H_
#define OFFERGRAPH_ENGINE_SCORING_H_

#include "engine/candidates.h"
#include "offergraph/catalog.h"
#include "offergraph/rule_params.h"

namespace offergraph {

// The floor of a candidate's value, in major units.
inline constexpr double kMinValue = 0.01;

// Holds references to the catalog and rules, which must outlive it; reads
// only the catalog's ProductFacts. Immutable: safe for concurrent use.
class Scorer {
 public:
  Scorer(const Catalog& catalog, const RuleParams& rules)
      : catalog_(catalog), rules_(rules) {}

  // Expected margin of `candidate` in major units, >= kMinValue.
  double Value(const Candidate& candidate) const;
  // affinity * Value() ^ value_weight.
  double Score(const Candidate& candidate) const {
    return Combine(candidate.affinity, candidate);
  }
  // strength * Value(candidate) ^ value_weight (the learned propensity
  // takes the affinity's place).
  double Combine(double strength, const Candidate& candidate) const;

 private:
  const Catalog& catalog_;
  const RuleParams& rules_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_ENGINE_SCORING_H_
