#include "service/guarded_ledger.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace offergraph {
namespace {

const absl::Status& StatusOf(const absl::Status& s) { return s; }
template <typename T>
absl::Status StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}

}  // namespace

bool IsStoreFailure(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kResourceExhausted:
      return true;
    default:
      return false;
  }
}

template <typename Call>
auto GuardedLedger::Guard(Call call) -> decltype(call()) {
  if (!breaker_->Allow()) return CircuitOpen();
  auto result = call();
  Report(StatusOf(result));
  return result;
}

absl::Status GuardedLedger::CircuitOpen() const {
  return absl::UnavailableError(absl::StrCat(
      "ledger (", store_->name(),
      ") unavailable: it failed repeatedly, so calls fail fast until a trial "
      "call after the cool-down succeeds"));
}

void GuardedLedger::Report(const absl::Status& status) {
  const bool failed = IsStoreFailure(status);
  breaker_->Record(!failed);
  if (health_->Report(!failed)) {
    if (failed) {
      spdlog::error(
          "ledger ({}) is failing; serving with fail-{} until it recovers: {}",
          std::string(store_->name()), fail_open_ ? "open" : "closed",
          status.ToString());
    } else {
      spdlog::info("ledger ({}) recovered", std::string(store_->name()));
    }
  }
}

absl::StatusOr<ContactHistory> GuardedLedger::GetHistory(
    absl::string_view contact_key, absl::Time now) {
  return Guard([&] { return store_->GetHistory(contact_key, now); });
}

absl::Status GuardedLedger::RecordDecision(const DecisionRecord& record) {
  return Guard([&] { return store_->RecordDecision(record); });
}

absl::StatusOr<OutcomeResult> GuardedLedger::RecordOutcome(
    const OutcomeRecord& record) {
  return Guard([&] { return store_->RecordOutcome(record); });
}

absl::Status GuardedLedger::RecordExposure(const DecisionRecord& record) {
  return Guard([&] { return store_->RecordExposure(record); });
}

absl::StatusOr<OrderResult> GuardedLedger::RecordOrder(
    const OrderRecord& record) {
  return Guard([&] { return store_->RecordOrder(record); });
}

absl::Status GuardedLedger::ScanExperiment(absl::string_view experiment,
                                           const UnitVisitor& visit) {
  return Guard([&] { return store_->ScanExperiment(experiment, visit); });
}

absl::StatusOr<CustomerState> GuardedLedger::SetCustomerState(
    absl::string_view customer_id, const CustomerStateUpdate& update) {
  return Guard([&] { return store_->SetCustomerState(customer_id, update); });
}

absl::StatusOr<CustomerView> GuardedLedger::GetCustomerView(
    absl::string_view customer_id, const RuleParams& rules, absl::Time now) {
  return Guard(
      [&] { return store_->GetCustomerView(customer_id, rules, now); });
}

absl::StatusOr<int64_t> GuardedLedger::EraseCustomer(
    absl::string_view customer_id) {
  return Guard([&] { return store_->EraseCustomer(customer_id); });
}

absl::StatusOr<int64_t> GuardedLedger::EraseSession(
    absl::string_view session_id) {
  return Guard([&] { return store_->EraseSession(session_id); });
}

}  // namespace offergraph
