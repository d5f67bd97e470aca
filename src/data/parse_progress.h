// File: parse_progress.h
// -----------------------------------------------------------------------------
// Variants of ParseCatalogCsv and ParseEdgesCsv that report how far they have
// read, so a caller parsing a memory-mapped file can release the pages behind
// the parser (MappedFile::ReleaseBefore) and keep resident memory flat.
//
// Example:
//   ParseEdgesCsv(file.contents(), "edges.csv", catalog,
//                 [&](size_t done) { file.ReleaseBefore(done); });
#ifndef OFFERGRAPH_DATA_PARSE_PROGRESS_H_
#define OFFERGRAPH_DATA_PARSE_PROGRESS_H_

#include <cstddef>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "data/load_phases.h"
#include "offergraph/data/catalog.h"
#include "offergraph/data/offer_graph.h"

namespace offergraph {

// Called with the number of leading bytes of the input the parser has
// finished with (every few MiB, and once with the full size at the end).
// The parser may still read those bytes again, for example to locate an
// error, so they must stay readable.
using ParseProgress = absl::FunctionRef<void(size_t consumed)>;

// `phases`, when not null, gets one Mark() per phase of the parse.

// How often, in input bytes, the parsers report progress.
inline constexpr size_t kParseProgressStep = size_t{8} << 20;

absl::StatusOr<Catalog> ParseCatalogCsv(absl::string_view contents,
                                        absl::string_view filename,
                                        absl::string_view default_currency,
                                        ParseProgress progress,
                                        LoadPhases* phases = nullptr);

absl::StatusOr<OfferGraph> ParseEdgesCsv(absl::string_view contents,
                                         absl::string_view filename,
                                         const Catalog& catalog,
                                         ParseProgress progress,
                                        LoadPhases* phases = nullptr);

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_PARSE_PROGRESS_H_
