// File: decision_log.h
// -----------------------------------------------------------------------------
// The decision log offergraph-sim writes (--decision_log) and offergraph-eval
// --ope reads: one line per decision of an exploring policy, with the
// probability with which the policy showed each offer (exploration.h) and
// the customer's answer. Documented in README "Off-policy evaluation".
//
// Format: text, one decision per line, three tab-separated fields:
//
//   <session>\t<cart>\t<offers>
//
//   session  the session's number, a non-negative integer;
//   cart     the cart's skus, comma-separated, at least one;
//   offers   the offers shown, comma-separated (empty: none shown), each
//            sku:choice_probability:accepted:price, where
//            choice_probability is in (0, 1], accepted is 0 or 1 and price
//            is the offer's price in minor units (>= 0).
//
// Lines starting with '#' and empty lines are skipped. A sku may not hold a
// tab, ',' or ':'.
//
// Example:
//   # offergraph decision log v1
//   17\tITEM-3,ITEM-9\tITEM-4:1:0:399,ITEM-12:0.025:1:250
//
// Thread safety: pure functions.
#ifndef OFFERGRAPH_SIM_DECISION_LOG_H_
#define OFFERGRAPH_SIM_DECISION_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace offergraph::sim {

struct LoggedOffer {
  std::string sku;
  // Probability with which the logging policy showed it, in (0, 1].
  double probability = 1;
  bool accepted = false;
  int64_t price = 0;  // minor units
};

struct LoggedDecision {
  int64_t session = 0;
  std::vector<std::string> cart;
  std::vector<LoggedOffer> offers;
};

// The first line the simulator writes.
inline constexpr absl::string_view kDecisionLogHeader =
    "# offergraph decision log v1: session<TAB>cart sku,...<TAB>"
    "sku:choice_probability:accepted:price_minor,...";

// One line, without its newline. InvalidArgument when a sku holds a tab,
// ',' or ':' or is empty, or a probability is outside (0, 1].
absl::StatusOr<std::string> FormatDecisionLine(const LoggedDecision& decision);

// Parses one line (not a comment). Errors are INVALID_ARGUMENT reading
// "<filename>:<line>:<column>: <what is wrong>", the column (1-based) at the
// start of the offending field.
absl::StatusOr<LoggedDecision> ParseDecisionLine(absl::string_view line,
                                                 absl::string_view filename,
                                                 int line_number);

// Parses a whole log held in memory (comments and empty lines skipped).
absl::StatusOr<std::vector<LoggedDecision>> ParseDecisionLog(
    absl::string_view contents, absl::string_view filename);

// Reads and parses a file (NOT_FOUND when it cannot be opened).
absl::StatusOr<std::vector<LoggedDecision>> ReadDecisionLog(
    const std::string& path);

}  // namespace offergraph::sim

#endif  // OFFERGRAPH_SIM_DECISION_LOG_H_
