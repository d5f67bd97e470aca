// File: catalog_convert.h
// -----------------------------------------------------------------------------
// Converts public datasets' product tables into the server's catalog.csv
// (sku,name,category,price,currency,in_stock,margin,product_line,tier,pitch).
//
// Instacart publishes no prices: every product gets price 0 (USD), and the
// companion rules.textproto (InstacartRulesTextproto) sets
// ranking.value_weight 0, so offers rank by the edges' affinity alone (and
// the cross-sell combination for mined edges: sum of confidences over
// sqrt(P(B))). A price of 0 also means budget rules never hold an Instacart
// offer back.
// Olist: price = median of the product's item prices in order_items (BRL;
// with an even count, the mean of the two middle prices rounded half up to
// the cent); products never sold are left out.
#ifndef OFFERGRAPH_MINE_CATALOG_CONVERT_H_
#define OFFERGRAPH_MINE_CATALOG_CONVERT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace offergraph::mine {

struct CatalogRow {
  std::string sku;
  std::string name;
  std::string category;
  int64_t price = 0;  // minor units
  std::string currency;
};

struct ConvertedCatalog {
  std::vector<CatalogRow> rows;  // in the source's product order
  int64_t skipped = 0;           // products left out (e.g. never sold)
};

// Table contents are whole files (plain text); names label errors, which
// read "<file>:<line>:<column>: ..." (INVALID_ARGUMENT).
struct TableText {
  absl::string_view contents;
  absl::string_view filename;
};

// products: product_id,product_name,aisle_id,department_id; aisles:
// aisle_id,aisle; departments: department_id,department. Category is
// "<department>/<aisle>".
absl::StatusOr<ConvertedCatalog> ConvertInstacart(TableText products,
                                                  TableText aisles,
                                                  TableText departments);

// products: product_id,product_category_name; order_items:
// product_id,price; translation:
// product_category_name,product_category_name_english. Category is the
// English name (else the Portuguese one, else empty); name is
// "<category words> <first 8 characters of the id>".
absl::StatusOr<ConvertedCatalog> ConvertOlist(TableText products,
                                              TableText order_items,
                                              TableText translation);

// The catalog.csv text, RFC 4180 quoting where needed.
std::string FormatCatalogCsv(const std::vector<CatalogRow>& rows);

// rules.textproto for a catalog without prices (value_weight 0) and mined
// edges (COMBINATION_SUM, popularity_exponent 0.5).
std::string InstacartRulesTextproto();

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_CATALOG_CONVERT_H_
