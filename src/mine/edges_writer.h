// File: edges_writer.h
// -----------------------------------------------------------------------------
// Streams mined rules to edges.csv: each rule becomes a row, is checked
// against the catalog, merged with the curated edges (CuratedMerger) and
// formatted into a 64 KiB buffer that goes to the file when full. The rules
// are already in the output order (EdgeRowLess: from_sku, weight
// descending, to_sku), so neither a row list nor the whole file is held;
// memory is the rules themselves plus the buffer.
//
// Example:
//   ASSIGN_OR_RETURN(EdgesWritten w, WriteMinedEdges("data/edges.csv", result,
//                                                   baskets.skus, {}, {}));
#ifndef OFFERGRAPH_MINE_EDGES_WRITER_H_
#define OFFERGRAPH_MINE_EDGES_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "mine/association.h"
#include "mine/curated.h"

namespace offergraph::mine {

struct EdgesWritten {
  int64_t edges = 0;            // rows written
  int64_t dropped_unknown = 0;  // rules with an sku not in `known`
  MergeStats curated;
};

// Writes `result`'s rules (sku names from `skus`; those touching an sku not
// in `known` dropped unless `known` is empty), merged with `curated`, to
// `out_path` atomically (atomic_file.h). An empty `out_path` only counts.
absl::StatusOr<EdgesWritten> WriteMinedEdges(
    const std::string& out_path, const MineResult& result,
    const std::vector<std::string>& skus,
    const absl::flat_hash_set<std::string>& known,
    const std::vector<CuratedEdge>& curated);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_EDGES_WRITER_H_
