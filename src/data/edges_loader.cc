#include "data/edges_loader.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "data/csv_reader.h"
#include "data/field_parsers.h"
#include "data/load_phases.h"
#include "data/parse_progress.h"
#include "data/sku_index.h"
#include "util/file_util.h"
#include "util/status_macros.h"

namespace offergraph {
namespace {

// Weight of a derived tier upsell: 0.5 for the next tier, 0.25 two up, ...
float DerivedWeight(int32_t tier_gap) {
  return 0.5f / static_cast<float>(tier_gap);
}

uint64_t PairKey(ProductId from, ProductId to) {
  return (uint64_t{from} << 32) | to;
}

// One validated data row. `pitch` views the input (or the reader's storage)
// and is valid until the next row.
struct Row {
  ProductId from = kNoProduct;
  ProductId to = kNoProduct;
  EdgeKind kind = EdgeKind::kCrossSell;
  float weight = 0;
  float lift = -1;
  absl::string_view pitch;
  int line = 0;
  int column = 0;  // of from_sku
};

// Reads and validates edges.csv row by row, without heap allocation per row.
// Not thread-safe, but copyable: a copy Seek()s to parse another stretch of
// the same file on another thread. `contents` and `index` must outlive it.
class RowParser {
 public:
  RowParser(absl::string_view contents, absl::string_view filename,
            const SkuIndex& index)
      : reader_(contents, filename), filename_(filename), index_(index) {}

  // Reads the header. The encoding is checked separately, except that a
  // bad header reports invalid UTF-8 anywhere in the file first.
  absl::Status Start() {
    absl::Status s = ReadHeader();
    if (!s.ok()) {
      RETURN_IF_ERROR(reader_.CheckUtf8());
    }
    return s;
  }

  // Continues at byte `pos` (the start of a line), numbering it `line`, and
  // stops before any record that starts at or after `limit`.
  void Seek(size_t pos, int line, size_t limit) {
    reader_.Seek(pos, line);
    reader_.set_limit(limit);
  }
  void set_limit(size_t limit) { reader_.set_limit(limit); }
  const CsvReader& reader() const { return reader_; }
  int line() const { return reader_.line(); }

 private:
  absl::Status ReadHeader() {
    ASSIGN_OR_RETURN(CsvHeader header, CsvHeader::Read(reader_));
    for (auto [name, out] :
         {std::pair{"from_sku", &from_}, std::pair{"to_sku", &to_},
          std::pair{"kind", &kind_}, std::pair{"weight", &weight_}}) {
      ASSIGN_OR_RETURN(*out, header.Required(name));
    }
    support_ = header.Index("support");
    lift_ = header.Index("lift");
    pitch_ = header.Index("pitch");
    field_count_ = header.size();
    return absl::OkStatus();
  }

