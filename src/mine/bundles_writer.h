// File: bundles_writer.h
// -----------------------------------------------------------------------------
// Writes mined bundles as the server's bundles.csv (RFC 4180, header row):
//   bundle_id,name,members,discount_percent,support,confidence,lift
// * bundle_id: "B-" and the 16 lowercase hex digits of the 64-bit FNV-1a
//   hash of the members field (18 bytes): stable across runs and machines,
//   the same set always gets the same id. Checked unique in the file and
//   against the catalog's skus (an error, never seen in practice).
// * name: the members' catalog names (their skus without a catalog) joined
//   with " + ", in members order.
// * members: the skus in byte order, joined with '|' (quantity 1 each, so no
//   "sku*quantity" form).
// * discount_percent: the same suggested value on every row, for a person
//   to review before serving.
// * support (a count), confidence and lift as in bundles.h, numbers in their
//   shortest round-trip form; the loader ignores these three.
// Rows in the miner's rank order; streamed through AtomicFileWriter.
//
// Example:
//   ASSIGN_OR_RETURN(int64_t rows, WriteBundlesCsv("data/bundles.csv", result,
//                                                  baskets.skus, nullptr, 10));
#ifndef OFFERGRAPH_MINE_BUNDLES_WRITER_H_
#define OFFERGRAPH_MINE_BUNDLES_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "mine/bundles.h"

namespace offergraph::mine {

// The header line, newline included.
std::string BundlesCsvHeader();

// The members field of a set (skus sorted, '|'-joined) and its id.
std::string BundleMembers(const Itemset& set,
                          const std::vector<std::string>& skus);
std::string BundleId(absl::string_view members);

// Writes `result.bundles` to `out_path` atomically and returns the rows
// written. `names` maps sku -> product name (the catalog's) and may be null.
// An id clash (two sets, or a set and a catalog sku) is INTERNAL and leaves
// `out_path` untouched.
absl::StatusOr<int64_t> WriteBundlesCsv(
    const std::string& out_path, const BundleResult& result,
    const std::vector<std::string>& skus,
    const absl::flat_hash_map<std::string, std::string>* names,
    double discount_percent);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_BUNDLES_WRITER_H_
