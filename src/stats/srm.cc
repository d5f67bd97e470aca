#include "stats/srm.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "stats/distributions.h"

namespace offergraph::stats {

absl::StatusOr<SrmResult> TestSampleRatio(absl::Span<const int64_t> observed,
                                          absl::Span<const double> shares,
                                          const SrmOptions& options) {
  if (observed.size() != shares.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(observed.size(), " observed counts for ", shares.size(),
                     " configured shares"));
  }
  if (observed.size() < 2) {
    return absl::InvalidArgumentError("the check needs at least 2 arms");
  }
  if (!(options.threshold > 0 && options.threshold < 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "threshold ", options.threshold, " is not strictly in (0, 1)"));
  }
  double total = 0;
  double share_sum = 0;
  for (size_t i = 0; i < observed.size(); ++i) {
    if (observed[i] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("arm ", i, " has a negative count ", observed[i]));
    }
    if (!(shares[i] > 0) || !std::isfinite(shares[i])) {
      return absl::InvalidArgumentError(absl::StrCat(
          "arm ", i, " has share ", shares[i], "; it must be positive"));
    }
    total += static_cast<double>(observed[i]);
    share_sum += shares[i];
  }
  if (total == 0) {
    return absl::InvalidArgumentError("no units counted in any arm");
  }

  SrmResult result;
  result.degrees_of_freedom = static_cast<int>(observed.size()) - 1;
  result.expected.reserve(observed.size());
  for (size_t i = 0; i < observed.size(); ++i) {
    const double expected = total * shares[i] / share_sum;
    const double gap = static_cast<double>(observed[i]) - expected;
    result.chi_square += gap * gap / expected;
    result.expected.push_back(expected);
  }
  result.p_value =
      ChiSquareUpperTail(result.chi_square, result.degrees_of_freedom);
  result.mismatch = result.p_value < options.threshold;
  return result;
}

}  // namespace offergraph::stats