 public:
  // Reads the next row into *row; false at the end of the input.
  absl::StatusOr<bool> Next(Row* row) {
    ASSIGN_OR_RETURN(bool got, reader_.Next(&f_));
    if (!got) return false;
    if (f_.size() != field_count_) {
      return DataError(
          filename_, reader_.record_line(), 1,
          absl::StrCat("expected ", field_count_,
                       " fields (as in the header), got ", f_.size()));
    }
    row->line = reader_.record_line();
    row->column = f_[from_].column;
    // Files usually list one product's edges together: look it up once.
    const absl::string_view from_sku = f_[from_].value;
    if (last_from_ == kNoProduct || from_sku != last_from_sku_) {
      last_from_ = index_.Find(from_sku);
      if (last_from_ == kNoProduct) {
        return Error(from_, "from_sku",
                     absl::StrCat("unknown sku \"", from_sku, "\""));
      }
      last_from_sku_.assign(from_sku.data(), from_sku.size());
    }
    row->from = last_from_;
    row->to = index_.Find(f_[to_].value);
    if (row->to == kNoProduct) {
      return Error(to_, "to_sku",
                   absl::StrCat("unknown sku \"", f_[to_].value, "\""));
    }
    if (row->from == row->to) {
      return Error(
          to_, "to_sku",
          absl::StrCat("self-edge: \"", f_[to_].value, "\" points to itself"));
    }
    const absl::string_view kind = f_[kind_].value;
    if (kind == "cross_sell") {
      row->kind = EdgeKind::kCrossSell;
    } else if (kind == "upsell") {
      row->kind = EdgeKind::kUpsell;
    } else {
      return Error(kind_, "kind",
                   absl::StrCat("\"", kind, "\" must be cross_sell or upsell"));
    }
    double weight = 0;
    if (!ParsePlainDecimal(f_[weight_].value, &weight)) {
      absl::StatusOr<double> slow = ParseFiniteDouble(f_[weight_].value);
      if (!slow.ok()) return Error(weight_, "weight", slow.status().message());
      weight = *slow;
    }
    if (!(weight > 0 && weight <= 1)) {
      return Error(
          weight_, "weight",
          absl::StrCat("\"", f_[weight_].value, "\" must be in (0, 1]"));
    }
    row->weight = static_cast<float>(weight);
    row->lift = -1.0f;
    if (lift_ >= 0 && !f_[lift_].value.empty()) {
      double lift = 0;
      if (!ParsePlainDecimal(f_[lift_].value, &lift)) {
        absl::StatusOr<double> slow = ParseFiniteDouble(f_[lift_].value);
        if (!slow.ok()) return Error(lift_, "lift", slow.status().message());
        lift = *slow;
      }
      if (lift < 0) {
        return Error(
            lift_, "lift",
            absl::StrCat("\"", f_[lift_].value, "\" must not be negative"));
      }
      row->lift = static_cast<float>(lift);
    }
    if (support_ >= 0 && !f_[support_].value.empty()) {
      absl::StatusOr<int32_t> support = ParseInt32(f_[support_].value);
      if (!support.ok() || *support < 0) {
        return Error(support_, "support",
                     absl::StrCat("\"", f_[support_].value,
                                  "\" must be a whole number >= 0"));
      }
    }
    row->pitch = pitch_ >= 0 ? f_[pitch_].value : absl::string_view();
    return true;
  }

  size_t position() const { return reader_.position(); }

 private:
  absl::Status Error(int c, absl::string_view column, absl::string_view what) {
    return DataError(filename_, f_[c].line, f_[c].column,
                     absl::StrCat(column, ": ", what));
  }

