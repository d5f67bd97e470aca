// File: learning_params.h
// -----------------------------------------------------------------------------
// The learned propensity's parameters as plain values with their defaults
// (rules.proto LearningRules documents each one).
#ifndef OFFERGRAPH_LEARNING_PARAMS_H_
#define OFFERGRAPH_LEARNING_PARAMS_H_

#include "absl/time/time.h"

namespace offergraph {

struct LearningParams {
  // Off: the propensity is the graph's statistic, as before learning
  // existed, bit for bit.
  bool enabled = true;
  // Cold start: an offer whose graph weight equals reference_affinity starts
  // at base_acceptance_rate; the prior mean scales linearly with the weight,
  // kept within [min_prior, max_prior].
  double base_acceptance_rate = 0.05;
  double reference_affinity = 0.25;
  double min_prior = 0.001;
  double max_prior = 0.9;
  // Weight of the prior, in expected acceptances: an offer's own outcomes
  // count as much as the prior once its prior expected this many
  // acceptances from its showings.
  double prior_strength = 3;
  // Share of decisions that explore (0 = never, the default: exploring
  // trades some revenue now for evidence later; 0.05 is what offergraph-sim
  // measures).
  double exploration_share = 0;
  // Context features used by the contextual adjustment (issue 11).
  bool feature_cart_size = true;
  bool feature_cart_value = true;
  bool feature_tenure = true;
  bool feature_budget_sensitive = true;
  bool feature_anchor_category = true;
  // Shrinkage of a feature bucket's log-odds lift, in pseudo-showings.
  double feature_strength = 200;
  // How often each server rebuilds its in-memory model from the evidence.
  absl::Duration refresh_interval = absl::Seconds(5);
  // Evidence halves every half_life (changes of taste); InfiniteDuration
  // keeps everything.
  absl::Duration half_life = absl::Hours(24 * 14);
  // Calibration refits once a channel has this many showings.
  double calibration_min_presented = 500;
  // Calibrated propensities stay within [floor, 1 - floor].
  double calibration_floor = 0.0005;
  // Credible interval reported with each propensity.
  double interval_mass = 0.9;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARNING_PARAMS_H_
