#include "mine/edges_csv.h"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "absl/strings/str_cat.h"

namespace offergraph::mine {

std::string CsvQuote(absl::string_view value) {
  if (value.find_first_of(",\"\r\n") == absl::string_view::npos) {
    return std::string(value);
  }
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

bool EdgeRowLess(const EdgeRow& a, const EdgeRow& b) {
  if (a.from != b.from) return a.from < b.from;
  if (a.weight != b.weight) return a.weight > b.weight;
  return std::tie(a.to, a.kind) < std::tie(b.to, b.kind);
}

void SortEdgeRows(std::vector<EdgeRow>* rows) {
  std::stable_sort(rows->begin(), rows->end(), EdgeRowLess);
}

void AppendShortestDouble(double value, std::string* out) {
  // The longest shortest form of a double is 24 characters
  // ("-2.2250738585072014e-308").
  char buf[32];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof(buf), value);
  out->append(buf, r.ptr);
}

std::string EdgesCsvHeader(bool pitch) {
  return pitch ? "from_sku,to_sku,kind,weight,support,lift,pitch\n"
               : "from_sku,to_sku,kind,weight,support,lift\n";
}

void AppendEdgeRow(const EdgeRow& r, bool pitch, std::string* out) {
  absl::StrAppend(out, CsvQuote(r.from), ",", CsvQuote(r.to), ",", r.kind,
                  ",");
  AppendShortestDouble(r.weight, out);
  out->push_back(',');
  if (r.support >= 0) absl::StrAppend(out, r.support);
  out->push_back(',');
  if (r.lift >= 0) AppendShortestDouble(r.lift, out);
  if (pitch) absl::StrAppend(out, ",", CsvQuote(r.pitch));
  out->push_back('\n');
}

std::string FormatEdgesCsv(const std::vector<EdgeRow>& rows) {
  const bool pitch = std::any_of(
      rows.begin(), rows.end(), [](const auto& r) { return !r.pitch.empty(); });
  std::string out = EdgesCsvHeader(pitch);
  for (const EdgeRow& r : rows) AppendEdgeRow(r, pitch, &out);
  return out;
}

}  // namespace offergraph::mine