  CsvReader reader_;
  absl::string_view filename_;
  const SkuIndex& index_;
  int from_ = -1, to_ = -1, kind_ = -1, weight_ = -1;
  int support_ = -1, lift_ = -1, pitch_ = -1;
  size_t field_count_ = 0;
  std::vector<CsvField> f_;
  std::string last_from_sku_;
  ProductId last_from_ = kNoProduct;
};

// An upsell edge kept until the upgrade graph has been checked.
struct UpsellEdge {
  ProductId from;
  ProductId to;
  Edge edge;
  int line;    // 0 for derived edges
  int column;  // of from_sku
};

bool ByFromToLine(const UpsellEdge& a, const UpsellEdge& b) {
  if (a.from != b.from) return a.from < b.from;
  if (a.to != b.to) return a.to < b.to;
  return a.line < b.line;
}

// Among explicit upsells sorted by ByFromToLine, the repeat with the
// earliest line, as an error naming the first line; OK when none.
absl::Status CheckUpsellDuplicates(const std::vector<UpsellEdge>& edges,
                                   absl::string_view filename,
                                   const Catalog& catalog) {
  const UpsellEdge* first = nullptr;
  const UpsellEdge* repeat = nullptr;
  for (size_t i = 1; i < edges.size(); ++i) {
    const UpsellEdge& a = edges[i - 1];
    const UpsellEdge& b = edges[i];
    if (a.from == b.from && a.to == b.to &&
        (repeat == nullptr || b.line < repeat->line)) {
      // a is the earlier line; for three or more, a chain back to the first.
      size_t j = i - 1;
      while (j > 0 && edges[j - 1].from == b.from && edges[j - 1].to == b.to) {
        --j;
      }
      first = &edges[j];
      repeat = &b;
    }
  }
  if (repeat == nullptr) return absl::OkStatus();
  return DataError(
      filename, repeat->line, repeat->column,
      absl::StrCat("duplicate upsell edge ", catalog.product(repeat->from).sku,
                   " -> ", catalog.product(repeat->to).sku, " (first on line ",
                   first->line, ")"));
}

// The explicit upsell with the earliest line whose two products are priced
// in different currencies, as an error; OK when none. (Derived upsells stay
// within a product line, which the catalog keeps in one currency.)
absl::Status CheckUpsellCurrencies(const std::vector<UpsellEdge>& edges,
                                   absl::string_view filename,
                                   const Catalog& catalog) {
  const UpsellEdge* bad = nullptr;
  for (const UpsellEdge& e : edges) {
    if (catalog.facts(e.from).currency != catalog.facts(e.to).currency &&
        (bad == nullptr || e.line < bad->line)) {
      bad = &e;
    }
  }
  if (bad == nullptr) return absl::OkStatus();
  const Product& from = catalog.product(bad->from);
  const Product& to = catalog.product(bad->to);
  return DataError(
      filename, bad->line, bad->column,
      absl::StrCat("upsell ", from.sku, " (", from.currency, ") -> ", to.sku,
                   " (", to.currency,
                   ") crosses currencies; an upgrade stays in one currency"));
}

// Upsells from every tier of a product line to each higher tier, except
// where an explicit upsell (in `explicit_sorted`) joins the same two.
void AddDerivedUpsells(const Catalog& catalog,
                       const std::vector<UpsellEdge>& explicit_sorted,
                       std::vector<UpsellEdge>* out) {
  const size_t n = catalog.size();
  // Products of each line, grouped by a counting sort on a dense line index
  // (one hash lookup per product, no vector per line).
  absl::flat_hash_map<absl::string_view, uint32_t> line_index;
  std::vector<uint32_t> line_of(n, UINT32_MAX);
  for (ProductId id = 0; id < n; ++id) {
    const Product& p = catalog.product(id);
    if (!p.product_line.empty() && p.has_tier) {
      line_of[id] = line_index.try_emplace(p.product_line, line_index.size())
                        .first->second;
    }
  }
  const size_t lines = line_index.size();
  absl::flat_hash_map<absl::string_view, uint32_t>().swap(line_index);
  std::vector<uint32_t> line_begin(lines + 1, 0);
  for (ProductId id = 0; id < n; ++id) {
    if (line_of[id] != UINT32_MAX) ++line_begin[line_of[id] + 1];
  }
  for (size_t i = 1; i <= lines; ++i) line_begin[i] += line_begin[i - 1];
  std::vector<ProductId> members(line_begin[lines]);
  {
    std::vector<uint32_t> next(line_begin.begin(), line_begin.end() - 1);
    for (ProductId id = 0; id < n; ++id) {
      if (line_of[id] != UINT32_MAX) members[next[line_of[id]]++] = id;
    }
  }
  std::vector<uint32_t>().swap(line_of);
  // Each product's explicit upsells, as a range of `explicit_sorted`.
  std::vector<uint32_t> explicit_begin(n + 1, 0);
  for (const UpsellEdge& e : explicit_sorted) ++explicit_begin[e.from + 1];
  for (size_t i = 1; i <= n; ++i) explicit_begin[i] += explicit_begin[i - 1];

  for (size_t line = 0; line < lines; ++line) {
    const ProductId* ids = members.data() + line_begin[line];
    const size_t count = line_begin[line + 1] - line_begin[line];
    for (size_t i = 0; i < count; ++i) {
      const ProductId a = ids[i];
      for (size_t j = 0; j < count; ++j) {
        const ProductId b = ids[j];
        const int32_t gap = catalog.product(b).tier - catalog.product(a).tier;
        if (gap <= 0) continue;
        bool has_explicit = false;
        for (uint32_t k = explicit_begin[a]; k < explicit_begin[a + 1]; ++k) {
          if (explicit_sorted[k].to == b) {
            has_explicit = true;  // the explicit edge wins
            break;
          }
        }
        if (has_explicit) continue;
        UpsellEdge d{a, b, Edge(), 0, 0};
        d.edge.to = b;
        d.edge.weight = DerivedWeight(gap);
        d.edge.derived = 1;
        out->push_back(d);
      }
    }
  }
}

// Finds a cycle in `edges` (sorted by from) with an iterative depth-first
// search. Returns the edges of one cycle in order, or an empty vector.
std::vector<const UpsellEdge*> FindCycle(size_t product_count,
                                         const std::vector<UpsellEdge>& edges) {
  std::vector<uint32_t> offsets(product_count + 1, 0);
  for (const UpsellEdge& e : edges) ++offsets[e.from + 1];
  for (size_t i = 1; i < offsets.size(); ++i) offsets[i] += offsets[i - 1];
  enum : uint8_t { kWhite, kGrey, kBlack };
  std::vector<uint8_t> color(product_count, kWhite);
  std::vector<const UpsellEdge*> via(product_count, nullptr);  // tree edge in
  struct Frame {
    ProductId node;
    uint32_t next;
  };
  std::vector<Frame> stack;
  for (ProductId root = 0; root < product_count; ++root) {
    if (color[root] != kWhite || offsets[root] == offsets[root + 1]) continue;
    stack.push_back({root, offsets[root]});
    color[root] = kGrey;
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next == offsets[top.node + 1]) {
        color[top.node] = kBlack;
        stack.pop_back();
        continue;
      }
      const UpsellEdge& e = edges[top.next++];
      if (color[e.to] == kGrey) {
        std::vector<const UpsellEdge*> cycle = {&e};
        for (ProductId n = e.from; n != e.to; n = via[n]->from) {
          cycle.push_back(via[n]);
        }
        std::reverse(cycle.begin(), cycle.end());
        return cycle;
      }
      if (color[e.to] == kWhite) {
        color[e.to] = kGrey;
        via[e.to] = &e;
        stack.push_back({e.to, offsets[e.to]});
      }
    }
  }
  return {};
}

