// File: edges_csv.h
// -----------------------------------------------------------------------------
// Rows of the server's edges.csv (from_sku,to_sku,kind,weight,support,lift
// [,pitch]) as written by the miner: numbers in their shortest round-trip
// form (std::to_chars: "0.1", "1e-05", "0.30000000000000004", each parses
// back to the very double that was written), RFC 4180 quoting,
// deterministic order.
#ifndef OFFERGRAPH_MINE_EDGES_CSV_H_
#define OFFERGRAPH_MINE_EDGES_CSV_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "mine/association.h"

namespace offergraph::mine {

struct EdgeRow {
  std::string from;
  std::string to;
  std::string kind = "cross_sell";  // or "upsell"
  double weight = 0;
  int64_t support = -1;  // -1: not known (written empty)
  double lift = -1;      // negative: not known (written empty)
  std::string pitch;
  bool curated = false;
};

// `value` quoted per RFC 4180 when it holds a comma, quote, CR or LF.
std::string CsvQuote(absl::string_view value);

// The output order: from_sku, weight descending, to_sku, kind (byte order).
// A strict total order on rows with distinct (from_sku, to_sku, kind).
bool EdgeRowLess(const EdgeRow& a, const EdgeRow& b);

// Sorts rows by EdgeRowLess.
void SortEdgeRows(std::vector<EdgeRow>* rows);

// Appends `value` in its shortest round-trip decimal form.
void AppendShortestDouble(double value, std::string* out);

// The header line; with the pitch column when `pitch`.
std::string EdgesCsvHeader(bool pitch);

// Appends one row and its newline (the pitch column when `pitch`).
void AppendEdgeRow(const EdgeRow& row, bool pitch, std::string* out);

// The whole file, header included. The pitch column is written only when a
// row has a pitch.
std::string FormatEdgesCsv(const std::vector<EdgeRow>& rows);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_EDGES_CSV_H_
