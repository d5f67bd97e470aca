#include "mine/catalog_convert.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "data/csv_reader.h"
#include "data/field_parsers.h"
#include "mine/edges_csv.h"

namespace offergraph::mine {
namespace {

// Reads every row of a table, handing the named columns to `row` in order.
template <typename F>
absl::Status ForEachRow(TableText table, std::vector<std::string> names,
                        F row) {
  CsvReader reader(table.contents, table.filename);
  if (absl::Status s = reader.CheckUtf8(); !s.ok()) return s;
  absl::StatusOr<CsvHeader> header = CsvHeader::Read(reader);
  if (!header.ok()) return header.status();
  std::vector<int> cols;
  for (const std::string& n : names) {
    absl::StatusOr<int> c = header->Required(n);
    if (!c.ok()) return c.status();
    cols.push_back(*c);
  }
  std::vector<CsvField> f;
  std::vector<CsvField> picked(cols.size());
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&f);
    if (!more.ok()) return more.status();
    if (!*more) return absl::OkStatus();
    if (f.size() != header->size()) {
      return DataError(
          table.filename, reader.record_line(), 1,
          absl::StrCat("expected ", header->size(), " fields, got ", f.size()));
    }
    for (size_t i = 0; i < cols.size(); ++i) picked[i] = f[cols[i]];
    if (absl::Status s = row(picked); !s.ok()) return s;
  }
}

// id -> name table (aisles, departments, translations).
absl::StatusOr<absl::flat_hash_map<std::string, std::string>> ReadNames(
    TableText table, const std::string& key, const std::string& value) {
  absl::flat_hash_map<std::string, std::string> out;
  absl::Status s = ForEachRow(
      table, {key, value}, [&](const std::vector<CsvField>& f) -> absl::Status {
        if (!out.try_emplace(f[0].value, f[1].value).second) {
          return DataError(table.filename, f[0].line, f[0].column,
                           absl::StrCat(key, ": repeated '", f[0].value, "'"));
        }
        return absl::OkStatus();
      });
  if (!s.ok()) return s;
  return out;
}

}  // namespace

absl::StatusOr<ConvertedCatalog> ConvertInstacart(TableText products,
                                                  TableText aisles,
                                                  TableText departments) {
  auto aisle = ReadNames(aisles, "aisle_id", "aisle");
  if (!aisle.ok()) return aisle.status();
  auto dept = ReadNames(departments, "department_id", "department");
  if (!dept.ok()) return dept.status();
  ConvertedCatalog out;
  absl::Status s = ForEachRow(
      products, {"product_id", "product_name", "aisle_id", "department_id"},
      [&](const std::vector<CsvField>& f) -> absl::Status {
        auto a = aisle->find(f[2].value);
        if (a == aisle->end()) {
          return DataError(
              products.filename, f[2].line, f[2].column,
              absl::StrCat("aisle_id: unknown '", f[2].value, "'"));
        }
        auto d = dept->find(f[3].value);
        if (d == dept->end()) {
          return DataError(
              products.filename, f[3].line, f[3].column,
              absl::StrCat("department_id: unknown '", f[3].value, "'"));
        }
        if (f[0].value.empty() || f[1].value.empty()) {
          return DataError(products.filename, f[0].line, f[0].column,
                           "product_id and product_name must not be empty");
        }
        CatalogRow row;
        row.sku = std::string(f[0].value);
        row.name = std::string(f[1].value);
        row.category = absl::StrCat(d->second, "/", a->second);
        row.price = 0;  // Instacart has no prices (see the header).
        row.currency = "USD";
        out.rows.push_back(std::move(row));
        return absl::OkStatus();
      });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<ConvertedCatalog> ConvertOlist(TableText products,
                                              TableText order_items,
                                              TableText translation) {
  auto english = ReadNames(translation, "product_category_name",
                           "product_category_name_english");
  if (!english.ok()) return english.status();
  absl::flat_hash_map<std::string, std::vector<int64_t>> prices;
  absl::Status s = ForEachRow(
      order_items, {"product_id", "price"},
      [&](const std::vector<CsvField>& f) -> absl::Status {
        absl::StatusOr<int64_t> p = ParseMinorUnits(f[1].value, 2);
        if (!p.ok()) {
          return DataError(order_items.filename, f[1].line, f[1].column,
                           absl::StrCat("price: ", p.status().message()));
        }
        prices[f[0].value].push_back(*p);
        return absl::OkStatus();
      });
  if (!s.ok()) return s;
  ConvertedCatalog out;
  s = ForEachRow(products, {"product_id", "product_category_name"},
                 [&](const std::vector<CsvField>& f) -> absl::Status {
                   if (f[0].value.empty()) {
                     return DataError(products.filename, f[0].line, f[0].column,
                                      "product_id: must not be empty");
                   }
                   auto it = prices.find(f[0].value);
                   if (it == prices.end()) {
                     ++out.skipped;
                     return absl::OkStatus();
                   }
                   std::vector<int64_t>& v = it->second;
                   std::sort(v.begin(), v.end());
                   const size_t n = v.size();
                   const int64_t median =
                       n % 2 == 1 ? v[n / 2]
                                  : (v[n / 2 - 1] + v[n / 2] + 1) / 2;
                   CatalogRow row;
                   row.sku = std::string(f[0].value);
                   auto e = english->find(f[1].value);
                   row.category = e != english->end() ? e->second
                                                      : std::string(f[1].value);
                   const std::string words =
                       row.category.empty()
                           ? std::string("product")
                           : absl::StrReplaceAll(row.category, {{"_", " "}});
                   row.name = absl::StrCat(words, " ", row.sku.substr(0, 8));
                   row.price = median;
                   row.currency = "BRL";
                   out.rows.push_back(std::move(row));
                   return absl::OkStatus();
                 });
  if (!s.ok()) return s;
  return out;
}

std::string FormatCatalogCsv(const std::vector<CatalogRow>& rows) {
  std::string out =
      "sku,name,category,price,currency,in_stock,margin,product_line,tier,"
      "pitch\n";
  for (const CatalogRow& r : rows) {
    absl::StrAppend(&out, CsvQuote(r.sku), ",", CsvQuote(r.name), ",",
                    CsvQuote(r.category), ",",
                    absl::StrFormat("%d.%02d", r.price / 100, r.price % 100),
                    ",", r.currency, ",true,,,,\n");
  }
  return out;
}

std::string InstacartRulesTextproto() {
  return "# Generated by offergraph-catalog instacart. Instacart publishes no\n"
         "# prices: every product is priced 0, so offers rank by their\n"
         "# edges' evidence alone (value_weight 0) instead of by expected\n"
         "# margin.\n"
         "# Mined edges: a cross-sell adds the confidences of every cart line\n"
         "# that reaches it, divided by sqrt(P(B)) so that staples bought\n"
         "# with anything do not crowd out real complements (chosen on a\n"
         "# validation split of Instacart's train orders; see README.md).\n"
         "ranking {\n"
         "  value_weight: 0\n"
         "  cross_sell_combination: COMBINATION_SUM\n"
         "  popularity_exponent: 0.5\n"
         "}\n";
}

}  // namespace offergraph::mine
