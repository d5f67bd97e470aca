// File: srm.h
// -----------------------------------------------------------------------------
// The sample-ratio-mismatch (SRM) check: do the units counted in each arm
// fit the shares the experiment was configured with? A mismatch means the
// assignment or the logging is broken (bots filtered in one arm, a redirect
// that loses users, outcomes joined differently), and then no lift computed
// from the arms can be trusted, however significant.
//
// Pearson's chi-square goodness-of-fit test: Q = sum (O_i - E_i)^2 / E_i with
// E_i = N * share_i, against a chi-square with (arms - 1) degrees of freedom.
//
// Threshold: a mismatch is flagged when p < 0.001 (SrmOptions), the usual
// choice for SRM (Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online
// Controlled Experiments", KDD 2019): the check runs on every experiment and
// every refresh of a report, so a 0.05 threshold would raise false alarms all
// the time, while real SRMs on large samples give far smaller p-values.
//
// Example:
//   ASSIGN_OR_RETURN(SrmResult srm,
//                    TestSampleRatio({control_units, treatment_units},
//                                    {0.5, 0.5}));
//   if (srm.mismatch) ...  // do not report the lift
//
// Thread safety: pure function.
#ifndef OFFERGRAPH_STATS_SRM_H_
#define OFFERGRAPH_STATS_SRM_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace offergraph::stats {

struct SrmOptions {
  // A mismatch is flagged when the p-value is below this; in (0, 1).
  double threshold = 0.001;
};

struct SrmResult {
  // Pearson's statistic.
  double chi_square = 0;
  // Arms - 1.
  int degrees_of_freedom = 0;
  double p_value = 1;
  // p_value < threshold.
  bool mismatch = false;
  // The expected count of each arm, N * share.
  std::vector<double> expected;
};

// Tests observed unit counts per arm against configured shares. Shares are
// normalised to sum to 1, so {1, 1} and {0.5, 0.5} mean the same.
// InvalidArgument when the spans differ in size, there are fewer than 2
// arms, a count is negative, no unit was counted, a share is not positive
// and finite, or the threshold is outside (0, 1).
absl::StatusOr<SrmResult> TestSampleRatio(absl::Span<const int64_t> observed,
                                          absl::Span<const double> shares,
                                          const SrmOptions& options = {});

}  // namespace offergraph::stats

#endif  // OFFERGRAPH_STATS_SRM_H_
