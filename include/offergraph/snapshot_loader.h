// File: snapshot_loader.h
// -----------------------------------------------------------------------------
// Loads a data directory (catalog.csv, edges.csv, optional rules.textproto)
// into a new Snapshot. Nothing is published here: the caller swaps the result
// into a SnapshotStore only when the whole load succeeded.
#ifndef OFFERGRAPH_SNAPSHOT_LOADER_H_
#define OFFERGRAPH_SNAPSHOT_LOADER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "offergraph/snapshot.h"

namespace offergraph {

struct SnapshotLoadOptions {
  // Directory holding catalog.csv and edges.csv.
  std::string data_dir;
  // Rules file. Empty: `<data_dir>/rules.textproto` if it exists, else all
  // defaults. When set, the file must exist.
  std::string rules_path;
  // Threads that parse edges.csv: 0 picks two on a machine with two cores
  // (start-up, when nothing else runs), 1 keeps a load to one core (a
  // background reload beside request threads).
  int parse_threads = 0;
};

// Reads, parses and validates every file, then builds the snapshot.
// Errors carry "file:line:column: what is wrong" in the message:
// NOT_FOUND for a missing required file, INVALID_ARGUMENT for bad content.
// `generation` is stored in the snapshot as is.
absl::StatusOr<std::shared_ptr<const Snapshot>> LoadSnapshot(
    const SnapshotLoadOptions& options, int64_t generation);

}  // namespace offergraph

#endif  // OFFERGRAPH_SNAPSHOT_LOADER_H_
