#include "offergraph/data/edges_loader.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "data/csv_reader.h"
#include "data/field_parsers.h"
#include "data/file_util.h"
#include "data/load_phases.h"
#include "data/parse_progress.h"
#include "data/sku_index.h"
#include "offergraph/common/status_macros.h"

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
// Not thread-safe; `contents` and `catalog` must outlive it.
class RowParser {
 public:
  RowParser(absl::string_view contents, absl::string_view filename,
            const SkuIndex& index)
      : reader_(contents, filename), filename_(filename), index_(index) {}

  // Checks the encoding and reads the header.
  absl::Status Start() {
    RETURN_IF_ERROR(reader_.CheckUtf8());
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
    absl::StatusOr<double> weight = ParseFiniteDouble(f_[weight_].value);
    if (!weight.ok())
      return Error(weight_, "weight", weight.status().message());
    if (!(*weight > 0 && *weight <= 1)) {
      return Error(
          weight_, "weight",
          absl::StrCat("\"", f_[weight_].value, "\" must be in (0, 1]"));
    }
    row->weight = static_cast<float>(*weight);
    row->lift = -1.0f;
    if (lift_ >= 0 && !f_[lift_].value.empty()) {
      absl::StatusOr<double> lift = ParseFiniteDouble(f_[lift_].value);
      if (!lift.ok()) return Error(lift_, "lift", lift.status().message());
      if (*lift < 0) {
        return Error(
            lift_, "lift",
            absl::StrCat("\"", f_[lift_].value, "\" must not be negative"));
      }
      row->lift = static_cast<float>(*lift);
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

// Upsells from every tier of a product line to each higher tier, except
// where an explicit upsell (in `explicit_sorted`) joins the same two.
void AddDerivedUpsells(const Catalog& catalog,
                       const std::vector<UpsellEdge>& explicit_sorted,
                       std::vector<UpsellEdge>* out) {
  absl::flat_hash_map<absl::string_view, std::vector<ProductId>> lines;
  for (ProductId id = 0; id < catalog.size(); ++id) {
    const Product& p = catalog.product(id);
    if (!p.product_line.empty() && p.has_tier) {
      lines[p.product_line].push_back(id);
    }
  }
  for (auto& [line, ids] : lines) {
    for (ProductId a : ids) {
      for (ProductId b : ids) {
        const int32_t gap = catalog.product(b).tier - catalog.product(a).tier;
        if (gap <= 0) continue;
        UpsellEdge probe{a, b, Edge(), 0, 0};
        auto it = std::lower_bound(explicit_sorted.begin(),
                                   explicit_sorted.end(), probe, ByFromToLine);
        if (it != explicit_sorted.end() && it->from == a && it->to == b) {
          continue;  // the explicit edge wins
        }
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
  const size_t explicit_count = edges.size();
  std::vector<UpsellEdge> derived;
  AddDerivedUpsells(catalog, edges, &derived);
  // Derived edges come out in hash-map order: sort them before merging.
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
  auto mark = [phases](absl::string_view name) {
    if (phases != nullptr) phases->Mark(name);
  };
  const SkuIndex index(catalog);
  mark("edges: sku index");
  RowParser parser(contents, filename, index);
  RETURN_IF_ERROR(parser.Start());
  mark("edges: utf-8 check");
  OfferGraph::Builder builder(catalog.size());
  absl::flat_hash_map<std::string, uint32_t> pitch_ids;  // interned once
  std::vector<UpsellEdge> upsells;
  size_t next_report = kParseProgressStep;
  Row row;
  while (true) {
    ASSIGN_OR_RETURN(bool got, parser.Next(&row));
    if (!got) break;
    Edge e;
    e.to = row.to;
    e.weight = row.weight;
    e.lift = row.lift;
    if (!row.pitch.empty()) {
      auto it = pitch_ids.find(row.pitch);
      if (it == pitch_ids.end()) {
        const uint32_t id = builder.InternPitch(std::string(row.pitch));
        it = pitch_ids.emplace(std::string(row.pitch), id).first;
      }
      e.pitch = it->second;
    }
    if (row.kind == EdgeKind::kCrossSell) {
      builder.Add(EdgeKind::kCrossSell, row.from, e);
    } else {
      upsells.push_back({row.from, row.to, e, row.line, row.column});
    }
    if (parser.position() >= next_report) {
      progress(parser.position());
      next_report = parser.position() + kParseProgressStep;
    }
  }
  progress(contents.size());
  mark("edges: parse");
  RETURN_IF_ERROR(AddUpsells(std::move(upsells), filename, catalog, &builder));
  mark("edges: upsells");
  OfferGraph graph = std::move(builder).Build();
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
  return ParseEdgesCsv(file.contents(), BaseName(path), catalog,
                       [&file](size_t done) { file.ReleaseBefore(done); });
}

}  // namespace offergraph
