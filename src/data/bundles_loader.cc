// ParseBundlesCsv (deals_loader.h): bundles.csv rows against the catalog.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "data/deals_csv.h"
#include "data/deals_loader.h"
#include "data/field_parsers.h"
#include "util/money.h"

namespace offergraph {
namespace {

constexpr size_t kMaxBundleIdBytes = 128;
constexpr int32_t kMaxMemberQuantity = 1000;
constexpr int64_t kMaxListTotal = std::numeric_limits<int64_t>::max() / 4;

struct Columns {
  int id, name, members, price, discount, pitch, from, until;
};

// Parses the members field ("A|B*2") into bundle->members (sorted by
// ProductId) and bundle->currency.
absl::Status ParseMembers(const DealsCsv& row, int c, const Catalog& catalog,
                          Bundle* bundle) {
  auto error = [&](absl::string_view what) {
    return row.Error(c, "members", what);
  };
  // Start every member's index probe before the first lookup, so that their
  // cache misses overlap: a million-product index is far from cache.
  for (absl::string_view item : absl::StrSplit(row.Value(c), '|')) {
    catalog.Prefetch(item);
    if (const size_t star = item.rfind('*'); star != absl::string_view::npos) {
      catalog.Prefetch(item.substr(0, star));
    }
  }
  ProductId first = kNoProduct;
  int64_t units = 0;
  for (absl::string_view item : absl::StrSplit(row.Value(c), '|')) {
    if (item.empty()) {
      return error(absl::StrCat("\"", row.Value(c),
                                "\" has an empty member; write SKU or "
                                "SKU*QUANTITY between the |"));
    }
    // A sku may itself contain '*': a whole known sku wins over a split.
    absl::string_view sku = item;
    int32_t quantity = 1;
    ProductId id = catalog.Find(sku);
    if (const size_t star = item.rfind('*');
        id == kNoProduct && star != absl::string_view::npos) {
      sku = item.substr(0, star);
      const absl::string_view q = item.substr(star + 1);
      if (!absl::SimpleAtoi(q, &quantity) || q.empty() || q[0] == '+' ||
          q[0] == ' ' || quantity < 1 || quantity > kMaxMemberQuantity) {
        return error(absl::StrCat("\"", item, "\": quantity \"", q,
                                  "\" must be a whole number in 1..",
                                  kMaxMemberQuantity));
      }
      id = catalog.Find(sku);
    }
    if (id == kNoProduct) {
      return error(absl::StrCat("unknown sku \"", sku, "\""));
    }
    for (const BundleMember& m : bundle->members) {
      if (m.product == id) {
        return error(absl::StrCat("sku \"", sku,
                                  "\" appears more than once; give it "
                                  "once with a quantity (SKU*2)"));
      }
    }
    // The facts column, not the Product: one small row per member.
    if (first == kNoProduct) {
      first = id;
    } else if (catalog.facts(id).currency != catalog.facts(first).currency) {
      const Product& p = catalog.product(id);
      const Product& f = catalog.product(first);
      return error(absl::StrCat("\"", p.sku, "\" is priced in ", p.currency,
                                ", \"", f.sku, "\" in ", f.currency,
                                "; a bundle has one currency"));
    }
    bundle->members.push_back({id, quantity});
    units += quantity;
  }
  if (units < 2) {
    return error(absl::StrCat("\"", row.Value(c),
                              "\" must hold at least two units in all"));
  }
  std::sort(bundle->members.begin(), bundle->members.end(),
            [](const BundleMember& a, const BundleMember& b) {
              return a.product < b.product;
            });
  bundle->currency = catalog.facts(bundle->members[0].product).currency;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<Bundle>> ParseBundlesCsv(absl::string_view contents,
                                                    absl::string_view filename,
                                                    const Catalog& catalog) {
  DealsCsv row(contents, filename);
  if (absl::Status s = row.Start(); !s.ok()) return s;
  Columns col;
  for (auto [name, out] :
       {std::pair{"bundle_id", &col.id}, std::pair{"name", &col.name},
        std::pair{"members", &col.members}}) {
    absl::StatusOr<int> i = row.Required(name);
    if (!i.ok()) return i.status();
    *out = *i;
  }
  col.price = row.Index("price");
  col.discount = row.Index("discount_percent");
  col.pitch = row.Index("pitch");
  col.from = row.Index("valid_from");
  col.until = row.Index("valid_until");

  std::vector<Bundle> bundles;
  // Reserved so that it never reallocates: first_line views the ids
  // stored in it.
  const size_t max_records = row.MaxRecords();
  bundles.reserve(max_records);
  absl::flat_hash_map<absl::string_view, int> first_line;  // bundle_id -> line
  first_line.reserve(max_records);
  while (true) {
    absl::StatusOr<bool> got = row.Next();
    if (!got.ok()) return got.status();
    if (!*got) break;
    Bundle& b = bundles.emplace_back();
    absl::StatusOr<absl::string_view> id = row.NonEmpty(col.id, "bundle_id");
    if (!id.ok()) return id.status();
    if (id->size() > kMaxBundleIdBytes) {
      return row.Error(
          col.id, "bundle_id",
          absl::StrCat("must be at most 128 bytes, got ", id->size()));
    }
    if (catalog.Find(*id) != kNoProduct) {
      return row.Error(col.id, "bundle_id",
                       absl::StrCat("\"", *id,
                                    "\" is a catalog sku; a bundle needs an "
                                    "id of its own"));
    }
    b.id = std::string(*id);
    auto [it, inserted] = first_line.emplace(b.id, row.line());
    if (!inserted) {
      return row.Error(col.id, "bundle_id",
                       absl::StrCat("duplicate bundle_id \"", *id,
                                    "\" (first on line ", it->second, ")"));
    }
    absl::StatusOr<absl::string_view> name = row.NonEmpty(col.name, "name");
    if (!name.ok()) return name.status();
    b.name = std::string(*name);
    if (!row.Has(col.members)) {
      return row.Error(col.members, "members", "must not be empty");
    }
    if (absl::Status s = ParseMembers(row, col.members, catalog, &b); !s.ok()) {
      return s;
    }

    absl::StatusOr<int> which =
        row.OneOf(col.price, "price", col.discount, "discount_percent");
    if (!which.ok()) return which.status();
    // Prices fit in 63 bits, quantities in 10: sum in 128, then bound the
    // total so that pricing's sums of it cannot overflow.
    __int128 total = 0;
    for (const BundleMember& m : b.members) {
      total +=
          static_cast<__int128>(catalog.facts(m.product).price) * m.quantity;
    }
    if (total > kMaxListTotal) {
      return row.Error(col.members, "members",
                       "the members' list total is too large");
    }
    const int64_t list_total = static_cast<int64_t>(total);
    if (*which == col.price) {
      const Product& head = catalog.product(b.members[0].product);
      absl::StatusOr<int64_t> price = ParseMinorUnits(
          row.Value(col.price), CurrencyExponent(head.currency));
      if (!price.ok()) {
        return row.Error(col.price, "price", price.status().message());
      }
      if (*price >= list_total) {
        return row.Error(
            col.price, "price",
            absl::StrCat("\"", row.Value(col.price),
                         "\" must be below the members' list total ",
                         FormatMoney(list_total, head.currency)));
      }
      b.rule.price = *price;
    } else {
      absl::StatusOr<int32_t> bp = row.Discount(col.discount);
      if (!bp.ok()) return bp.status();
      b.rule.discount_bp = *bp;
    }
    if (col.pitch >= 0) b.pitch = std::string(row.Value(col.pitch));
    if (absl::Status s = row.Validity(col.from, col.until,
                                      /*until_required=*/false, &b.valid_from,
                                      &b.valid_until);
        !s.ok()) {
      return s;
    }
  }
  return bundles;
}

}  // namespace offergraph
