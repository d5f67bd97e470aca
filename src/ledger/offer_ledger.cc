#include "ledger/offer_ledger.h"

#include "absl/strings/str_cat.h"

namespace offergraph {

absl::StatusOr<CustomerView> OfferLedger::GetCustomerView(
    absl::string_view customer_id, const RuleParams& rules, absl::Time now) {
  return absl::UnimplementedError(
      absl::StrCat("the ", name(), " ledger has no customer view"));
}

absl::StatusOr<int64_t> OfferLedger::EraseCustomer(
    absl::string_view customer_id) {
  return absl::UnimplementedError(
      absl::StrCat("the ", name(), " ledger cannot erase customers"));
}

absl::StatusOr<int64_t> OfferLedger::EraseSession(
    absl::string_view session_id) {
  return absl::UnimplementedError(
      absl::StrCat("the ", name(), " ledger cannot erase sessions"));
}

v1::Outcome ContradictingOutcome(v1::Outcome outcome) {
  switch (outcome) {
    case v1::ACCEPTED:
      return v1::DECLINED;
    case v1::DECLINED:
      return v1::ACCEPTED;
    default:
      return v1::OUTCOME_UNSPECIFIED;
  }
}

absl::Status GhostOutcomeError(absl::string_view decision_id) {
  return absl::FailedPreconditionError(
      absl::StrCat("decision ", decision_id,
                   " was held back (holdout or a no_offers arm): its offers "
                   "were never shown; nothing was recorded"));
}

absl::Status OrderConflictError(absl::string_view order_id) {
  return absl::FailedPreconditionError(
      absl::StrCat("order_id: order ", order_id,
                   " was recorded before with another total or currency; "
                   "nothing was recorded"));
}

absl::Status CheckOrderCurrency(const OrderRecord& order) {
  if (order.revenue_currencies == nullptr || order.unit_key.empty()) {
    return absl::OkStatus();
  }
  for (const ArmTag& tag :
       ArmsFor(order.experiment, order.arm, order.holdout_arm)) {
    auto it = order.revenue_currencies->find(tag.experiment);
    if (it != order.revenue_currencies->end() && it->second != order.currency) {
      return absl::InvalidArgumentError(absl::StrCat(
          "total.currency: experiment \"", tag.experiment,
          "\" measures revenue in ", it->second, ", got ", order.currency,
          " (one currency per experiment: Experiment.currency in the rules); "
          "nothing was recorded"));
    }
  }
  return absl::OkStatus();
}

absl::Status ContradictionError(absl::string_view decision_id,
                                absl::string_view sku, v1::Outcome outcome) {
  return absl::FailedPreconditionError(
      absl::StrCat("outcome: ", v1::Outcome_Name(outcome), " contradicts the ",
                   v1::Outcome_Name(ContradictingOutcome(outcome)),
                   " already recorded for sku \"", sku, "\" in decision ",
                   decision_id, "; nothing was recorded"));
}

}  // namespace offergraph
