// File: experiment_aggregates.h
// -----------------------------------------------------------------------------
// What the ledger keeps per (experiment, arm, unit) so that an experiment's
// report reads one small record per unit, never the decisions: every store
// updates these aggregates when it writes a decision, an accepted outcome or
// an order, and ScanExperiment streams them. A report therefore costs
// O(units in the experiment), whatever the number of decisions logged.
//
// A unit enters an arm with its first decision there (ghost or not, offers
// or not). Orders recorded for a unit before that are pre-period revenue,
// the CUPED covariate; from then on they are the arm's orders and revenue.
//
// Example:
//   for (const ArmTag& tag : ArmsFor(d.experiment, d.arm, d.holdout_arm))
//     aggregate[{tag, unit}].Add(DecisionDelta(d.ghost, d.offers.size()));
#ifndef OFFERGRAPH_LEDGER_EXPERIMENT_AGGREGATES_H_
#define OFFERGRAPH_LEDGER_EXPERIMENT_AGGREGATES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "offergraph/internal/ledger.pb.h"

namespace offergraph {

// One unit's figures in one experiment arm. Counts; money in minor units.
struct UnitAggregate {
  int64_t decisions = 0;  // ghost ones included
  int64_t ghost_decisions = 0;
  int64_t offers_shown = 0;  // offers in decisions that were not ghosts
  int64_t offers_accepted = 0;
  int64_t orders = 0;  // from the unit's first decision on
  int64_t revenue = 0;
  int64_t pre_orders = 0;  // before it (the CUPED covariate)
  int64_t pre_revenue = 0;

  void Add(const UnitAggregate& other);
  bool operator==(const UnitAggregate& other) const;
};

// An (experiment, arm) a record counts for.
struct ArmTag {
  std::string experiment;
  std::string arm;
};

// The side of the holdout of a unit outside it, for experiment "holdout".
inline constexpr absl::string_view kHoldoutRestArm = "rest";

// The arms a record tagged so counts for: its experiment's arm (when
// tagged) and, when `holdout_arm` is set and the record is not already in
// the holdout, ("holdout", holdout_arm).
std::vector<ArmTag> ArmsFor(absl::string_view experiment, absl::string_view arm,
                            absl::string_view holdout_arm);

// The change one decision makes to its unit's aggregate.
UnitAggregate DecisionDelta(bool ghost, int64_t offers);

// Adds an order of `total` minor units to `aggregate`: pre-period while the
// unit has no decision in the arm, else an order of the arm.
void AddOrder(int64_t total, UnitAggregate* aggregate);

internal::StoredUnitAggregate ToStored(const UnitAggregate& aggregate);
UnitAggregate FromStored(const internal::StoredUnitAggregate& stored);

// Receives one unit's aggregate in one arm of a scanned experiment; returns
// false to end the scan there (ScanExperiment then returns CANCELLED).
using UnitVisitor =
    std::function<bool(absl::string_view arm, const UnitAggregate& unit)>;

// The CANCELLED a scan ended by its visitor returns.
absl::Status ScanCancelledError(absl::string_view experiment);

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_EXPERIMENT_AGGREGATES_H_
