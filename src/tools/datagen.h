// File: datagen.h
// -----------------------------------------------------------------------------
// Synthetic data at scale for benchmarks: a catalog of N products in
// categories and tiered product lines, and M edges whose out-degree follows a
// Zipf law (a few products with many edges, a long tail with few or none),
// written as catalog.csv and edges.csv in the service's data format; on
// request also bundles.csv, quantity_breaks.csv and promotions.csv
// (datagen_deals.h), which leave the catalog and edges bytes unchanged.
//
// Every edge is valid for the loaders: no self-edge, no duplicate
// (from, to, kind), and explicit upsells only go from a lower to a strictly
// higher tier, so the upsell graph (explicit plus derived) has no cycle.
// Output is a function of the options alone (same seed, same bytes).
#ifndef OFFERGRAPH_TOOLS_DATAGEN_H_
#define OFFERGRAPH_TOOLS_DATAGEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "tools/datagen_deals.h"

namespace offergraph {
namespace tools {

struct DataGenOptions {
  // Directory to write catalog.csv and edges.csv into (created if missing).
  std::string out_dir;
  int64_t products = 1000000;
  int64_t edges = 10000000;
  uint64_t seed = 1;
  // Products per category.
  int64_t category_size = 1000;
  // Out-degree: the product of popularity rank r (0-based) gets a share of
  // the edges proportional to (r + zipf_v)^-zipf_s.
  double zipf_s = 1.0;
  double zipf_v = 20.0;
  // No product gets more out-edges than this.
  int64_t max_out_degree = 20000;
  // Share of explicit edges that are upsells (to a higher tier).
  double upsell_share = 0.1;
  // Deals files; none by default.
  DealsGenOptions deals;
};

struct DataGenStats {
  int64_t products = 0;
  int64_t product_lines = 0;
  int64_t cross_sell_edges = 0;
  int64_t upsell_edges = 0;
  int64_t sources_with_edges = 0;  // products with at least one out-edge
  int64_t max_out_degree = 0;
  // Share of all edges leaving the top 1% of products by out-degree.
  double top1pct_edge_share = 0;
  int64_t catalog_bytes = 0;
  int64_t edges_bytes = 0;
  DealsGenStats deals;
};

// The sku of product `index` as written to catalog.csv.
std::string GeneratedSku(int64_t index);

// Writes the files. INVALID_ARGUMENT for impossible options (e.g. more
// edges than the degree cap allows), INTERNAL for I/O errors.
absl::StatusOr<DataGenStats> GenerateData(const DataGenOptions& options);

}  // namespace tools
}  // namespace offergraph

#endif  // OFFERGRAPH_TOOLS_DATAGEN_H_
