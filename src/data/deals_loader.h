// File: deals_loader.h
// -----------------------------------------------------------------------------
// Parses the three optional deals files of a data directory against its
// catalog (README "Data"): bundles.csv, quantity_breaks.csv and
// promotions.csv (RFC 4180, UTF-8, header row; unknown columns ignored).
// Errors read "<filename>:<line>:<column>: <column>: <what is wrong>"
// (INVALID_ARGUMENT). The Deals constructor (offergraph/deals.h) indexes
// what these return.
//
// Example:
//   ASSIGN_OR_RETURN(std::vector<Bundle> bundles,
//                    ParseBundlesCsv(text, "bundles.csv", catalog));
#ifndef OFFERGRAPH_DATA_DEALS_LOADER_H_
#define OFFERGRAPH_DATA_DEALS_LOADER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "offergraph/catalog.h"
#include "offergraph/deals.h"

namespace offergraph {

// bundles.csv: bundle_id, name, members ("SKU|SKU*2"), exactly one of price
// or discount_percent, optional pitch, valid_from, valid_until. Members come
// back sorted by ProductId.
absl::StatusOr<std::vector<Bundle>> ParseBundlesCsv(absl::string_view contents,
                                                    absl::string_view filename,
                                                    const Catalog& catalog);

// Quantity breaks grouped by product, as the Deals constructor takes them.
struct QuantityBreakTable {
  std::vector<ProductId> products;  // ascending, each once
  // breaks[i]: the tiers of products[i], ascending by min_quantity, each
  // one's unit price strictly below the one before.
  std::vector<std::vector<QuantityBreak>> breaks;
};

// quantity_breaks.csv: sku, min_quantity, exactly one of unit_price or
// discount_percent. Rows may come in any order.
absl::StatusOr<QuantityBreakTable> ParseQuantityBreaksCsv(
    absl::string_view contents, absl::string_view filename,
    const Catalog& catalog);

// promotions.csv: promotion_id, exactly one of sku or category, exactly one
// of discount_percent or price (price only with sku), valid_until
// (required), optional valid_from and pitch.
absl::StatusOr<std::vector<Promotion>> ParsePromotionsCsv(
    absl::string_view contents, absl::string_view filename,
    const Catalog& catalog);

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_DEALS_LOADER_H_
