#include "tools/datagen_deals.h"

#include <algorithm>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tools/csv_writer.h"

namespace offergraph {
namespace tools {
namespace {

// Its own stream, so that asking for deals leaves catalog.csv and
// edges.csv byte for byte as without.
constexpr uint64_t kDealsSeedSalt = 0x6465616c73ULL;  // "deals"

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed ^ kDealsSeedSalt) {}
  int64_t Below(int64_t n) { return static_cast<int64_t>(engine_() % n); }

 private:
  std::mt19937_64 engine_;
};

// "12.5" for 125 tenths of a percent, "10" for 100.
void AppendTenthsPercent(int64_t tenths, std::string* out) {
  absl::StrAppend(out, tenths / 10);
  if (tenths % 10 != 0) absl::StrAppend(out, ".", tenths % 10);
}

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

absl::Status Finish(BufferedFile& file, DealsGenStats* stats) {
  stats->bytes += file.bytes();
  return file.Close();
}

absl::Status WriteBundles(const std::string& dir, int64_t n,
                          int64_t category_size, Rng& rng, int64_t count,
                          DealsGenStats* stats) {
  absl::StatusOr<std::unique_ptr<BufferedFile>> file =
      BufferedFile::Open(dir + "/bundles.csv");
  if (!file.ok()) return file.status();
  std::string& b = (*file)->buffer();
  b.append("bundle_id,name,members,discount_percent,pitch\n");
  std::vector<int64_t> members;
  for (int64_t i = 0; i < count; ++i) {
    // A category with at least two products (the last may be short).
    int64_t begin, size;
    do {
      begin = rng.Below(n) / category_size * category_size;
      size = std::min(category_size, n - begin);
    } while (size < 2);
    const int64_t want = std::min<int64_t>(2 + rng.Below(3), size);
    members.clear();
    while (static_cast<int64_t>(members.size()) < want) {
      const int64_t m = begin + rng.Below(size);
      if (std::find(members.begin(), members.end(), m) == members.end()) {
        members.push_back(m);
      }
    }
    absl::StrAppend(&b, "BUN", i, ",Bundle ", i, ",");
    for (size_t k = 0; k < members.size(); ++k) {
      if (k > 0) b.push_back('|');
      AppendSku(members[k], &b);
      if (rng.Below(8) == 0) absl::StrAppend(&b, "*", 2 + rng.Below(2));
    }
    b.push_back(',');
    AppendTenthsPercent(50 + 5 * rng.Below(21), &b);  // 5.0 .. 15.0
    b.append(rng.Below(3) == 0 ? ",Everything you need in one go.\n" : ",\n");
    if (absl::Status s = (*file)->MaybeFlush(); !s.ok()) return s;
  }
  stats->bundles = count;
  return Finish(**file, stats);
}

absl::Status WriteBreaks(const std::string& dir, int64_t n, Rng& rng,
                         int64_t count, DealsGenStats* stats) {
  // `count` distinct products: a partial Fisher-Yates shuffle, then in
  // catalog order.
  std::vector<int32_t> ids(n);
  std::iota(ids.begin(), ids.end(), 0);
  for (int64_t i = 0; i < count; ++i) {
    std::swap(ids[i], ids[i + rng.Below(n - i)]);
  }
  ids.resize(count);
  std::sort(ids.begin(), ids.end());
  absl::StatusOr<std::unique_ptr<BufferedFile>> file =
      BufferedFile::Open(dir + "/quantity_breaks.csv");
  if (!file.ok()) return file.status();
  std::string& b = (*file)->buffer();
  b.append("sku,min_quantity,discount_percent\n");
  for (int32_t id : ids) {
    // Tier 1: 3..5 units, 5..10% off; tier 2 (half the skus): 10..12 units,
    // 15..20% off. Generated prices are at least 1.99, so each tier's unit
    // price is strictly below the one before, as the loader demands.
    AppendSku(id, &b);
    absl::StrAppend(&b, ",", 3 + rng.Below(3), ",");
    AppendTenthsPercent(50 + 10 * rng.Below(6), &b);
    b.push_back('\n');
    ++stats->quantity_break_rows;
    if (rng.Below(2) == 0) {
      AppendSku(id, &b);
      absl::StrAppend(&b, ",", 10 + rng.Below(3), ",");
      AppendTenthsPercent(150 + 10 * rng.Below(6), &b);
      b.push_back('\n');
      ++stats->quantity_break_rows;
    }
    if (absl::Status s = (*file)->MaybeFlush(); !s.ok()) return s;
  }
  return Finish(**file, stats);
}

absl::Status WritePromotions(const std::string& dir, int64_t n,
                             int64_t category_size, Rng& rng, int64_t count,
                             absl::Time now, DealsGenStats* stats) {
  absl::StatusOr<std::unique_ptr<BufferedFile>> file =
      BufferedFile::Open(dir + "/promotions.csv");
  if (!file.ok()) return file.status();
  std::string& b = (*file)->buffer();
  b.append(
      "promotion_id,sku,category,discount_percent,valid_from,"
      "valid_until,pitch\n");
  const std::string window = absl::StrCat(",", Rfc3339(now - absl::Hours(24)),
                                          ",", Rfc3339(now + absl::Hours(720)));
  const int64_t categories = (n + category_size - 1) / category_size;
  for (int64_t i = 0; i < count; ++i) {
    absl::StrAppend(&b, "PROMO", i, ",");
    // One in fifty is for a whole category.
    if (rng.Below(50) == 0) {
      absl::StrAppend(&b, ",cat-", rng.Below(categories), ",");
    } else {
      AppendSku(rng.Below(n), &b);
      b.append(",,");
    }
    AppendTenthsPercent(50 + 10 * rng.Below(26), &b);  // 5 .. 30
    b.append(window);
    b.append(rng.Below(4) == 0 ? ",This week only.\n" : ",\n");
    if (absl::Status s = (*file)->MaybeFlush(); !s.ok()) return s;
  }
  stats->promotions = count;
  return Finish(**file, stats);
}

}  // namespace

