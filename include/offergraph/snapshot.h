// File: snapshot.h
// -----------------------------------------------------------------------------
// One consistent, immutable view of everything the engine needs: catalog,
// offer graph and rule parameters, plus where and when it was loaded.
#ifndef OFFERGRAPH_SNAPSHOT_H_
#define OFFERGRAPH_SNAPSHOT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "offergraph/catalog.h"
#include "offergraph/deals.h"
#include "offergraph/experiments.h"
#include "offergraph/offer_graph.h"
#include "offergraph/rule_params.h"

namespace offergraph {

// Thread safety: immutable once built; shared between threads through
// SnapshotPtr. The last holder of a SnapshotPtr frees it.
struct Snapshot {
  // Fingerprint of the loaded files' bytes (32 hex digits, XXH3-128; see
  // src/snapshot/fingerprint.h): equal data, equal version, on any replica;
  // different data, a different version.
  std::string version;
  // 1 for the first snapshot a process loads, +1 per successful reload.
  int64_t generation = 0;
  std::string data_dir;
  absl::Time loaded_at = absl::UnixEpoch();
  absl::Duration load_duration = absl::ZeroDuration();
  // Wall time per phase of the load ("catalog: parse 1.234 s, ..."), for
  // logs and benchmarks.
  std::string load_phases;

  Catalog catalog;
  OfferGraph graph;
  // Bundles, quantity breaks and promotions (empty when the data directory
  // has none of their files).
  Deals deals;
  RuleParams rules;
  // Experiments and holdout from the rules file (none by default); each
  // arm carries its own RuleParams.
  ExperimentPlan experiments;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace offergraph

#endif  // OFFERGRAPH_SNAPSHOT_H_
