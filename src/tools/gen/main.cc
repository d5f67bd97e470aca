// offergraph-gen: writes a synthetic catalog.csv and edges.csv at scale, and
// on request bundles.csv, quantity_breaks.csv and promotions.csv.
// Usage: offergraph-gen --out_dir=DIR [--products=N] [--edges=M] [--seed=S]
//          [--bundles=N] [--quantity_breaks=N] [--promotions=N] [--now=T]
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tools/datagen.h"
#include "util/program_flags.h"

ABSL_FLAG(std::string, out_dir, "", "Directory to write the data into.");
ABSL_FLAG(int64_t, products, 1000000, "Number of products.");
ABSL_FLAG(int64_t, edges, 10000000, "Number of explicit edges.");
ABSL_FLAG(uint64_t, seed, 1, "Random seed: same seed, same files.");
ABSL_FLAG(int64_t, category_size, 1000, "Products per category.");
ABSL_FLAG(double, zipf_s, 1.0, "Zipf exponent of the out-degree.");
ABSL_FLAG(double, zipf_v, 20.0, "Zipf offset of the out-degree.");
ABSL_FLAG(int64_t, max_out_degree, 20000, "Cap on any product's out-degree.");
ABSL_FLAG(double, upsell_share, 0.1, "Share of explicit edges that upsell.");
ABSL_FLAG(int64_t, bundles, 0,
          "Bundles to write to bundles.csv (2-4 products of one category, "
          "5-15% off); 0 writes no file.");
ABSL_FLAG(int64_t, quantity_breaks, 0,
          "Skus to give quantity breaks in quantity_breaks.csv (1-2 tiers "
          "each); 0 writes no file.");
ABSL_FLAG(int64_t, promotions, 0,
          "Promotions to write to promotions.csv (per sku, 1 in 50 per "
          "category); 0 writes no file.");
ABSL_FLAG(std::string, now, "2025-12-01T00:00:00Z",
          "RFC 3339 instant the promotion windows are relative to (valid "
          "from now - 1 day until now + 30 days); fixed by default so the "
          "output stays a function of the flags. Pass the current time, "
          "e.g. --now=$(date -u +%FT%TZ), for promotions valid today.");

int main(int argc, char** argv) {
  offergraph::ParseProgramFlags(
      argc, argv,
      "Writes a synthetic offergraph data directory: catalog.csv and "
      "edges.csv, and with --bundles, --quantity_breaks or --promotions "
      "also the deals files. Same flags, same bytes.\n"
      "Usage: offergraph-gen --out_dir=DIR [--products=N] [--edges=M] "
      "[--bundles=N] [--quantity_breaks=N] [--promotions=N] [--now=T]");
  offergraph::tools::DataGenOptions o;
  o.out_dir = absl::GetFlag(FLAGS_out_dir);
  if (o.out_dir.empty()) {
    std::fprintf(stderr, "offergraph-gen: --out_dir is required\n");
    return 2;
  }
  o.products = absl::GetFlag(FLAGS_products);
  o.edges = absl::GetFlag(FLAGS_edges);
  o.seed = absl::GetFlag(FLAGS_seed);
  o.category_size = absl::GetFlag(FLAGS_category_size);
  o.zipf_s = absl::GetFlag(FLAGS_zipf_s);
  o.zipf_v = absl::GetFlag(FLAGS_zipf_v);
  o.max_out_degree = absl::GetFlag(FLAGS_max_out_degree);
  o.upsell_share = absl::GetFlag(FLAGS_upsell_share);
  o.deals.bundles = absl::GetFlag(FLAGS_bundles);
  o.deals.quantity_breaks = absl::GetFlag(FLAGS_quantity_breaks);
  o.deals.promotions = absl::GetFlag(FLAGS_promotions);
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, absl::GetFlag(FLAGS_now),
                       &o.deals.now, &error)) {
    std::fprintf(stderr,
                 "offergraph-gen: --now: \"%s\" is not an RFC 3339 "
                 "time such as 2026-12-24T00:00:00Z\n",
                 absl::GetFlag(FLAGS_now).c_str());
    return 2;
  }
  const absl::Time start = absl::Now();
  absl::StatusOr<offergraph::tools::DataGenStats> stats =
      offergraph::tools::GenerateData(o);
  if (!stats.ok()) {
    std::fprintf(stderr, "offergraph-gen: %s\n",
                 std::string(stats.status().message()).c_str());
    return 1;
  }
  const offergraph::tools::DataGenStats& s = *stats;
  std::printf(
      "offergraph-gen: %lld products in %lld lines, %lld cross-sell + %lld "
      "upsell edges from %lld products (max out-degree %lld, top 1%% of "
      "products hold %.1f%% of edges); catalog.csv %.1f MB, edges.csv %.1f "
      "MB; %.2f s\n",
      static_cast<long long>(s.products),
      static_cast<long long>(s.product_lines),
      static_cast<long long>(s.cross_sell_edges),
      static_cast<long long>(s.upsell_edges),
      static_cast<long long>(s.sources_with_edges),
      static_cast<long long>(s.max_out_degree), 100 * s.top1pct_edge_share,
      s.catalog_bytes / 1e6, s.edges_bytes / 1e6,
      absl::ToDoubleSeconds(absl::Now() - start));
  if (s.deals.bytes > 0) {
    std::printf(
        "offergraph-gen: %lld bundles, %lld quantity-break rows, %lld "
        "promotions; %.1f MB\n",
        static_cast<long long>(s.deals.bundles),
        static_cast<long long>(s.deals.quantity_break_rows),
        static_cast<long long>(s.deals.promotions), s.deals.bytes / 1e6);
  }
  return 0;
}
