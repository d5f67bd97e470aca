// File: edges_loader.h
// -----------------------------------------------------------------------------
// Parses edges.csv (from_sku,to_sku,kind,weight[,support][,lift][,pitch]) and
// derives upsell edges from the catalog's product lines: each tier of a line
// gets an edge to every higher tier of the same line. An explicit edge wins
// over a derived one between the same two products.
#ifndef OFFERGRAPH_DATA_EDGES_LOADER_H_
#define OFFERGRAPH_DATA_EDGES_LOADER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "offergraph/catalog.h"
#include "offergraph/offer_graph.h"

namespace offergraph {

// Errors read "<filename>:<line>:<column>: <what is wrong>"
// (INVALID_ARGUMENT): wrong field count, unknown sku, self-edge, bad kind,
// weight outside (0, 1], duplicate edge, upgrade cycle, invalid UTF-8, ...
absl::StatusOr<OfferGraph> ParseEdgesCsv(absl::string_view contents,
                                         absl::string_view filename,
                                         const Catalog& catalog);

// Reads and parses a file (NOT_FOUND when it does not exist).
absl::StatusOr<OfferGraph> LoadEdgesFile(const std::string& path,
                                         const Catalog& catalog);

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_EDGES_LOADER_H_
