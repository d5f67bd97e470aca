// offergraph-mine: learns cross-sell edges from orders and writes the
// server's edges.csv, or (--bundles) proposes bundles.csv. See README.md, "Learning the graph from your orders".
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "mine/miner.h"
#include "util/program_flags.h"

ABSL_FLAG(std::string, orders, "", "Orders CSV (plain or gzip), header row.");
ABSL_FLAG(std::string, order_column, "order_id", "Column of the order id.");
ABSL_FLAG(std::string, sku_column, "sku", "Column of the item's sku.");
ABSL_FLAG(std::string, customer_column, "",
          "Optional column of the customer id (counted in the summary).");
ABSL_FLAG(std::string, timestamp_column, "",
          "Optional column of the order time (must exist when given).");
ABSL_FLAG(int64_t, min_support, 10,
          "Minimum number of orders holding both items.");
ABSL_FLAG(double, min_confidence, 0.01, "Minimum confidence P(B|A).");
ABSL_FLAG(double, min_lift, 0.0, "Minimum lift (0 = no limit).");
ABSL_FLAG(int64_t, top_k, 64,
          "Keep at most this many edges per source item (0 = no limit). The "
          "engine reads at most 64 per cart line.");
ABSL_FLAG(std::string, catalog, "",
          "Optional catalog.csv: drop edges whose skus it does not list.");
ABSL_FLAG(std::string, curated, "",
          "Optional curated edges.csv that overrides or blocks mined edges.");
ABSL_FLAG(std::string, out, "",
          "Where to write the output (default edges.csv, or bundles.csv "
          "with --bundles).");
ABSL_FLAG(bool, bundles, false,
          "Propose bundles instead of edges: itemsets of 3 or more items "
          "with a high lift, written as bundles.csv.");
ABSL_FLAG(int64_t, bundle_min_support, 10,
          "--bundles: minimum number of orders holding every item of a "
          "bundle.");
ABSL_FLAG(double, bundle_min_lift, 3,
          "--bundles: minimum k-way lift support(S) * N^(k-1) / product of "
          "the items' supports (0 = no limit).");
ABSL_FLAG(int32_t, bundle_max_size, 3,
          "--bundles: largest bundle, 3 to 5 items.");
ABSL_FLAG(int64_t, bundle_max_count, 1000,
          "--bundles: keep at most this many bundles, highest support * lift "
          "first (0 = no limit).");
ABSL_FLAG(double, bundle_discount_percent, 10,
          "--bundles: the discount_percent written on every row, a "
          "suggestion for a person to review (above 0, below 100).");
ABSL_FLAG(bool, progress, true, "Report progress on stderr for big inputs.");

int main(int argc, char** argv) {
  offergraph::ParseProgramFlags(
      argc, argv,
      "Mines cross-sell edges from orders.\n"
      "  offergraph-mine --orders orders.csv.gz --sku_column product_id "
      "--out data/edges.csv\n"
      "  offergraph-mine --bundles --orders orders.csv.gz --sku_column "
      "product_id --out data/bundles.csv");
  offergraph::mine::MinerConfig config;
  config.orders_path = absl::GetFlag(FLAGS_orders);
  config.columns.order = absl::GetFlag(FLAGS_order_column);
  config.columns.sku = absl::GetFlag(FLAGS_sku_column);
  config.columns.customer = absl::GetFlag(FLAGS_customer_column);
  config.columns.timestamp = absl::GetFlag(FLAGS_timestamp_column);
  config.mine.min_support = absl::GetFlag(FLAGS_min_support);
  config.mine.min_confidence = absl::GetFlag(FLAGS_min_confidence);
  config.mine.min_lift = absl::GetFlag(FLAGS_min_lift);
  config.mine.top_k = absl::GetFlag(FLAGS_top_k);
  config.catalog_path = absl::GetFlag(FLAGS_catalog);
  config.curated_path = absl::GetFlag(FLAGS_curated);
  config.bundles = absl::GetFlag(FLAGS_bundles);
  config.out_path = absl::GetFlag(FLAGS_out);
  if (config.out_path.empty()) {
    config.out_path = config.bundles ? "bundles.csv" : "edges.csv";
  }
  config.bundle.min_support = absl::GetFlag(FLAGS_bundle_min_support);
  config.bundle.min_lift = absl::GetFlag(FLAGS_bundle_min_lift);
  config.bundle.max_size = absl::GetFlag(FLAGS_bundle_max_size);
  config.bundle.max_count = absl::GetFlag(FLAGS_bundle_max_count);
  config.bundle_discount_percent =
      absl::GetFlag(FLAGS_bundle_discount_percent);
  config.progress = absl::GetFlag(FLAGS_progress) ? stderr : nullptr;
  if (config.orders_path.empty()) {
    std::fprintf(stderr, "offergraph-mine: --orders is required\n");
    return 1;
  }
  absl::StatusOr<offergraph::mine::MinerReport> report =
      offergraph::mine::RunMiner(config);
  if (!report.ok()) {
    std::fprintf(stderr, "offergraph-mine: %s\n",
                 std::string(report.status().message()).c_str());
    return 1;
  }
  std::fprintf(stderr, "%s",
               offergraph::mine::FormatMinerReport(*report).c_str());
  return 0;
}
