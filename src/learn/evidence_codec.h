// File: evidence_codec.h
// -----------------------------------------------------------------------------
// Evidence as named integer counters, the form in which a store (RocksDB,
// Redis) keeps it: one counter per cell of an EvidenceTable and count. Adding
// counters is adding evidence, so replicas write their deltas with the
// store's own atomic increment and every reader sums the same totals.
//
// A counter's field is "<count>:<cell>", where count is p (showings), a
// (acceptances) or e (acceptances the prior expected, in millionths), and
// the cell is one of
//   o:<channel>:<kind>:<sku>       an offer (the sku last: it may hold ':')
//   c:<channel>                    a channel's totals
//   f:<channel>:<feature>:<bucket> a context-feature bucket
//   a:<channel>:<kind>:<bin>       a graph-affinity bin
//   s:<channel>:<bin>              a model-score bin
// with enums by number. Example: "p:o:1:1:WAX-ADDON".
//
// Thread safety: stateless functions.
#ifndef OFFERGRAPH_LEARN_EVIDENCE_CODEC_H_
#define OFFERGRAPH_LEARN_EVIDENCE_CODEC_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "learn/evidence_table.h"

namespace offergraph {

struct EvidenceCounter {
  std::string field;
  int64_t value = 0;
};

class EvidenceCodec {
 public:
  // Expected acceptances are stored in millionths.
  static constexpr double kExpectedScale = 1e6;

  // The non-zero counts of `raw` (undecayed evidence: whole showings and
  // acceptances), rounded to integers.
  static std::vector<EvidenceCounter> Encode(const EvidenceTable& raw);

  // Adds `value` times `weight` to the count `field` names in `table`.
  // INVALID_ARGUMENT naming the field when it names no cell of the table or
  // the value is negative; `table` is then unchanged.
  static absl::Status Add(absl::string_view field, int64_t value,
                          double weight, EvidenceTable* table);
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_EVIDENCE_CODEC_H_
