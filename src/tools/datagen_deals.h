// File: datagen_deals.h
// -----------------------------------------------------------------------------
// offergraph-gen's deals files for a generated catalog (datagen.h):
// bundles.csv (2-4 members of one category, 5-15% off), quantity_breaks.csv
// (distinct skus with one or two tiers, percentage off) and promotions.csv
// (per sku or per category, percentage off), every row valid for the
// loaders. A file is written only when its count is above 0.
//
// Deterministic: the rows are a function of the options alone. Promotion
// windows are relative to `now` (not the clock): valid_from = now - 1 day,
// valid_until = now + 30 days.
#ifndef OFFERGRAPH_TOOLS_DATAGEN_DEALS_H_
#define OFFERGRAPH_TOOLS_DATAGEN_DEALS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace offergraph {
namespace tools {

struct DealsGenOptions {
  int64_t bundles = 0;
  int64_t quantity_breaks = 0;  // skus with breaks (1 or 2 rows each)
  int64_t promotions = 0;
  // The instant promotion windows are centred on.
  absl::Time now = absl::FromUnixSeconds(1764547200);  // 2025-12-01T00:00:00Z
};

struct DealsGenStats {
  int64_t bundles = 0;
  int64_t quantity_break_rows = 0;
  int64_t promotions = 0;
  int64_t bytes = 0;  // of the three files together
};

// INVALID_ARGUMENT for impossible counts (more break skus than products,
// bundles with categories of one product); OK otherwise.
absl::Status CheckDealsGenOptions(int64_t products, int64_t category_size,
                                  const DealsGenOptions& options);

// Writes the files into `out_dir` for a catalog of `products` products whose
// category is index / category_size and whose skus are GeneratedSku(index).
// Errors: those of CheckDealsGenOptions, INTERNAL for I/O errors.
absl::Status GenerateDeals(const std::string& out_dir, int64_t products,
                           int64_t category_size, uint64_t seed,
                           const DealsGenOptions& options,
                           DealsGenStats* stats);

}  // namespace tools
}  // namespace offergraph

#endif  // OFFERGRAPH_TOOLS_DATAGEN_DEALS_H_