// Validates explicit upsells, adds the derived ones, checks that upgrades
// never loop, and hands them all to `builder`.
absl::Status AddUpsells(std::vector<UpsellEdge> edges,
                        absl::string_view filename, const Catalog& catalog,
                        OfferGraph::Builder* builder) {
  std::sort(edges.begin(), edges.end(), ByFromToLine);
  RETURN_IF_ERROR(CheckUpsellDuplicates(edges, filename, catalog));
  RETURN_IF_ERROR(CheckUpsellCurrencies(edges, filename, catalog));
  const size_t explicit_count = edges.size();
  std::vector<UpsellEdge> derived;
  AddDerivedUpsells(catalog, edges, &derived);
  // Derived edges come out by line: sort them before merging.
  std::sort(derived.begin(), derived.end(), ByFromToLine);
  edges.insert(edges.end(), derived.begin(), derived.end());
  std::vector<UpsellEdge>().swap(derived);
  std::inplace_merge(edges.begin(), edges.begin() + explicit_count, edges.end(),
                     ByFromToLine);

  std::vector<const UpsellEdge*> cycle = FindCycle(catalog.size(), edges);
  if (!cycle.empty()) {
    // Derived edges only climb tiers, so a cycle holds an explicit edge:
    // blame the one read last.
    const UpsellEdge* blame = nullptr;
    std::vector<absl::string_view> path;
    for (const UpsellEdge* e : cycle) {
      path.push_back(catalog.product(e->from).sku);
      if (e->line > 0 && (blame == nullptr || e->line > blame->line)) {
        blame = e;
      }
    }
    path.push_back(catalog.product(cycle.front()->from).sku);
    return DataError(
        filename, blame->line, blame->column,
        absl::StrCat("upgrade cycle: ", absl::StrJoin(path, " -> ")));
  }
  for (const UpsellEdge& e : edges)
    builder->Add(EdgeKind::kUpsell, e.from, e.edge);
  return absl::OkStatus();
}

