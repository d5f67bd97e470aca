// File: catalog_loader.h
// -----------------------------------------------------------------------------
// Parses catalog.csv (RFC 4180, UTF-8, header row; unknown columns ignored).
// Columns: sku (required, unique), name (required), category, price
// (required, decimal, >= 0), currency (ISO 4217; default given), in_stock
// (true/false/1/0; default true), margin (0..1), product_line, tier (integer),
// pitch.
#ifndef OFFERGRAPH_DATA_CATALOG_LOADER_H_
#define OFFERGRAPH_DATA_CATALOG_LOADER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "offergraph/catalog.h"

namespace offergraph {

// Parses `contents`; `filename` only labels errors, which read
// "<filename>:<line>:<column>: <what is wrong>" (INVALID_ARGUMENT).
absl::StatusOr<Catalog> ParseCatalogCsv(absl::string_view contents,
                                        absl::string_view filename,
                                        absl::string_view default_currency);

// Reads and parses a file (NOT_FOUND when it does not exist).
absl::StatusOr<Catalog> LoadCatalogFile(const std::string& path,
                                        absl::string_view default_currency);

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_CATALOG_LOADER_H_
