// ParseQuantityBreaksCsv (deals_loader.h): quantity_breaks.csv rows against
// the catalog, grouped into each product's ascending tiers.
#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "data/deals_csv.h"
#include "data/deals_loader.h"
#include "data/field_parsers.h"
#include "util/money.h"

namespace offergraph {
namespace {

constexpr int32_t kMaxMinQuantity = 1000000;

// One row, kept until all rows are read (they may come in any order).
struct BreakRow {
  ProductId product;
  QuantityBreak brk;
  int64_t unit_price;  // what the rule makes of the list price
  int line;
  int column;  // of min_quantity
};

// The unit price `rule` gives at list price `list`: the same arithmetic as
// ApplyRule in offergraph/pricing.h (rounded down), which the engine owns.
int64_t UnitPriceOf(int64_t list, const PriceRule& rule) {
  if (rule.price >= 0) return rule.price;
  const __int128 kept =
      static_cast<__int128>(list) * (kBasisPointsPerUnit - rule.discount_bp);
  return static_cast<int64_t>(kept / kBasisPointsPerUnit);
}

}  // namespace

absl::StatusOr<QuantityBreakTable> ParseQuantityBreaksCsv(
    absl::string_view contents, absl::string_view filename,
    const Catalog& catalog) {
  DealsCsv row(contents, filename);
  if (absl::Status s = row.Start(); !s.ok()) return s;
  absl::StatusOr<int> sku_col = row.Required("sku");
  if (!sku_col.ok()) return sku_col.status();
  absl::StatusOr<int> min_col = row.Required("min_quantity");
  if (!min_col.ok()) return min_col.status();
  const int price_col = row.Index("unit_price");
  const int discount_col = row.Index("discount_percent");

  std::vector<BreakRow> rows;
  while (true) {
    absl::StatusOr<bool> got = row.Next();
    if (!got.ok()) return got.status();
    if (!*got) break;
    BreakRow r;
    r.line = row.line();
    r.column = row.Column(*min_col);
    r.product = catalog.Find(row.Value(*sku_col));
    if (r.product == kNoProduct) {
      return row.Error(
          *sku_col, "sku",
          absl::StrCat("unknown sku \"", row.Value(*sku_col), "\""));
    }
    absl::StatusOr<int32_t> min = ParseInt32(row.Value(*min_col));
    if (!min.ok() || *min < 2 || *min > kMaxMinQuantity) {
      return row.Error(
          *min_col, "min_quantity",
          absl::StrCat("\"", row.Value(*min_col),
                       "\" must be a whole number in 2..", kMaxMinQuantity));
    }
    r.brk.min_quantity = *min;
    absl::StatusOr<int> which =
        row.OneOf(price_col, "unit_price", discount_col, "discount_percent");
    if (!which.ok()) return which.status();
    const Product& p = catalog.product(r.product);
    if (*which == price_col) {
      absl::StatusOr<int64_t> price =
          row.PriceBelowList(price_col, "unit_price", p);
      if (!price.ok()) return price.status();
      r.brk.rule.price = *price;
    } else {
      absl::StatusOr<int32_t> bp = row.Discount(discount_col);
      if (!bp.ok()) return bp.status();
      r.brk.rule.discount_bp = *bp;
    }
    r.unit_price = UnitPriceOf(p.price, r.brk.rule);
    rows.push_back(r);
  }

  std::sort(rows.begin(), rows.end(), [](const BreakRow& a, const BreakRow& b) {
    return std::tie(a.product, a.brk.min_quantity, a.line) <
           std::tie(b.product, b.brk.min_quantity, b.line);
  });
  // Of all the rows in error, the one with the earliest line, so the
  // message does not depend on the sort.
  const BreakRow* bad = nullptr;
  const BreakRow* other = nullptr;
  for (size_t i = 1; i < rows.size(); ++i) {
    const BreakRow& a = rows[i - 1];
    const BreakRow& b = rows[i];
    if (a.product != b.product) continue;
    if (b.brk.min_quantity != a.brk.min_quantity &&
        b.unit_price < a.unit_price) {
      continue;
    }
    // The later-numbered line of the pair is the one to blame.
    const BreakRow* blame = a.line > b.line ? &a : &b;
    if (bad == nullptr || blame->line < bad->line) {
      bad = blame;
      other = blame == &a ? &b : &a;
    }
  }
  if (bad != nullptr) {
    const Product& p = catalog.product(bad->product);
    if (bad->brk.min_quantity == other->brk.min_quantity) {
      return DataError(filename, bad->line, bad->column,
                       absl::StrCat("min_quantity: duplicate break ", p.sku,
                                    " at ", bad->brk.min_quantity,
                                    " (first on line ", other->line, ")"));
    }
    const BreakRow& lower =
        bad->brk.min_quantity < other->brk.min_quantity ? *bad : *other;
    const BreakRow& higher = &lower == bad ? *other : *bad;
    return DataError(
        filename, bad->line, bad->column,
        absl::StrCat("min_quantity: ", p.sku, " costs ",
                     FormatMoney(higher.unit_price, p.currency),
                     " a unit from ", higher.brk.min_quantity, " (line ",
                     higher.line, ") but ",
                     FormatMoney(lower.unit_price, p.currency), " from ",
                     lower.brk.min_quantity, " (line ", lower.line,
                     "); a higher tier must give a lower unit price"));
  }

  QuantityBreakTable table;
  for (const BreakRow& r : rows) {
    if (table.products.empty() || table.products.back() != r.product) {
      table.products.push_back(r.product);
      table.breaks.emplace_back();
    }
    table.breaks.back().push_back(r.brk);
  }
  return table;
}

}  // namespace offergraph