// What one thread read from its stretch of the file.
struct ChunkOutput {
  explicit ChunkOutput(size_t product_count) : builder(product_count) {}

  // The builder's index of `pitch`, interned on first sight.
  uint32_t Intern(absl::string_view pitch) {
    auto it = pitch_ids.find(pitch);
    if (it != pitch_ids.end()) return it->second;
    const uint32_t id = builder.InternPitch(std::string(pitch));
    pitch_ids.emplace(std::string(pitch), id);
    pitches.emplace_back(pitch);
    return id;
  }

  OfferGraph::Builder builder;
  absl::flat_hash_map<std::string, uint32_t> pitch_ids;
  std::vector<std::string> pitches{std::string()};  // by builder index
  std::vector<UpsellEdge> upsells;  // lines as the chunk's parser counts them
  absl::Status utf8;                // first invalid UTF-8 in the stretch
  absl::Status status;              // first bad row
  size_t end = 0;                   // where the parser stopped
  int end_line = 0;                 // the parser's line there
};

// UTF-8 is checked in blocks of this size just ahead of the parser, while
// the bytes are being brought in anyway.
constexpr size_t kUtf8Block = size_t{1} << 20;

// Reads rows from the parser's position to its limit into *out, and checks
// that [utf8_begin, utf8_end) is UTF-8 (the whole stretch, even after a bad
// row: an encoding error anywhere wins over any row error). Stops at the
// first error of either kind. Calls `done` with the position every
// kParseProgressStep bytes.
void ParseChunk(RowParser& parser, size_t utf8_begin, size_t utf8_end,
                ChunkOutput* out, absl::FunctionRef<void(size_t)> done) {
  size_t checked = utf8_begin;
  auto check_to = [&](size_t want) {
    while (out->utf8.ok() && checked < want && checked < utf8_end) {
      absl::StatusOr<size_t> next = parser.reader().CheckUtf8Range(
          checked, std::min(utf8_end, checked + kUtf8Block));
      if (!next.ok()) {
        out->utf8 = next.status();
        return;
      }
      checked = *next;
    }
  };
  size_t next_report = parser.position() + kParseProgressStep;
  Row row;
  while (true) {
    if (parser.position() + kUtf8Block / 2 > checked) {
      check_to(parser.position() + kUtf8Block);
      if (!out->utf8.ok()) break;
    }
    absl::StatusOr<bool> got = parser.Next(&row);
    if (!got.ok()) {
      out->status = got.status();
      break;
    }
    if (!*got) break;
    Edge e;
    e.to = row.to;
    e.weight = row.weight;
    e.lift = row.lift;
    if (!row.pitch.empty()) e.pitch = out->Intern(row.pitch);
    if (row.kind == EdgeKind::kCrossSell) {
      out->builder.Add(EdgeKind::kCrossSell, row.from, e);
    } else {
      out->upsells.push_back({row.from, row.to, e, row.line, row.column});
    }
    if (parser.position() >= next_report) {
      done(parser.position());
      next_report = parser.position() + kParseProgressStep;
    }
  }
  out->end = parser.position();
  out->end_line = parser.line();
  check_to(utf8_end);
}

