// offergraph-mine: learns cross-sell edges from orders and writes the
// server's edges.csv. See README.md, "Learning the graph from your orders".
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
ABSL_FLAG(std::string, out, "edges.csv", "Where to write edges.csv.");
ABSL_FLAG(bool, progress, true, "Report progress on stderr for big inputs.");

int main(int argc, char** argv) {
  offergraph::ParseProgramFlags(
      argc, argv,
      "Mines cross-sell edges from orders.\n"
      "  offergraph-mine --orders orders.csv.gz --sku_column product_id "
      "--out data/edges.csv");
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
  config.out_path = absl::GetFlag(FLAGS_out);
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
