// File: miner.h
// -----------------------------------------------------------------------------
// The whole offergraph-mine run: orders file -> baskets -> pairwise rules ->
// (optional) catalog filter -> (optional) curated merge -> edges.csv; or,
// with `bundles` set, orders file -> baskets -> frequent itemsets of 3+
// items -> bundles.csv (bundles.h, bundles_writer.h).
//
// Example:
//   MinerConfig config;
//   config.orders_path = "order_products__train.csv.gz";
//   config.columns.sku = "product_id";
//   config.mine.min_support = 10;
//   config.out_path = "data/edges.csv";
//   ASSIGN_OR_RETURN(MinerReport report, RunMiner(config));
#ifndef OFFERGRAPH_MINE_MINER_H_
#define OFFERGRAPH_MINE_MINER_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "absl/status/statusor.h"
#include "mine/association.h"
#include "mine/bundles.h"
#include "mine/curated.h"
#include "mine/order_reader.h"

namespace offergraph::mine {

struct MinerConfig {
  std::string orders_path;
  OrderColumns columns;
  MineOptions mine;
  // Optional catalog.csv: mined edges touching an sku not in it are dropped
  // (the server rejects edges to unknown skus).
  std::string catalog_path;
  // Optional curated edges.csv merged over the mined edges (curated.h).
  std::string curated_path;
  std::string out_path;
  // Bundle mode: mine `bundle` itemsets and write bundles.csv to out_path
  // instead of edges.csv (`mine` and `curated_path` do not apply; the
  // catalog, when given, limits the members and names the bundles).
  bool bundles = false;
  BundleOptions bundle;
  // Written on every row for a person to review; in (0, 100), at most two
  // decimals.
  double bundle_discount_percent = 10;
  // Progress lines go here when not null.
  std::FILE* progress = nullptr;
};

struct MinerReport {
  int64_t lines = 0;
  int64_t orders = 0;
  int64_t items = 0;
  int64_t customers = 0;
  int64_t frequent_items = 0;
  int64_t pairs_counted = 0;
  int64_t pairs_frequent = 0;
  int64_t rules_mined = 0;      // after thresholds, before top-K
  int64_t dropped_unknown = 0;  // not in the catalog
  MergeStats curated;
  int64_t edges_written = 0;
  // Bundle mode (BundleResult's counters).
  bool bundles = false;
  int64_t itemsets_frequent = 0;
  int64_t itemsets_over_thresholds = 0;
  int64_t itemsets_not_closed = 0;
  int64_t unusable_skus = 0;  // holding '|' or '*', never a member
  int64_t bundles_written = 0;
  double read_seconds = 0;
  double mine_seconds = 0;
  double total_seconds = 0;
  int64_t peak_rss_bytes = 0;
};

absl::StatusOr<MinerReport> RunMiner(const MinerConfig& config);

// A few human-readable lines.
std::string FormatMinerReport(const MinerReport& report);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_MINER_H_