// Cross-sells go straight into the builder without their lines, so a
// duplicate is found in the built graph and then located by reading the
// file again (errors are rare; the common path keeps no per-edge position).
absl::Status CheckCrossSellDuplicates(const OfferGraph& graph,
                                      absl::string_view contents,
                                      absl::string_view filename,
                                      const Catalog& catalog,
                                      const SkuIndex& index) {
  absl::flat_hash_set<uint64_t> repeated;
  // seen_from[t] == id once t has been seen among id's targets: one pass
  // over the edges, no sorting.
  std::vector<ProductId> seen_from(catalog.size(), kNoProduct);
  for (ProductId id = 0; id < catalog.size(); ++id) {
    absl::Span<const Edge> edges = graph.CrossSells(id);
    if (edges.size() < 2) continue;
    for (const Edge& e : edges) {
      if (seen_from[e.to] == id) {
        repeated.insert(PairKey(id, e.to));
      } else {
        seen_from[e.to] = id;
      }
    }
  }
  std::vector<ProductId>().swap(seen_from);
  if (repeated.empty()) return absl::OkStatus();

  RowParser parser(contents, filename, index);
  RETURN_IF_ERROR(parser.Start());
  absl::flat_hash_map<uint64_t, int> first_line;
  Row row;
  while (true) {
    ASSIGN_OR_RETURN(bool got, parser.Next(&row));
    if (!got) break;
    if (row.kind != EdgeKind::kCrossSell) continue;
    const uint64_t key = PairKey(row.from, row.to);
    if (!repeated.contains(key)) continue;
    auto [it, inserted] = first_line.emplace(key, row.line);
    if (!inserted) {
      return DataError(filename, row.line, row.column,
                       absl::StrCat("duplicate cross_sell edge ",
                                    catalog.product(row.from).sku, " -> ",
                                    catalog.product(row.to).sku,
                                    " (first on line ", it->second, ")"));
    }
  }
  return absl::InternalError(
      absl::StrCat(filename, ": a duplicate edge vanished on a second read"));
}

}  // namespace

absl::StatusOr<OfferGraph> ParseEdgesCsv(absl::string_view contents,
                                         absl::string_view filename,
                                         const Catalog& catalog,
                                         ParseProgress progress,
                                         LoadPhases* phases) {
  return ParseEdgesCsv(contents, filename, catalog, progress,
                       EdgesParseOptions(), phases);
}

