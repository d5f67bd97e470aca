// File: rocksdb_keys.h
// -----------------------------------------------------------------------------
// The RocksDB ledger's key layout. Every key is
//   tag (1 byte) + length of the owner (4 bytes, big-endian) + owner + rest
// so that "tag + owner" is a prefix no other owner's keys share, and keys of
// one owner sort by `rest`. Times are big-endian with the sign bit flipped,
// so they sort in time order.
//
//   'H' contact key                   -> history (history_codec.h; merged)
//   'D' decision id                   -> StoredDecision
//   'O' decision id  outcome(1) sku   -> StoredOutcome (idempotency marker)
//   'C' customer id  time decision_id -> "" (the customer's decisions)
//   'G' session id   time decision_id -> "" (a guest session's decisions)
//   'X' experiment   arm \0 unit key  -> StoredUnitAggregate (one per unit
//                                        and arm: a report is a prefix scan)
//   'R' order id                      -> StoredOrder (idempotency)
//   'U' unit key     experiment \0 arm -> "" (the unit's aggregates)
//   'Q' unit key     time order_id     -> "" (the unit's orders)
//
// 'U' and 'Q' exist for erasure: they find what a unit left in the
// experiment aggregates and orders without scanning them.
//
// Customer state is a record in the history of the customer's contact key
// "c:<id>", so GetHistory reads state and events with one point lookup.
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
inline constexpr char kSession = 'G';
inline constexpr char kAggregate = 'X';
inline constexpr char kOrder = 'R';
inline constexpr char kUnitArm = 'U';
inline constexpr char kUnitOrder = 'Q';

// tag + owner: the prefix of every key of that owner.
std::string Prefix(char tag, absl::string_view owner);

void AppendTime(std::string* key, absl::Time t);
absl::Time ReadTime(absl::string_view eight_bytes);

std::string HistoryKey(absl::string_view contact_key);
std::string DecisionKey(absl::string_view decision_id);
std::string OutcomeKey(absl::string_view decision_id, int outcome,
                       absl::string_view sku);
std::string CustomerKey(absl::string_view customer_id, absl::Time t,
                        absl::string_view decision_id);
std::string AggregateKey(absl::string_view experiment, absl::string_view arm,
                         absl::string_view unit_key);
std::string OrderKey(absl::string_view order_id);
std::string UnitArmKey(absl::string_view unit_key, absl::string_view experiment,
                       absl::string_view arm);
std::string UnitOrderKey(absl::string_view unit_key, absl::Time t,
                         absl::string_view order_id);
std::string SessionKey(absl::string_view session_id, absl::Time t,
                       absl::string_view decision_id);

// The parts of a key after its prefix; nullopt when malformed.
struct Parsed {
  char tag = 0;
  absl::string_view owner;
  absl::string_view rest;
};
std::optional<Parsed> Parse(absl::string_view key);

// The prefix extractor: tag + owner, so prefix scans (a customer's
// decisions, a decision's markers) use bloom filters.
std::shared_ptr<const rocksdb::SliceTransform> NewOwnerPrefixExtractor();

}  // namespace offergraph::rocksdb_keys

#endif  // OFFERGRAPH_LEDGER_ROCKSDB_KEYS_H_