absl::Status CheckDealsGenOptions(int64_t products, int64_t category_size,
                                  const DealsGenOptions& o) {
  if (o.bundles < 0 || o.quantity_breaks < 0 || o.promotions < 0) {
    return absl::InvalidArgumentError(
        "bundles, quantity_breaks, promotions: must not be negative");
  }
  if (o.quantity_breaks > products) {
    return absl::InvalidArgumentError(
        absl::StrCat("quantity_breaks: ", o.quantity_breaks, " skus exceed ",
                     products, " products"));
  }
  if (o.bundles > 0 && category_size < 2) {
    return absl::InvalidArgumentError(
        "bundles: need categories of at least 2 products (category_size)");
  }
  return absl::OkStatus();
}

absl::Status GenerateDeals(const std::string& out_dir, int64_t products,
                           int64_t category_size, uint64_t seed,
                           const DealsGenOptions& o, DealsGenStats* stats) {
  if (absl::Status s = CheckDealsGenOptions(products, category_size, o);
      !s.ok()) {
    return s;
  }
  Rng rng(seed);
  *stats = DealsGenStats();
  if (o.bundles > 0) {
    if (absl::Status s = WriteBundles(out_dir, products, category_size, rng,
                                      o.bundles, stats);
        !s.ok()) {
      return s;
    }
  }
  if (o.quantity_breaks > 0) {
    if (absl::Status s =
            WriteBreaks(out_dir, products, rng, o.quantity_breaks, stats);
        !s.ok()) {
      return s;
    }
  }
  if (o.promotions > 0) {
    return WritePromotions(out_dir, products, category_size, rng, o.promotions,
                           o.now, stats);
  }
  return absl::OkStatus();
}

}  // namespace tools
}  // namespace offergraph
