// File: stored_records.h
// -----------------------------------------------------------------------------
// Conversions between the ledger's structs and the protobuf records the
// durable stores keep (offergraph/internal/ledger.proto), and the checks
// RecordOutcome makes against a stored decision, shared by every durable
// store so they answer alike.
#ifndef OFFERGRAPH_LEDGER_STORED_RECORDS_H_
#define OFFERGRAPH_LEDGER_STORED_RECORDS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ledger/offer_ledger.h"
#include "offergraph/internal/ledger.pb.h"

namespace offergraph {

// Times are stored as Unix microseconds (InfinitePast/Future saturate).
int64_t ToMicros(absl::Time t);
absl::Time FromMicros(int64_t micros);

internal::StoredDecision ToStored(const DecisionRecord& record);

// The NOT_FOUND error for a decision that is unknown or past retention.
absl::Status DecisionNotFound(absl::string_view decision_id);

// The NOT_FOUND error for an order identified only by an unknown decision.
absl::Status DecisionNotFoundForOrder(absl::string_view decision_id);

// Checks `outcome` against its decision (`stored`, already known to exist
// and be within retention) and returns what RecordOutcome reports (with
// duplicate = false): INVALID_ARGUMENT when the customer does not match or
// the sku was not offered.
absl::StatusOr<OutcomeResult> CheckOutcome(
    const internal::StoredDecision& stored, const OutcomeRecord& outcome);

internal::StoredOrder ToStored(const OrderRecord& record);

// Makes `order` count where `decision` did (its experiment, arm, holdout
// side and unit) when the decision is tagged; leaves it as it is otherwise.
void AttributeToDecision(const internal::StoredDecision& decision,
                         OrderRecord* order);

// The view of a stored decision, without outcomes.
DecisionView ToView(const internal::StoredDecision& stored);

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_STORED_RECORDS_H_
