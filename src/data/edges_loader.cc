#include "offergraph/data/edges_loader.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "data/csv_reader.h"
#include "data/field_parsers.h"
#include "data/file_util.h"

namespace offergraph {
namespace {

// Weight of a derived tier upsell: 0.5 for the next tier, 0.25 two up, ...
float DerivedWeight(int32_t tier_gap) {
  return 0.5f / static_cast<float>(tier_gap);
}

struct ParsedEdge {
  ProductId from;
  ProductId to;
  uint8_t kind;     // EdgeKind
  uint8_t derived;  // 1 = from product_line tiers
  float weight;
  float lift;
  uint32_t pitch;
  int line;    // 0 for derived edges
  int column;  // of from_sku
};

bool ByKindFromToExplicitFirst(const ParsedEdge& a, const ParsedEdge& b) {
  if (a.kind != b.kind) return a.kind < b.kind;
  if (a.from != b.from) return a.from < b.from;
  if (a.to != b.to) return a.to < b.to;
  return a.derived < b.derived;
}

// Adds an upsell from every tier of a product line to each higher tier.
void AddDerivedUpsells(const Catalog& catalog, std::vector<ParsedEdge>* out) {
  absl::flat_hash_map<absl::string_view, std::vector<ProductId>> lines;
  for (ProductId id = 0; id < catalog.size(); ++id) {
    const Product& p = catalog.product(id);
    if (!p.product_line.empty() && p.has_tier)
      lines[p.product_line].push_back(id);
  }
  for (auto& [line, ids] : lines) {
    for (ProductId a : ids) {
      for (ProductId b : ids) {
        const int32_t gap = catalog.product(b).tier - catalog.product(a).tier;
        if (gap <= 0) continue;
        out->push_back({a, b, static_cast<uint8_t>(EdgeKind::kUpsell), 1,
                        DerivedWeight(gap), -1.0f, 0, 0, 0});
      }
    }
  }
}

// Finds a cycle in the upsell edges (sorted by from, in `edges[begin,end)`)
// with an iterative depth-first search. Returns the edges of one cycle, or
// an empty vector.
std::vector<const ParsedEdge*> FindUpsellCycle(
    size_t product_count, const std::vector<ParsedEdge>& edges, size_t begin,
    size_t end) {
  std::vector<uint32_t> offsets(product_count + 1, 0);
  for (size_t i = begin; i < end; ++i) ++offsets[edges[i].from + 1];
  for (size_t i = 1; i < offsets.size(); ++i) offsets[i] += offsets[i - 1];
  enum : uint8_t { kWhite, kGrey, kBlack };
  std::vector<uint8_t> color(product_count, kWhite);
  std::vector<const ParsedEdge*> via(product_count, nullptr);  // tree edge in
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
      const ParsedEdge& e = edges[begin + top.next++];
      if (color[e.to] == kGrey) {
        std::vector<const ParsedEdge*> cycle = {&e};
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

}  // namespace

absl::StatusOr<OfferGraph> ParseEdgesCsv(absl::string_view contents,
                                         absl::string_view filename,
                                         const Catalog& catalog) {
  CsvReader reader(contents, filename);
  if (absl::Status s = reader.CheckUtf8(); !s.ok()) return s;
  absl::StatusOr<CsvHeader> header = CsvHeader::Read(reader);
  if (!header.ok()) return header.status();
  int c_from, c_to, c_kind, c_weight;
  for (auto [name, out] :
       {std::pair{"from_sku", &c_from}, std::pair{"to_sku", &c_to},
        std::pair{"kind", &c_kind}, std::pair{"weight", &c_weight}}) {
    absl::StatusOr<int> i = header->Required(name);
    if (!i.ok()) return i.status();
    *out = *i;
  }
  const int c_support = header->Index("support");
  const int c_lift = header->Index("lift");
  const int c_pitch = header->Index("pitch");

  OfferGraph::Builder builder(catalog.size());
  std::vector<ParsedEdge> edges;
  std::vector<CsvField> f;
  while (true) {
    absl::StatusOr<bool> got = reader.Next(&f);
    if (!got.ok()) return got.status();
    if (!*got) break;
    const int line = reader.record_line();
    if (f.size() != header->size()) {
      return DataError(
          filename, line, 1,
          absl::StrCat("expected ", header->size(),
                       " fields (as in the header), got ", f.size()));
    }
    auto error = [&](int c, absl::string_view column, absl::string_view what) {
      return DataError(filename, f[c].line, f[c].column,
                       absl::StrCat(column, ": ", what));
    };
    ParsedEdge e{};
    e.line = line;
    e.column = f[c_from].column;
    e.from = catalog.Find(f[c_from].value);
    if (e.from == kNoProduct) {
      return error(c_from, "from_sku",
                   absl::StrCat("unknown sku \"", f[c_from].value, "\""));
    }
    e.to = catalog.Find(f[c_to].value);
    if (e.to == kNoProduct) {
      return error(c_to, "to_sku",
                   absl::StrCat("unknown sku \"", f[c_to].value, "\""));
    }
    if (e.from == e.to) {
      return error(
          c_to, "to_sku",
          absl::StrCat("self-edge: \"", f[c_to].value, "\" points to itself"));
    }
    absl::string_view kind = f[c_kind].value;
    if (kind == "cross_sell") {
      e.kind = static_cast<uint8_t>(EdgeKind::kCrossSell);
    } else if (kind == "upsell") {
      e.kind = static_cast<uint8_t>(EdgeKind::kUpsell);
    } else {
      return error(c_kind, "kind",
                   absl::StrCat("\"", kind, "\" must be cross_sell or upsell"));
    }
    absl::StatusOr<double> weight = ParseFiniteDouble(f[c_weight].value);
    if (!weight.ok())
      return error(c_weight, "weight", weight.status().message());
    if (!(*weight > 0 && *weight <= 1)) {
      return error(
          c_weight, "weight",
          absl::StrCat("\"", f[c_weight].value, "\" must be in (0, 1]"));
    }
    e.weight = static_cast<float>(*weight);
    e.lift = -1.0f;
    if (c_lift >= 0 && !f[c_lift].value.empty()) {
      absl::StatusOr<double> lift = ParseFiniteDouble(f[c_lift].value);
      if (!lift.ok()) return error(c_lift, "lift", lift.status().message());
      if (*lift < 0) {
        return error(
            c_lift, "lift",
            absl::StrCat("\"", f[c_lift].value, "\" must not be negative"));
      }
      e.lift = static_cast<float>(*lift);
    }
    if (c_support >= 0 && !f[c_support].value.empty()) {
      absl::StatusOr<int32_t> support = ParseInt32(f[c_support].value);
      if (!support.ok() || *support < 0) {
        return error(c_support, "support",
                     absl::StrCat("\"", f[c_support].value,
                                  "\" must be a whole number >= 0"));
      }
    }
    if (c_pitch >= 0 && !f[c_pitch].value.empty()) {
      e.pitch = builder.InternPitch(std::string(f[c_pitch].value));
    }
    edges.push_back(e);
  }

  AddDerivedUpsells(catalog, &edges);
  std::sort(edges.begin(), edges.end(), ByKindFromToExplicitFirst);
  // Duplicates: two explicit rows are an error; a derived edge after an
  // explicit one for the same pair is dropped (the explicit one wins).
  size_t kept = 0;
  for (size_t i = 0; i < edges.size(); ++i) {
    if (kept > 0) {
      const ParsedEdge& prev = edges[kept - 1];
      const ParsedEdge& cur = edges[i];
      if (prev.kind == cur.kind && prev.from == cur.from && prev.to == cur.to) {
        if (cur.derived) continue;
        const ParsedEdge& later = prev.line > cur.line ? prev : cur;
        const ParsedEdge& earlier = prev.line > cur.line ? cur : prev;
        return DataError(
            filename, later.line, later.column,
            absl::StrCat("duplicate ",
                         cur.kind == static_cast<uint8_t>(EdgeKind::kUpsell)
                             ? "upsell"
                             : "cross_sell",
                         " edge ", catalog.product(cur.from).sku, " -> ",
                         catalog.product(cur.to).sku, " (first on line ",
                         earlier.line, ")"));
      }
    }
    edges[kept++] = edges[i];
  }
  edges.resize(kept);

  const size_t upsell_begin = static_cast<size_t>(
      std::partition_point(edges.begin(), edges.end(),
                           [](const ParsedEdge& e) {
                             return e.kind ==
                                    static_cast<uint8_t>(EdgeKind::kCrossSell);
                           }) -
      edges.begin());
  std::vector<const ParsedEdge*> cycle =
      FindUpsellCycle(catalog.size(), edges, upsell_begin, edges.size());
  if (!cycle.empty()) {
    // Derived edges only climb tiers, so a cycle holds an explicit edge.
    const ParsedEdge* blame = nullptr;
    std::vector<std::string> path;
    for (const ParsedEdge* e : cycle) {
      path.push_back(catalog.product(e->from).sku);
      if (!e->derived && (blame == nullptr || e->line > blame->line)) blame = e;
    }
    path.push_back(catalog.product(cycle.front()->from).sku);
    return DataError(
        filename, blame->line, blame->column,
        absl::StrCat("upgrade cycle: ", absl::StrJoin(path, " -> ")));
  }

  for (const ParsedEdge& p : edges) {
    Edge e;
    e.to = p.to;
    e.weight = p.weight;
    e.lift = p.lift;
    e.pitch = p.pitch;
    e.derived = p.derived;
    builder.Add(static_cast<EdgeKind>(p.kind), p.from, e);
  }
  std::vector<ParsedEdge>().swap(edges);
  return std::move(builder).Build();
}

absl::StatusOr<OfferGraph> LoadEdgesFile(const std::string& path,
                                         const Catalog& catalog) {
  absl::StatusOr<std::string> contents = ReadFileToString(path);
  if (!contents.ok()) return contents.status();
  size_t slash = path.find_last_of('/');
  return ParseEdgesCsv(
      *contents, slash == std::string::npos ? path : path.substr(slash + 1),
      catalog);
}

}  // namespace offergraph
