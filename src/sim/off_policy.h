// File: off_policy.h
// -----------------------------------------------------------------------------
// Off-policy evaluation (offergraph-eval --ope): what a candidate rule
// configuration would have earned, estimated from decisions an exploring
// policy logged (decision_log.h), without showing the candidate to anyone.
//
// The candidate is the engine with the candidate's rules, deterministic
// (no learned model, no exploration), re-run on each logged cart: it shows
// the slate C_i. The logging policy showed S_i, each offer o with logged
// probability p_o > 0. Rewards are per offer (r_o: accepted, or the price if
// accepted), and a session's value is the sum over the offers shown, which
// assumes an offer's acceptance does not depend on the other offers shown
// (true of offergraph-sim's customer). Per decision i:
//
//   IPS    Y_i = sum_{o in C_i and S_i} r_o / p_o
//   SNIPS  sum_i Y_i / sum_i W_i * mean_i |C_i|,
//          W_i = sum_{o in C_i and S_i} 1 / p_o   (E[W_i] = |C_i|)
//   DR     Y_i = sum_{o in C_i} m_o + sum_{o in C_i and S_i} (r_o - m_o) / p_o
//
// where m_o is the reward model: the offer's (sku's) mean acceptance over
// every showing in the log (the whole log's mean for a sku never shown),
// times its price for revenue. IPS and DR are means of per-decision values,
// with normal intervals from their sample variance; SNIPS is a ratio of
// means with the delta-method interval (stats::RatioArm). Unbiased (IPS,
// DR) when every offer the candidate shows had a positive probability under
// the logging policy: the candidate must keep within the offers the logging
// rules allowed (e.g. a different ranking, fewer offers).
//
// Thread safety: pure functions.
#ifndef OFFERGRAPH_SIM_OFF_POLICY_H_
#define OFFERGRAPH_SIM_OFF_POLICY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "offergraph/rule_params.h"
#include "offergraph/snapshot.h"
#include "sim/decision_log.h"
#include "stats/lift.h"
#include "stats/moments.h"

namespace offergraph::sim {

// The candidate's offers for one logged decision.
struct CandidateOffer {
  std::string sku;
  int64_t price = 0;  // minor units
};
using CandidateSlate = std::vector<CandidateOffer>;

// Re-runs the engine with `rules` (no model: deterministic) on every logged
// cart, at the checkout, cross-sells and upsells. InvalidArgument naming
// the decision when a cart sku is not in the snapshot's catalog.
absl::StatusOr<std::vector<CandidateSlate>> CandidateSlates(
    const Snapshot& snapshot, const RuleParams& rules,
    absl::Span<const LoggedDecision> log);

struct OpeEstimates {
  stats::Estimate ips;
  stats::Estimate snips;
  stats::Estimate dr;
};

struct OpeReport {
  int64_t decisions = 0;
  // Mean size of the candidate's slate (offers per decision).
  double mean_slate = 0;
  // Logged showings of offers the candidate also shows, out of all.
  int64_t matched_showings = 0;
  int64_t showings = 0;
  // Per decision: acceptances, and revenue in major units.
  OpeEstimates accepted;
  OpeEstimates revenue;
};

// The estimators above. InvalidArgument when the log and the slates differ
// in size, fewer than 2 decisions, a confidence outside (0, 1), or no logged
// showing of any candidate offer (SNIPS has nothing to normalise).
absl::StatusOr<OpeReport> EstimateOffPolicy(
    absl::Span<const LoggedDecision> log,
    absl::Span<const CandidateSlate> slates, double confidence = 0.95);

std::string FormatOpeReport(const OpeReport& report);

// The mean of Y with its normal interval, mean +- z sd / sqrt(n): how the
// IPS and DR values are reported, and the on-policy value they are checked
// against.
stats::Estimate MeanInterval(const stats::Moments& m,
                             double confidence = 0.95);

}  // namespace offergraph::sim

#endif  // OFFERGRAPH_SIM_OFF_POLICY_H_
