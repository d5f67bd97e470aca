#include "mine/curated.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "data/csv_reader.h"
#include "data/field_parsers.h"

namespace offergraph::mine {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;

}  // namespace

absl::StatusOr<std::vector<CuratedEdge>> ParseCuratedCsv(
    absl::string_view contents, absl::string_view filename) {
  CsvReader reader(contents, filename);
  if (absl::Status s = reader.CheckUtf8(); !s.ok()) return s;
  absl::StatusOr<CsvHeader> header = CsvHeader::Read(reader);
  if (!header.ok()) return header.status();
  int cols[4];
  const char* required[4] = {"from_sku", "to_sku", "kind", "weight"};
  for (int i = 0; i < 4; ++i) {
    absl::StatusOr<int> c = header->Required(required[i]);
    if (!c.ok()) return c.status();
    cols[i] = *c;
  }
  const int support_col = header->Index("support");
  const int lift_col = header->Index("lift");
  const int pitch_col = header->Index("pitch");
  const int block_col = header->Index("block");

  std::vector<CuratedEdge> out;
  absl::flat_hash_map<Key, int> seen;  // key -> line
  std::vector<CsvField> f;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&f);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (f.size() != header->size()) {
      return DataError(
          filename, reader.record_line(), 1,
          absl::StrCat("expected ", header->size(), " fields, got ", f.size()));
    }
    CuratedEdge e;
    e.row.curated = true;
    e.row.from = std::string(f[cols[0]].value);
    e.row.to = std::string(f[cols[1]].value);
    e.row.kind = std::string(f[cols[2]].value);
    for (int i = 0; i < 2; ++i) {
      if (f[cols[i]].value.empty()) {
        return DataError(filename, f[cols[i]].line, f[cols[i]].column,
                         absl::StrCat(required[i], ": must not be empty"));
      }
    }
    if (e.row.kind != "cross_sell" && e.row.kind != "upsell") {
      return DataError(filename, f[cols[2]].line, f[cols[2]].column,
                       absl::StrCat("kind: must be cross_sell or upsell, got '",
                                    e.row.kind, "'"));
    }
    absl::StatusOr<double> w = ParseFiniteDouble(f[cols[3]].value);
    if (!w.ok() || *w < 0 || *w > 1) {
      return DataError(filename, f[cols[3]].line, f[cols[3]].column,
                       absl::StrCat("weight: must be a number in [0, 1], got '",
                                    f[cols[3]].value, "'"));
    }
    e.row.weight = *w;
    if (support_col >= 0 && !f[support_col].value.empty()) {
      absl::StatusOr<int32_t> s = ParseInt32(f[support_col].value);
      if (!s.ok() || *s < 0) {
        return DataError(filename, f[support_col].line, f[support_col].column,
                         "support: must be a non-negative integer");
      }
      e.row.support = *s;
    }
    if (lift_col >= 0 && !f[lift_col].value.empty()) {
      absl::StatusOr<double> l = ParseFiniteDouble(f[lift_col].value);
      if (!l.ok() || *l < 0) {
        return DataError(filename, f[lift_col].line, f[lift_col].column,
                         "lift: must be a non-negative number");
      }
      e.row.lift = *l;
    }
    if (pitch_col >= 0) e.row.pitch = std::string(f[pitch_col].value);
    if (block_col >= 0 && !f[block_col].value.empty()) {
      absl::StatusOr<bool> b = ParseBool(f[block_col].value);
      if (!b.ok()) {
        return DataError(filename, f[block_col].line, f[block_col].column,
                         "block: must be true/false/1/0");
      }
      e.block = *b;
    }
    if (e.row.weight == 0) e.block = true;
    auto [it, inserted] = seen.try_emplace(
        Key(e.row.from, e.row.to, e.row.kind), reader.record_line());
    if (!inserted) {
      return DataError(filename, reader.record_line(), 1,
                       absl::StrCat("repeats the edge of line ", it->second));
    }
    out.push_back(std::move(e));
  }
  return out;
}

CuratedMerger::CuratedMerger(const std::vector<CuratedEdge>& curated) {
  for (const CuratedEdge& c : curated) {
    by_key_[Key(c.row.from, c.row.to, c.row.kind)] = &c;
    if (c.block) continue;
    ordered_.push_back(&c.row);
    if (!c.row.pitch.empty()) has_pitch_ = true;
  }
  std::sort(ordered_.begin(), ordered_.end(),
            [](const EdgeRow* a, const EdgeRow* b) {
              return EdgeRowLess(*a, *b);
            });
}

void CuratedMerger::WriteCuratedBefore(const EdgeRow* limit, Sink sink) {
  while (next_ < ordered_.size() &&
         (limit == nullptr || EdgeRowLess(*ordered_[next_], *limit))) {
    sink(*ordered_[next_++]);
  }
}

void CuratedMerger::Push(const EdgeRow& mined, Sink sink) {
  auto it = by_key_.find(Key(mined.from, mined.to, mined.kind));
  if (it != by_key_.end()) {
    // Blocked, or replaced by the curated row (written in its own place).
    matched_.insert(it->second);
    ++(it->second->block ? stats_.blocked : stats_.overridden);
    return;
  }
  WriteCuratedBefore(&mined, sink);
  sink(mined);
}

MergeStats CuratedMerger::Finish(Sink sink) {
  WriteCuratedBefore(nullptr, sink);
  for (const auto& [key, c] : by_key_) {
    if (matched_.contains(c)) continue;
    ++(c->block ? stats_.unmatched_blocks : stats_.added);
  }
  return stats_;
}

MergeStats MergeCurated(const std::vector<CuratedEdge>& curated,
                        std::vector<EdgeRow>* rows) {
  SortEdgeRows(rows);
  std::vector<EdgeRow> merged;
  merged.reserve(rows->size() + curated.size());
  auto keep = [&](const EdgeRow& r) { merged.push_back(r); };
  CuratedMerger merger(curated);
  for (const EdgeRow& r : *rows) merger.Push(r, keep);
  const MergeStats stats = merger.Finish(keep);
  *rows = std::move(merged);
  return stats;
}

}  // namespace offergraph::mine
