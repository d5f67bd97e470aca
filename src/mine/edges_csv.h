// File: edges_csv.h
// -----------------------------------------------------------------------------
// Rows of the server's edges.csv (from_sku,to_sku,kind,weight,support,lift
// [,pitch]) as written by the miner: fixed float format (%.6g), RFC 4180
// quoting, deterministic order.
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

// The mined rules as cross_sell rows, in the rules' order.
std::vector<EdgeRow> RulesToRows(const MineResult& result,
                                 const std::vector<std::string>& skus);

// Sorts rows by from_sku, weight descending, to_sku, kind (byte order).
void SortEdgeRows(std::vector<EdgeRow>* rows);

// The whole file, header included. The pitch column is written only when a
// row has a pitch.
std::string FormatEdgesCsv(const std::vector<EdgeRow>& rows);

// Writes `contents` to `path` through a temporary file and a rename, so a
// server reloading the directory never sees half a file.
absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view contents);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_EDGES_CSV_H_
