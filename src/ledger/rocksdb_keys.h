// File: rocksdb_keys.h
// -----------------------------------------------------------------------------
// The RocksDB ledger's key layout. Every key is
//   tag (1 byte) + length of the owner (4 bytes, big-endian) + owner + rest
// so that "tag + owner" is a prefix no other owner's keys share, and keys of
// one owner sort by `rest`. Times are big-endian with the sign bit flipped,
// so they sort in time order.
//
//   'H' contact key  0x00                               -> StoredCustomerState
//   'H' contact key  0x01 time type(R|P|X|A) sku-len sku decision_id -> ""
//   'D' decision id                                     -> StoredDecision
//   'O' decision id  outcome(1 byte) sku                -> StoredOutcome
//   'C' customer id  time decision_id                   -> ""
//
// Customer state lives under the customer's contact key "c:<id>", so
// GetHistory reads state and events with one prefix scan.
#ifndef OFFERGRAPH_LEDGER_ROCKSDB_KEYS_H_
#define OFFERGRAPH_LEDGER_ROCKSDB_KEYS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "rocksdb/slice_transform.h"

namespace offergraph::rocksdb_keys {

inline constexpr char kHistory = 'H';
inline constexpr char kDecision = 'D';
inline constexpr char kOutcome = 'O';
inline constexpr char kCustomer = 'C';

inline constexpr char kStateSub = 0x00;
inline constexpr char kEventSub = 0x01;

// Event types under kEventSub.
inline constexpr char kResponse = 'R';
inline constexpr char kPresented = 'P';
inline constexpr char kDeclined = 'X';
inline constexpr char kAccepted = 'A';

// tag + owner: the prefix of every key of that owner.
std::string Prefix(char tag, absl::string_view owner);

void AppendTime(std::string* key, absl::Time t);
absl::Time ReadTime(absl::string_view eight_bytes);

std::string StateKey(absl::string_view contact_key);
std::string EventKey(absl::string_view contact_key, absl::Time t, char type,
                     absl::string_view sku, absl::string_view decision_id);
// The first event key at or after `t`.
std::string EventSeekKey(absl::string_view contact_key, absl::Time t);
std::string DecisionKey(absl::string_view decision_id);
std::string OutcomeKey(absl::string_view decision_id, int outcome,
                       absl::string_view sku);
std::string CustomerKey(absl::string_view customer_id, absl::Time t,
                        absl::string_view decision_id);

// The parts of a key after its prefix; nullopt when malformed.
struct Parsed {
  char tag = 0;
  absl::string_view owner;
  absl::string_view rest;
};
std::optional<Parsed> Parse(absl::string_view key);

struct Event {
  absl::Time time;
  char type = 0;
  absl::string_view sku;
  absl::string_view decision_id;
};
// Parses the rest of an 'H' key that starts with kEventSub.
std::optional<Event> ParseEvent(absl::string_view rest);

// The prefix extractor: tag + owner, so prefix seeks use bloom filters and
// an unknown contact key costs no disk read.
std::shared_ptr<const rocksdb::SliceTransform> NewOwnerPrefixExtractor();

}  // namespace offergraph::rocksdb_keys

#endif  // OFFERGRAPH_LEDGER_ROCKSDB_KEYS_H_
