// File: curated.h
// -----------------------------------------------------------------------------
// Merges a merchandiser's curated edges.csv into mined edges.
//
// Precedence, per (from_sku, to_sku, kind):
//   1. A curated row that blocks (weight 0, or a `block` column that is true)
//      removes the mined edge and is not written itself.
//   2. Any other curated row replaces the mined edge: its weight, support,
//      lift and pitch are written as given (empty support/lift stay empty).
//   3. Curated rows without a mined counterpart are written as they are,
//      cross_sell and upsell alike.
// Curated rows are exempt from the miner's thresholds and from top-K; mined
// rows are cut to top-K before the merge.
#ifndef OFFERGRAPH_MINE_CURATED_H_
#define OFFERGRAPH_MINE_CURATED_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "mine/edges_csv.h"

namespace offergraph::mine {

struct CuratedEdge {
  EdgeRow row;
  bool block = false;
};

// Parses a curated file: columns from_sku, to_sku, kind, weight (required;
// weight in [0, 1]); support, lift, pitch, block (optional). Errors read
// "<file>:<line>:<column>: ..." (INVALID_ARGUMENT), including a repeated
// (from, to, kind).
absl::StatusOr<std::vector<CuratedEdge>> ParseCuratedCsv(
    absl::string_view contents, absl::string_view filename);

struct MergeStats {
  int64_t overridden = 0;        // mined edges replaced
  int64_t blocked = 0;           // mined edges removed
  int64_t added = 0;             // curated edges with no mined counterpart
  int64_t unmatched_blocks = 0;  // blocking rows that matched nothing
};

// Applies `curated` to `rows` (see the precedence above) and re-sorts them.
MergeStats MergeCurated(const std::vector<CuratedEdge>& curated,
                        std::vector<EdgeRow>* rows);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_CURATED_H_