absl::StatusOr<OfferGraph> ParseEdgesCsv(absl::string_view contents,
                                         absl::string_view filename,
                                         const Catalog& catalog,
                                         ParseProgress progress,
                                         const EdgesParseOptions& options,
                                         LoadPhases* phases) {
  auto mark = [phases](absl::string_view name) {
    if (phases != nullptr) phases->Mark(name);
  };
  const SkuIndex index(catalog);
  mark("edges: sku index");
  RowParser parser(contents, filename, index);
  RETURN_IF_ERROR(parser.Start());
  const size_t n = contents.size();
  const size_t data_begin = parser.reader().data_start();

  // Where the second thread starts: just after the first newline past the
  // middle. If that newline sits inside a quoted field, the first thread
  // reads past it and the second thread's work is thrown away.
  int threads = options.threads;
  if (threads <= 0) {
    threads = std::thread::hardware_concurrency() >= 2 ? 2 : 1;
  }
  size_t split = n;
  const size_t rows_begin = parser.reader().position();
  if (threads >= 2 && n - rows_begin >= options.min_parallel_bytes &&
      n - rows_begin >= 2) {
    const size_t nl = contents.find('\n', rows_begin + (n - rows_begin) / 2);
    if (nl != absl::string_view::npos && nl + 1 < n) split = nl + 1;
  }

  ChunkOutput first(catalog.size());
  if (split == n) {
    ParseChunk(parser, data_begin, n, &first, progress);
    mark("edges: parse");
    if (!first.utf8.ok()) return first.utf8;
    RETURN_IF_ERROR(first.status);
  } else {
    ChunkOutput second(catalog.size());
    RowParser second_parser = parser;
    second_parser.Seek(split, 1, n);  // lines counted from the split
    parser.set_limit(split);
    std::thread worker([&] {
      size_t released = split;
      auto release = [&](size_t done) {
        if (options.release) options.release(released, done);
        released = done;
      };
      ParseChunk(second_parser, split, n, &second, release);
    });
    ParseChunk(parser, data_begin, split, &first, progress);
    worker.join();
    mark("edges: parse (2 threads)");
    // The first error a sequential parse would report: invalid UTF-8
    // anywhere, then the earliest bad row.
    if (!first.utf8.ok()) return first.utf8;
    if (!second.utf8.ok()) return second.utf8;
    RETURN_IF_ERROR(first.status);
    if (first.end != split) {
      // A quoted field ran over the split: read the rest on this thread.
      parser.set_limit(n);
      ParseChunk(parser, n, n, &first, progress);
      mark("edges: parse (rest, sequential)");
      RETURN_IF_ERROR(first.status);
    } else if (!second.status.ok()) {
      // Locate the error with true line numbers: read the second half
      // again, numbered from where the first half ended.
      RowParser again = parser;
      again.Seek(split, first.end_line, n);
      ChunkOutput scratch(catalog.size());
      ParseChunk(again, n, n, &scratch, [](size_t) {});
      if (scratch.status.ok()) {
        return absl::InternalError(absl::StrCat(
            filename, ": an error in the second half vanished on a re-read"));
      }
      return scratch.status;
    } else {
      // Merge: pitches interned once, upsell lines made absolute.
      std::vector<uint32_t> pitch_map(second.pitches.size(), 0);
      for (size_t i = 1; i < second.pitches.size(); ++i) {
        pitch_map[i] = first.Intern(second.pitches[i]);
      }
      first.builder.Merge(std::move(second.builder), pitch_map);
      const int line_offset = first.end_line - 1;
      first.upsells.reserve(first.upsells.size() + second.upsells.size());
      for (UpsellEdge& e : second.upsells) {
        e.line += line_offset;
        if (e.edge.pitch != 0) e.edge.pitch = pitch_map[e.edge.pitch];
        first.upsells.push_back(e);
      }
      std::vector<UpsellEdge>().swap(second.upsells);
      mark("edges: merge halves");
    }
  }
  progress(n);
  mark("edges: fingerprint rest");
  // Cross-sells are complete: place them on another thread while this one
  // checks and derives the upsells.
  const bool overlap =
      threads >= 2 && n - rows_begin >= options.min_parallel_bytes;
  std::thread place;
  if (overlap) {
    place =
        std::thread([&first] { first.builder.Place(EdgeKind::kCrossSell); });
  }
  absl::Status upsells =
      AddUpsells(std::move(first.upsells), filename, catalog, &first.builder);
  if (overlap) place.join();
  RETURN_IF_ERROR(upsells);
  mark(overlap ? "edges: upsells (cross-sells placed meanwhile)"
               : "edges: upsells");
  OfferGraph graph = std::move(first.builder).Build();
  mark("edges: build");
  RETURN_IF_ERROR(
      CheckCrossSellDuplicates(graph, contents, filename, catalog, index));
  mark("edges: duplicate check");
  return graph;
}

absl::StatusOr<OfferGraph> ParseEdgesCsv(absl::string_view contents,
                                         absl::string_view filename,
                                         const Catalog& catalog) {
  return ParseEdgesCsv(contents, filename, catalog, [](size_t) {});
}

absl::StatusOr<OfferGraph> LoadEdgesFile(const std::string& path,
                                         const Catalog& catalog) {
  ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
  EdgesParseOptions parallel;
  parallel.release = [&file](size_t begin, size_t end) {
    file.ReleaseRange(begin, end);
  };
  return ParseEdgesCsv(
      file.contents(), BaseName(path), catalog,
      [&file](size_t done) { file.ReleaseBefore(done); }, parallel);
}

}  // namespace offergraph
