// ParsePromotionsCsv (deals_loader.h): promotions.csv rows against the
// catalog.
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "data/deals_csv.h"
#include "data/deals_loader.h"

namespace offergraph {

absl::StatusOr<std::vector<Promotion>> ParsePromotionsCsv(
    absl::string_view contents, absl::string_view filename,
    const Catalog& catalog) {
  DealsCsv row(contents, filename);
  if (absl::Status s = row.Start(); !s.ok()) return s;
  absl::StatusOr<int> id_col = row.Required("promotion_id");
  if (!id_col.ok()) return id_col.status();
  const int sku_col = row.Index("sku");
  const int category_col = row.Index("category");
  const int discount_col = row.Index("discount_percent");
  const int price_col = row.Index("price");
  const int pitch_col = row.Index("pitch");
  const int from_col = row.Index("valid_from");
  const int until_col = row.Index("valid_until");

  // Categories some product has; built on the first category promotion.
  absl::flat_hash_set<absl::string_view> categories;
  std::vector<Promotion> promotions;
  // Reserved so that it never reallocates: first_line views the ids
  // stored in it.
  const size_t max_records = row.MaxRecords();
  promotions.reserve(max_records);
  absl::flat_hash_map<absl::string_view, int>
      first_line;  // promotion_id -> line
  first_line.reserve(max_records);
  while (true) {
    absl::StatusOr<bool> got = row.Next();
    if (!got.ok()) return got.status();
    if (!*got) break;
    Promotion& p = promotions.emplace_back();
    absl::StatusOr<absl::string_view> id =
        row.NonEmpty(*id_col, "promotion_id");
    if (!id.ok()) return id.status();
    p.id = std::string(*id);
    auto [it, inserted] = first_line.emplace(p.id, row.line());
    if (!inserted) {
      return row.Error(*id_col, "promotion_id",
                       absl::StrCat("duplicate promotion_id \"", *id,
                                    "\" (first on line ", it->second, ")"));
    }

    absl::StatusOr<int> target =
        row.OneOf(sku_col, "sku", category_col, "category");
    if (!target.ok()) return target.status();
    if (*target == sku_col) {
      p.product = catalog.Find(row.Value(sku_col));
      if (p.product == kNoProduct) {
        return row.Error(
            sku_col, "sku",
            absl::StrCat("unknown sku \"", row.Value(sku_col), "\""));
      }
    } else {
      if (categories.empty()) {
        for (const Product& product : catalog.products()) {
          if (!product.category.empty()) categories.insert(product.category);
        }
      }
      if (!categories.contains(row.Value(category_col))) {
        return row.Error(category_col, "category",
                         absl::StrCat("no catalog product has category \"",
                                      row.Value(category_col), "\""));
      }
      p.category = std::string(row.Value(category_col));
    }

    absl::StatusOr<int> which =
        row.OneOf(discount_col, "discount_percent", price_col, "price");
    if (!which.ok()) return which.status();
    if (*which == price_col) {
      if (p.product == kNoProduct) {
        return row.Error(price_col, "price",
                         "a fixed price needs a sku; a category promotion "
                         "takes discount_percent");
      }
      absl::StatusOr<int64_t> price =
          row.PriceBelowList(price_col, "price", catalog.product(p.product));
      if (!price.ok()) return price.status();
      p.rule.price = *price;
    } else {
      absl::StatusOr<int32_t> bp = row.Discount(discount_col);
      if (!bp.ok()) return bp.status();
      p.rule.discount_bp = *bp;
    }
    if (pitch_col >= 0) p.pitch = std::string(row.Value(pitch_col));
    if (absl::Status s =
            row.Validity(from_col, until_col, /*until_required=*/true,
                         &p.valid_from, &p.valid_until);
        !s.ok()) {
      return s;
    }
  }
  return promotions;
}

}  // namespace offergraph
