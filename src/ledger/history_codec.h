// File: history_codec.h
// -----------------------------------------------------------------------------
// The RocksDB ledger keeps a contact key's whole history (events and, for
// customers, state) in one value that writes append to with RocksDB's merge
// operator, so a write never reads and GetHistory is one point lookup.
//
// A value is a sequence of records:
//   event: type (R response, P presented, X declined, A accepted),
//          time (8 bytes, Unix microseconds, big-endian two's complement),
//          sku length (2 bytes, big-endian), sku
//   state: 'S', flags (bit 0 complaint_open, bit 1 budget_sensitive);
//          the last one wins
#ifndef OFFERGRAPH_LEDGER_HISTORY_CODEC_H_
#define OFFERGRAPH_LEDGER_HISTORY_CODEC_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ledger/offer_ledger.h"
#include "rocksdb/merge_operator.h"

namespace offergraph::history_codec {

inline constexpr char kResponse = 'R';
inline constexpr char kPresented = 'P';
inline constexpr char kDeclined = 'X';
inline constexpr char kAccepted = 'A';
inline constexpr char kState = 'S';

// One event record. Skus longer than 65535 bytes are cut.
std::string Event(char type, absl::Time t, absl::string_view sku);
// One state record.
std::string State(const CustomerState& state);

// Adds the records of `value` to `history`: events at or after `oldest`
// (responses only at or after `day_ago`), times ascending, and the last
// state. Stops at a malformed record.
void Decode(absl::string_view value, absl::Time oldest, absl::Time day_ago,
            ContactHistory* history);

// How many records `value` holds that a reader could see: every event and
// the last state if it is not all-false.
int64_t CountRecords(absl::string_view value);

// `value` without events before `oldest` and with only its last state
// (none if all-false).
std::string Trim(absl::string_view value, absl::Time oldest);

// Concatenates records; full merges also Trim() to the retention by wall
// clock, so compaction forgets old events. Thread-safe.
std::shared_ptr<rocksdb::MergeOperator> NewHistoryMergeOperator(
    absl::Duration retention);

}  // namespace offergraph::history_codec

#endif  // OFFERGRAPH_LEDGER_HISTORY_CODEC_H_
