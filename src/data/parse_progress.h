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
#include <functional>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "data/load_phases.h"
#include "offergraph/catalog.h"
#include "offergraph/offer_graph.h"

namespace offergraph {

// Called with the number of leading bytes of the input the parser has
// finished with (every few MiB, and once with the full size at the end).
// The parser may still read those bytes again, for example to locate an
// error, so they must stay readable.
using ParseProgress = absl::FunctionRef<void(size_t consumed)>;

// How often, in input bytes, the parsers report progress.
inline constexpr size_t kParseProgressStep = size_t{8} << 20;

// `phases`, when not null, gets one Mark() per phase of the parse.
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

// How ParseEdgesCsv shares the work between threads.
struct EdgesParseOptions {
  // Threads to parse with (1 or 2); 0: two when the machine has two cores.
  int threads = 0;
  // Inputs with fewer bytes of rows than this are parsed on one thread.
  size_t min_parallel_bytes = size_t{16} << 20;
  // Called from the second thread with stretches [begin, end) of the input
  // it has finished with, which may be dropped from memory but must stay
  // readable (`progress` still reports them, in order, once the first
  // thread's stretch is done). May be empty.
  std::function<void(size_t begin, size_t end)> release;
};

// Splits the rows in two at a line boundary, parses the halves on two
// threads and merges them. Errors are the same as from a sequential parse:
// invalid UTF-8 anywhere first, then the earliest bad row, with its true
// line and column.
absl::StatusOr<OfferGraph> ParseEdgesCsv(absl::string_view contents,
                                         absl::string_view filename,
                                         const Catalog& catalog,
                                         ParseProgress progress,
                                         const EdgesParseOptions& options,
                                         LoadPhases* phases = nullptr);

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_PARSE_PROGRESS_H_
