#include "ledger/experiment_aggregates.h"

#include "absl/strings/str_cat.h"

namespace offergraph {

absl::Status ScanCancelledError(absl::string_view experiment) {
  return absl::CancelledError(
      absl::StrCat("scan of experiment \"", experiment, "\" cancelled"));
}

void UnitAggregate::Add(const UnitAggregate& o) {
  decisions += o.decisions;
  ghost_decisions += o.ghost_decisions;
  offers_shown += o.offers_shown;
  offers_accepted += o.offers_accepted;
  orders += o.orders;
  revenue += o.revenue;
  pre_orders += o.pre_orders;
  pre_revenue += o.pre_revenue;
}

bool UnitAggregate::operator==(const UnitAggregate& o) const {
  return decisions == o.decisions && ghost_decisions == o.ghost_decisions &&
         offers_shown == o.offers_shown &&
         offers_accepted == o.offers_accepted && orders == o.orders &&
         revenue == o.revenue && pre_orders == o.pre_orders &&
         pre_revenue == o.pre_revenue;
}

std::vector<ArmTag> ArmsFor(absl::string_view experiment, absl::string_view arm,
                            absl::string_view holdout_arm) {
  std::vector<ArmTag> out;
  if (!experiment.empty() && !arm.empty()) {
    out.push_back({std::string(experiment), std::string(arm)});
  }
  if (!holdout_arm.empty() && experiment != "holdout") {
    out.push_back({"holdout", std::string(holdout_arm)});
  }
  return out;
}

UnitAggregate DecisionDelta(bool ghost, int64_t offers) {
  UnitAggregate d;
  d.decisions = 1;
  d.ghost_decisions = ghost ? 1 : 0;
  d.offers_shown = ghost ? 0 : offers;
  return d;
}

void AddOrder(int64_t total, UnitAggregate* a) {
  if (a->decisions == 0) {
    ++a->pre_orders;
    a->pre_revenue += total;
  } else {
    ++a->orders;
    a->revenue += total;
  }
}

internal::StoredUnitAggregate ToStored(const UnitAggregate& a) {
  internal::StoredUnitAggregate s;
  s.set_decisions(a.decisions);
  s.set_ghost_decisions(a.ghost_decisions);
  s.set_offers_shown(a.offers_shown);
  s.set_offers_accepted(a.offers_accepted);
  s.set_orders(a.orders);
  s.set_revenue(a.revenue);
  s.set_pre_orders(a.pre_orders);
  s.set_pre_revenue(a.pre_revenue);
  return s;
}

UnitAggregate FromStored(const internal::StoredUnitAggregate& s) {
  UnitAggregate a;
  a.decisions = s.decisions();
  a.ghost_decisions = s.ghost_decisions();
  a.offers_shown = s.offers_shown();
  a.offers_accepted = s.offers_accepted();
  a.orders = s.orders();
  a.revenue = s.revenue();
  a.pre_orders = s.pre_orders();
  a.pre_revenue = s.pre_revenue();
  return a;
}

}  // namespace offergraph
