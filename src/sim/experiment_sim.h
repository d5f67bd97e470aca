// File: experiment_sim.h
// -----------------------------------------------------------------------------
// offergraph-sim's experiment mode (--experiment): does the experiment
// machinery tell the truth? Simulated customers are units assigned to arms by
// the real ExperimentPlan (experiments.h), each arm's decisions are the
// engine's with that arm's rules, and the arms are compared with the
// statistics a report uses (src/stats), over many independent seeds, so the
// intervals' coverage and the tests' error rates can be counted against a
// truth known by construction.
//
// A seed (replicate) r has `units` units: customer "u<r>-<i>", one session
// each, on a test basket drawn by a hash of (r, i) with its own hold-out.
// The graph, prices and the customers' hidden appeal are the same in every
// seed (one population); the units, their baskets and the customers' coins
// are new in each.
//
//   kAA       two arms, same rules, same customers: true difference 0.
//   kAB       two arms, same rules, but in the treatment arm every hidden
//             acceptance probability is multiplied by (1 + true_effect). As
//             both arms show the same offers for the same session and
//             0.95 * (1 + true_effect) <= 1, the expected acceptances per
//             unit of the treatment are exactly (1 + true_effect) times the
//             control's: the true relative lift of acceptances per unit is
//             true_effect.
//   kHoldout  the holdout (no offers, its decisions still made as ghosts)
//             against everyone else: revenue per unit = the cart's value
//             plus the accepted offers' prices. The true difference is the
//             expected offer revenue per session, E[sum over the offers
//             shown of P(accept) * price], estimated from every unit's
//             decision (ghosts too) over all seeds.
//
// Metrics per unit: acceptances (accepted offers) and revenue (major units).
// A/A and A/B compare acceptances per unit (Welch, relative lift with the
// delta method); the holdout compares revenue per unit (Welch, and CUPED
// with the cart's value, known before any offer, as the covariate). Each
// seed also runs the sample-ratio test on the units counted per arm against
// the arms' realised shares; drop_arm_units removes that share of the
// treatment arm's units (hashed), as a broken assignment or logging would.
//
// Thread safety: a pure function of its inputs; single-threaded.
#ifndef OFFERGRAPH_SIM_EXPERIMENT_SIM_H_
#define OFFERGRAPH_SIM_EXPERIMENT_SIM_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "mine/baskets.h"
#include "sim/simulator.h"
#include "stats/lift.h"

namespace offergraph::sim {

enum class ExperimentKind { kAA, kAB, kHoldout };

// "aa", "ab", "holdout".
absl::StatusOr<ExperimentKind> ParseExperimentKind(absl::string_view name);

struct ExperimentSimConfig {
  ExperimentKind kind = ExperimentKind::kAA;
  int64_t seeds = 500;
  uint64_t first_seed = 1;
  int64_t units = 20000;          // per seed
  double true_effect = 0.05;      // kAB; in (-1, 1 / 0.95 - 1]
  double drop_arm_units = 0;      // share of the treatment's units lost
  double holdout_units = 0.5;     // kHoldout, without a rules file's holdout
  double confidence = 0.95;
  // A rules.textproto (contents and name for errors). Empty: the defaults,
  // with a 50/50 experiment (kAA, kAB) or a holdout of holdout_units
  // (kHoldout) added. A file with experiments uses its first experiment's
  // first two arms as control and treatment; one with a holdout, its
  // holdout.
  std::string rules_text;
  std::string rules_name = "rules.textproto";
};

// Counts out of seeds with the Monte Carlo standard error of the share.
struct SeedShare {
  int64_t hits = 0;
  int64_t seeds = 0;
  double share() const {
    return seeds == 0 ? 0 : static_cast<double>(hits) / seeds;
  }
  double standard_error() const;
};

struct ExperimentSimReport {
  int64_t session_baskets = 0;
  int64_t edges = 0;
  double mean_units_control = 0;
  double mean_units_treatment = 0;
  // The compared metric and its true value (relative lift for A/A and A/B,
  // absolute difference for the holdout).
  std::string metric;
  double truth = 0;
  double mean_estimate = 0;
  double sd_estimate = 0;        // across seeds
  double mean_standard_error = 0;  // the intervals' own
  double mean_control = 0;       // the control arm's metric
  SeedShare covered;             // the interval holds the truth
  SeedShare significant;         // p < 1 - confidence
  SeedShare srm_flagged;         // sample-ratio mismatch (p < 0.001)
  // Holdout only: the same with CUPED (cart value as covariate).
  SeedShare cuped_covered;
  double mean_cuped_estimate = 0;
  double sd_cuped_estimate = 0;
  double mean_cuped_standard_error = 0;
  double mean_variance_reduction = 0;
  // The first seed's comparison, as a report would show it.
  struct FirstSeed {
    double control = 0;  // the arms' metric
    double treatment = 0;
    stats::Estimate estimate;  // as `metric` says
    std::optional<stats::Estimate> relative;
    double p_value = 1;
    bool has_cuped = false;
    stats::Estimate cuped;  // holdout: CUPED absolute difference
  } first;
  double seconds = 0;
};

absl::StatusOr<ExperimentSimReport> SimulateExperiments(
    const mine::Baskets& baskets, const SimConfig& base,
    const ExperimentSimConfig& config);

std::string FormatExperimentReport(const ExperimentSimReport& report,
                                   const ExperimentSimConfig& config);

}  // namespace offergraph::sim

#endif  // OFFERGRAPH_SIM_EXPERIMENT_SIM_H_
