#include "data/catalog_loader.h"

#include <cstring>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "data/csv_reader.h"
#include "data/field_parsers.h"
#include "data/parse_progress.h"
#include "util/file_util.h"
#include "util/money.h"
#include "util/status_macros.h"

namespace offergraph {
namespace {

constexpr size_t kMaxSkuBytes = 128;

// Column indexes; -1 when the optional column is absent.
struct Columns {
  int sku, name, category, price, currency, in_stock, margin, product_line,
      tier, pitch;
};

}  // namespace

absl::StatusOr<Catalog> ParseCatalogCsv(absl::string_view contents,
                                        absl::string_view filename,
                                        absl::string_view default_currency,
                                        ParseProgress progress,
                                        LoadPhases* phases) {
  CsvReader reader(contents, filename);
  if (absl::Status s = reader.CheckUtf8(); !s.ok()) return s;
  if (phases != nullptr) phases->Mark("catalog: utf-8 check");
  absl::StatusOr<CsvHeader> header = CsvHeader::Read(reader);
  if (!header.ok()) return header.status();
  Columns col;
  for (auto [name, out] :
       {std::pair{"sku", &col.sku}, std::pair{"name", &col.name},
        std::pair{"price", &col.price}}) {
    absl::StatusOr<int> i = header->Required(name);
    if (!i.ok()) return i.status();
    *out = *i;
  }
  col.category = header->Index("category");
  col.currency = header->Index("currency");
  col.in_stock = header->Index("in_stock");
  col.margin = header->Index("margin");
  col.product_line = header->Index("product_line");
  col.tier = header->Index("tier");
  col.pitch = header->Index("pitch");

  // Every record ends at a newline but perhaps the last, so this bounds the
  // row count: `products` never reallocates, and `first_line` can view the
  // skus stored in it.
  size_t max_rows = 1;
  for (const char *p = contents.data(), *end = p + contents.size();
       (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr;
       ++p) {
    ++max_rows;
  }
  std::vector<Product> products;
  products.reserve(max_rows);
  absl::flat_hash_map<absl::string_view, int> first_line;  // sku -> line
  first_line.reserve(max_rows);
  // product_line -> its first member's row, whose currency the others share.
  absl::flat_hash_map<absl::string_view, size_t> line_first_member;
  std::vector<CsvField> f;
  size_t next_report = kParseProgressStep;
  while (true) {
    if (reader.position() >= next_report) {
      progress(reader.position());
      next_report = reader.position() + kParseProgressStep;
    }
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
    Product& p = products.emplace_back();
    absl::string_view sku = f[col.sku].value;
    if (sku.empty()) return error(col.sku, "sku", "must not be empty");
    if (sku.size() > kMaxSkuBytes) {
      return error(col.sku, "sku",
                   absl::StrCat("must be at most 128 bytes, got ", sku.size()));
    }
    if (absl::StripAsciiWhitespace(sku).size() != sku.size()) {
      return error(
          col.sku, "sku",
          absl::StrCat("\"", sku, "\" has leading or trailing spaces"));
    }
    p.sku.assign(sku.data(), sku.size());
    auto [it, inserted] = first_line.emplace(p.sku, line);
    if (!inserted) {
      return error(col.sku, "sku",
                   absl::StrCat("duplicate sku \"", sku, "\" (first on line ",
                                it->second, ")"));
    }
    p.name.assign(f[col.name].value.data(), f[col.name].value.size());
    if (p.name.empty()) return error(col.name, "name", "must not be empty");
    if (col.category >= 0)
      p.category.assign(f[col.category].value.data(),
                        f[col.category].value.size());

    p.currency.assign(default_currency.data(), default_currency.size());
    if (col.currency >= 0 && !f[col.currency].value.empty()) {
      if (!IsCurrencyCode(f[col.currency].value)) {
        return error(col.currency, "currency",
                     absl::StrCat("\"", f[col.currency].value,
                                  "\" is not an ISO 4217 code such as USD"));
      }
      p.currency.assign(f[col.currency].value.data(),
                        f[col.currency].value.size());
    }
    absl::StatusOr<int64_t> price =
        ParseMinorUnits(f[col.price].value, CurrencyExponent(p.currency));
    if (!price.ok()) return error(col.price, "price", price.status().message());
    p.price = *price;

    if (col.in_stock >= 0 && !f[col.in_stock].value.empty()) {
      absl::StatusOr<bool> v = ParseBool(f[col.in_stock].value);
      if (!v.ok()) return error(col.in_stock, "in_stock", v.status().message());
      p.in_stock = *v;
    }
    if (col.margin >= 0 && !f[col.margin].value.empty()) {
      absl::StatusOr<double> v = ParseFiniteDouble(f[col.margin].value);
      if (!v.ok()) return error(col.margin, "margin", v.status().message());
      if (*v < 0 || *v > 1) {
        return error(col.margin, "margin",
                     absl::StrCat("\"", f[col.margin].value,
                                  "\" must be a fraction in [0, 1]"));
      }
      p.margin = *v;
    }
    if (col.product_line >= 0) {
      p.product_line.assign(f[col.product_line].value.data(),
                            f[col.product_line].value.size());
    }
    if (!p.product_line.empty()) {
      // Tiers of a line upgrade to each other: one currency, or the price
      // delta and the ceiling would compare unlike money.
      auto [first, added] =
          line_first_member.try_emplace(p.product_line, products.size() - 1);
      const Product& head = products[first->second];
      if (!added && head.currency != p.currency) {
        return error(
            col.currency >= 0 ? col.currency : col.product_line, "currency",
            absl::StrCat("\"", p.currency, "\" differs from \"", head.currency,
                         "\" of product_line \"", p.product_line, "\" (sku \"",
                         head.sku, "\"); a product line has one currency"));
      }
    }
    if (col.tier >= 0 && !f[col.tier].value.empty()) {
      absl::StatusOr<int32_t> v = ParseInt32(f[col.tier].value);
      if (!v.ok()) return error(col.tier, "tier", v.status().message());
      p.tier = *v;
      p.has_tier = true;
    }
    if (col.pitch >= 0) p.pitch = std::string(f[col.pitch].value);
  }
  absl::flat_hash_map<absl::string_view, int>().swap(first_line);
  progress(contents.size());
  if (phases != nullptr) phases->Mark("catalog: parse");
  Catalog catalog(std::move(products));
  if (phases != nullptr) phases->Mark("catalog: index");
  return catalog;
}

absl::StatusOr<Catalog> ParseCatalogCsv(absl::string_view contents,
                                        absl::string_view filename,
                                        absl::string_view default_currency) {
  return ParseCatalogCsv(contents, filename, default_currency, [](size_t) {});
}

absl::StatusOr<Catalog> LoadCatalogFile(const std::string& path,
                                        absl::string_view default_currency) {
  ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
  return ParseCatalogCsv(file.contents(), BaseName(path), default_currency,
                         [&file](size_t done) { file.ReleaseBefore(done); });
}

}  // namespace offergraph
