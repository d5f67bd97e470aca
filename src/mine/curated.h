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
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
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

// Applies the curated edges to a stream of mined rows that arrive in
// EdgeRowLess order, passing the merged rows on in that same order (so the
// output can be written as it is produced). Holds pointers into `curated`,
// which must outlive it. Not thread-safe.
//
//   CuratedMerger merger(curated);
//   for (const EdgeRow& r : mined) merger.Push(r, write);
//   merger.Finish(write);
class CuratedMerger {
 public:
  using Sink = absl::FunctionRef<void(const EdgeRow&)>;
  explicit CuratedMerger(const std::vector<CuratedEdge>& curated);

  // Whether some row that will be written has a pitch (for the header).
  bool has_pitch() const { return has_pitch_; }
  // One mined row, not before the previous one in EdgeRowLess order.
  void Push(const EdgeRow& mined, Sink sink);
  // Writes the curated rows left; returns the counts. Once, after Push.
  MergeStats Finish(Sink sink);

 private:
  using Key = std::tuple<std::string, std::string, std::string>;
  void WriteCuratedBefore(const EdgeRow* limit, Sink sink);

  // Non-blocking curated rows in EdgeRowLess order; next_ is the first not
  // yet written.
  std::vector<const EdgeRow*> ordered_;
  size_t next_ = 0;
  absl::flat_hash_map<Key, const CuratedEdge*> by_key_;
  absl::flat_hash_set<const CuratedEdge*> matched_;
  MergeStats stats_;
  bool has_pitch_ = false;
};

// Applies `curated` to `rows` (see the precedence above) and leaves them in
// EdgeRowLess order (CuratedMerger over the sorted rows).
MergeStats MergeCurated(const std::vector<CuratedEdge>& curated,
                        std::vector<EdgeRow>* rows);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_CURATED_H_
