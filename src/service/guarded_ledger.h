// File: guarded_ledger.h
// -----------------------------------------------------------------------------
// The OfferLedger the request path uses: the real store behind a circuit
// breaker, reporting every call's outcome to the one LedgerHealth. While the
// breaker is open, calls return UNAVAILABLE at once instead of waiting for a
// store that is down; each call the store does get is bounded by the
// calling thread's ScopedLedgerDeadline (the request's deadline) and the
// store's own timeout.
#ifndef OFFERGRAPH_SERVICE_GUARDED_LEDGER_H_
#define OFFERGRAPH_SERVICE_GUARDED_LEDGER_H_

#include <string>

#include "absl/status/status.h"
#include "ledger/offer_ledger.h"
#include "service/circuit_breaker.h"
#include "service/ledger_health.h"

namespace offergraph {

// A store failure (the store did not answer, or failed inside) as opposed to
// an answer about the request (NOT_FOUND, INVALID_ARGUMENT, ...).
bool IsStoreFailure(const absl::Status& status);

// Does not own the store, breaker or health; they must outlive it.
// Thread safety: as the store (every OfferLedger is thread-safe).
class GuardedLedger final : public OfferLedger {
 public:
  // `fail_open` only words the log line of a failure.
  GuardedLedger(OfferLedger* store, CircuitBreaker* breaker,
                LedgerHealth* health, bool fail_open)
      : store_(store),
        breaker_(breaker),
        health_(health),
        fail_open_(fail_open) {}

  absl::string_view name() const override { return store_->name(); }
  absl::StatusOr<ContactHistory> GetHistory(absl::string_view contact_key,
                                            absl::Time now) override;
  absl::Status RecordDecision(const DecisionRecord& record) override;
  absl::StatusOr<OutcomeResult> RecordOutcome(
      const OutcomeRecord& record) override;
  absl::Status RecordExposure(const DecisionRecord& record) override;
  absl::StatusOr<OrderResult> RecordOrder(const OrderRecord& record) override;
  absl::Status ScanExperiment(absl::string_view experiment,
                              const UnitVisitor& visit) override;
  absl::StatusOr<CustomerState> SetCustomerState(
      absl::string_view customer_id,
      const CustomerStateUpdate& update) override;
  absl::StatusOr<CustomerView> GetCustomerView(absl::string_view customer_id,
                                               const RuleParams& rules,
                                               absl::Time now) override;
  absl::StatusOr<int64_t> EraseCustomer(absl::string_view customer_id) override;
  absl::StatusOr<int64_t> EraseSession(absl::string_view session_id) override;

 private:
  // Runs `call` unless the breaker refuses it, and reports how it went.
  template <typename Call>
  auto Guard(Call call) -> decltype(call());
  absl::Status CircuitOpen() const;
  void Report(const absl::Status& status);

  OfferLedger* const store_;
  CircuitBreaker* const breaker_;
  LedgerHealth* const health_;
  const bool fail_open_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_GUARDED_LEDGER_H_
