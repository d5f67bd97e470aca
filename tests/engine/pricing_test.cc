// Property tests for pricing.h: randomised catalogs, deals and carts with
// fixed seeds, each result checked against a brute-force restatement of the
// rules in pricing.h.
#include "offergraph/pricing.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "offergraph/catalog.h"
#include "offergraph/deals.h"

namespace offergraph {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1800000000);

using Rng = std::mt19937_64;

int64_t Uniform(Rng& rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

// Either rule kind, valid for something listed at `list`.
PriceRule RandomRule(Rng& rng, int64_t list) {
  PriceRule r;
  if (Uniform(rng, 0, 1) == 0) {
    r.price = Uniform(rng, 0, std::max<int64_t>(0, list - 1));
  } else {
    r.discount_bp = static_cast<int32_t>(Uniform(rng, 1, 10000));
  }
  return r;
}

// A window that may or may not contain kNow (both ends sometimes open).
void RandomWindow(Rng& rng, absl::Time* from, absl::Time* until) {
  const int64_t a = Uniform(rng, -100, 100);
  const int64_t b = a + Uniform(rng, 1, 100);
  *from =
      Uniform(rng, 0, 3) == 0 ? absl::InfinitePast() : kNow + absl::Hours(a);
  *until =
      Uniform(rng, 0, 3) == 0 ? absl::InfiniteFuture() : kNow + absl::Hours(b);
}

struct World {
  Catalog catalog;
  Deals deals;
};

// A few products in two categories, some promotions (per product and per
// category) and quantity breaks: ascending tiers, usually with falling unit
// prices as the loader demands, sometimes not, which pricing must survive.
World RandomWorld(Rng& rng) {
  std::vector<Product> products(static_cast<size_t>(Uniform(rng, 1, 6)));
  for (size_t i = 0; i < products.size(); ++i) {
    products[i].sku = "P" + std::to_string(i);
    products[i].name = products[i].sku;
    products[i].category = Uniform(rng, 0, 1) ? "a" : "b";
    products[i].currency = "USD";
    // Mostly shop prices, now and then huge ones near the overflow edge.
    products[i].price = Uniform(rng, 0, 9) == 0
                            ? Uniform(rng, 0, int64_t{1} << 40)
                            : Uniform(rng, 0, 500000);
  }
  World w{Catalog(std::move(products)), Deals()};
  const Catalog& c = w.catalog;
  std::vector<Promotion> promotions(static_cast<size_t>(Uniform(rng, 0, 5)));
  for (Promotion& p : promotions) {
    if (Uniform(rng, 0, 2) == 0) {
      p.category = Uniform(rng, 0, 1) ? "a" : "b";
      p.rule.discount_bp = static_cast<int32_t>(Uniform(rng, 1, 10000));
    } else {
      p.product = static_cast<ProductId>(Uniform(rng, 0, c.size() - 1));
      p.rule = RandomRule(rng, c.facts(p.product).price);
    }
    RandomWindow(rng, &p.valid_from, &p.valid_until);
  }
  std::vector<ProductId> break_products;
  std::vector<std::vector<QuantityBreak>> breaks;
  for (ProductId id = 0; id < c.size(); ++id) {
    if (Uniform(rng, 0, 1) == 0) continue;
    std::vector<QuantityBreak> tiers;
    int32_t min = 1;
    for (int t = Uniform(rng, 1, 4); t > 0; --t) {
      min += static_cast<int32_t>(Uniform(rng, 1, 10));
      tiers.push_back({min, RandomRule(rng, c.facts(id).price)});
    }
    break_products.push_back(id);
    breaks.push_back(std::move(tiers));
  }
  w.deals = Deals(c, {}, std::move(break_products), std::move(breaks),
                  std::move(promotions));
  return w;
}

// The exact rational list * (10000 - bp) / 10000 as numerator over 10000.
__int128 KeptNumerator(int64_t list, int32_t bp) {
  return static_cast<__int128>(list) * (kBasisPointsPerUnit - bp);
}

TEST(PricingPropertyTest, ApplyDiscountRoundsDownWithinOneMinorUnit) {
  Rng rng(1);
  for (int i = 0; i < 200000; ++i) {
    const int64_t list =
        i % 50 == 0
            ? std::numeric_limits<int64_t>::max() - Uniform(rng, 0, 1000)
            : Uniform(rng, 0, i % 2 ? 100000 : int64_t{1} << 50);
    const int32_t bp = static_cast<int32_t>(Uniform(rng, -5, 10005));
    const int64_t got = ApplyDiscount(list, bp);
    ASSERT_GE(got, 0);
    ASSERT_LE(got, list);
    if (bp <= 0) {
      ASSERT_EQ(got, list) << bp;
      continue;
    }
    if (bp >= 10000) {
      ASSERT_EQ(got, 0) << bp;
      continue;
    }
    // got <= exact < got + 1: rounded down, within one minor unit, so the
    // customer saves the exact percentage or a fraction of a unit more.
    const __int128 exact_x10000 = KeptNumerator(list, bp);
    ASSERT_LE(static_cast<__int128>(got) * 10000, exact_x10000)
        << list << " " << bp;
    ASSERT_GT((static_cast<__int128>(got) + 1) * 10000, exact_x10000)
        << list << " " << bp;
    ASSERT_EQ(ApplyDiscount(list, bp), got);  // idempotent
  }
  EXPECT_EQ(ApplyDiscount(999, 1250), 874);  // 874.125 -> 874
  EXPECT_EQ(ApplyDiscount(1, 1), 0);         // 0.9999 -> 0
  EXPECT_EQ(ApplyDiscount(10000, 1), 9999);
}

TEST(PricingPropertyTest, ApplyRuleIsNeverAboveListNorNegative) {
  Rng rng(2);
  for (int i = 0; i < 100000; ++i) {
    const int64_t list = Uniform(rng, 0, int64_t{1} << 40);
    PriceRule rule = RandomRule(rng, list);
    if (i % 7 == 0) rule.price = Uniform(rng, 0, int64_t{1} << 41);  // above
    const int64_t got = ApplyRule(list, rule);
    ASSERT_GE(got, 0);
    ASSERT_LE(got, list);
    if (rule.price >= 0) {
      ASSERT_EQ(got, std::min(rule.price, list));
    } else {
      ASSERT_EQ(got, ApplyDiscount(list, rule.discount_bp));
    }
  }
}

TEST(PricingPropertyTest, PriceUnitIsTheLowestSingleRuleNeverStacked) {
  Rng rng(3);
  int discounted = 0, by_break = 0, by_promotion = 0;
  for (int world = 0; world < 3000; ++world) {
    const World w = RandomWorld(rng);
    for (ProductId id = 0; id < w.catalog.size(); ++id) {
      const int64_t list = w.catalog.facts(id).price;
      for (int32_t quantity : {0, 1, 2, 5, 11, 23, 45, 1000}) {
        const UnitPrice got = PriceUnit(w.catalog, w.deals, id, quantity, kNow);
        // Brute force: the single lowest of list, each valid promotion and
        // the highest break reached, with the documented tie order.
        int64_t best = list;
        int32_t promotion = -1, brk = -1;
        absl::Time expires = absl::InfiniteFuture();
        for (uint32_t i = 0; i < w.deals.promotions().size(); ++i) {
          const Promotion& p = w.deals.promotions()[i];
          const bool applies =
              p.product == id || (p.product == kNoProduct &&
                                  p.category == w.catalog.product(id).category);
          if (!applies || !(p.valid_from <= kNow && kNow < p.valid_until)) {
            continue;
          }
          const int64_t price = ApplyRule(list, p.rule);
          if (price < best) {
            best = price;
            promotion = static_cast<int32_t>(i);
            expires = p.valid_until;
          }
        }
        const absl::Span<const QuantityBreak> tiers = w.deals.BreaksOf(id);
        int32_t reached = -1;
        for (size_t i = 0; i < tiers.size(); ++i) {
          if (tiers[i].min_quantity <= quantity) {
            reached = static_cast<int32_t>(i);
          }
        }
        if (reached >= 0 && ApplyRule(list, tiers[reached].rule) < best) {
          best = ApplyRule(list, tiers[reached].rule);
          promotion = -1;
          brk = reached;
          expires = absl::InfiniteFuture();
        }
        ASSERT_EQ(got.list, list);
        ASSERT_EQ(got.price, best) << world << " " << id << " " << quantity;
        ASSERT_EQ(got.promotion, promotion);
        ASSERT_EQ(got.quantity_break, brk);
        ASSERT_EQ(got.expires_at, expires);
        ASSERT_GE(got.price, 0);
        ASSERT_LE(got.price, got.list);
        const UnitPrice again =
            PriceUnit(w.catalog, w.deals, id, quantity, kNow);
        ASSERT_EQ(again.price, got.price);
        ASSERT_EQ(again.promotion, got.promotion);
        ASSERT_EQ(again.quantity_break, got.quantity_break);
        discounted += got.price < list;
        by_break += got.quantity_break >= 0;
        by_promotion += got.promotion >= 0;
      }
    }
  }
  // The worlds exercised every branch.
  EXPECT_GT(discounted, 1000);
  EXPECT_GT(by_break, 1000);
  EXPECT_GT(by_promotion, 1000);
}

TEST(PricingPropertyTest, QuoteBundleSumsExactlyAndIsCompleteOnlyWhenHeld) {
  Rng rng(4);
  std::vector<Product> products(8);
  for (size_t i = 0; i < products.size(); ++i) {
    products[i].sku = "P" + std::to_string(i);
    products[i].currency = "USD";
    products[i].price = Uniform(rng, 0, 200000);
  }
  const Catalog catalog(std::move(products));
  int complete = 0, partial = 0;
  for (int i = 0; i < 50000; ++i) {
    Bundle b;
    std::vector<ProductId> ids(catalog.size());
    for (ProductId id = 0; id < ids.size(); ++id) ids[id] = id;
    std::shuffle(ids.begin(), ids.end(), rng);
    ids.resize(static_cast<size_t>(Uniform(rng, 1, 4)));
    std::sort(ids.begin(), ids.end());
    __int128 list_total = 0;
    for (ProductId id : ids) {
      const int32_t q =
          static_cast<int32_t>(Uniform(rng, 1, ids.size() == 1 ? 1000 : 5));
      b.members.push_back({id, q == 1 && ids.size() == 1 ? 2 : q});
      list_total += static_cast<__int128>(catalog.facts(id).price) *
                    b.members.back().quantity;
    }
    b.rule = RandomRule(rng, static_cast<int64_t>(list_total));
    std::vector<int32_t> in_cart;
    bool held_all = true;
    __int128 missing = 0;
    for (const BundleMember& m : b.members) {
      const int32_t held = static_cast<int32_t>(
          Uniform(rng, 0, 3) == 0 ? Uniform(rng, -2, m.quantity + 3)
                                  : m.quantity);
      in_cart.push_back(held);
      const int32_t counted = std::clamp(held, 0, m.quantity);
      held_all &= counted == m.quantity;
      missing += static_cast<__int128>(catalog.facts(m.product).price) *
                 (m.quantity - counted);
    }
    const BundleQuote q = QuoteBundle(catalog, b, in_cart);
    ASSERT_EQ(q.list_total, list_total);
    ASSERT_EQ(q.bundle_price, ApplyRule(q.list_total, b.rule));
    ASSERT_EQ(q.missing_list, missing);
    ASSERT_EQ(q.extra_pay + q.saving, q.missing_list);
    ASSERT_GE(q.bundle_price, 0);
    ASSERT_LE(q.bundle_price, q.list_total);
    ASSERT_GE(q.extra_pay, 0);
    ASSERT_GE(q.saving, 0);
    // Never more than the bundle's own saving, never more than the list.
    ASSERT_LE(q.saving, q.list_total - q.bundle_price);
    ASSERT_LE(q.saving, q.list_total);
    ASSERT_EQ(q.complete, held_all);
    if (q.complete) {
      ASSERT_EQ(q.missing_list, 0);
      ASSERT_EQ(q.extra_pay, 0);
    }
    const BundleQuote again = QuoteBundle(catalog, b, in_cart);
    ASSERT_EQ(again.extra_pay, q.extra_pay);
    ASSERT_EQ(again.saving, q.saving);
    (q.complete ? complete : partial)++;
  }
  EXPECT_GT(complete, 1000);
  EXPECT_GT(partial, 1000);
}

TEST(PricingPropertyTest, QuoteNextBreakOffersOnlyTheNextBreakWithinReach) {
  Rng rng(5);
  int offered = 0;
  for (int world = 0; world < 3000; ++world) {
    const World w = RandomWorld(rng);
    for (ProductId id = 0; id < w.catalog.size(); ++id) {
      const absl::Span<const QuantityBreak> tiers = w.deals.BreaksOf(id);
      for (int32_t quantity : {1, 2, 3, 7, 15, 40}) {
        for (int32_t max_extra : {0, 1, 3, 10, 100}) {
          const QuantityQuote q =
              QuoteNextBreak(w.catalog, w.deals, id, quantity, max_extra, kNow);
          ASSERT_GE(q.extra_units, 0);
          ASSERT_LE(q.extra_units, max_extra);
          // Expected: the first tier above quantity, if within reach and
          // cheaper per unit than today.
          const QuantityBreak* next = nullptr;
          int32_t next_index = -1;
          for (size_t i = 0; i < tiers.size(); ++i) {
            if (tiers[i].min_quantity > quantity) {
              next = &tiers[i];
              next_index = static_cast<int32_t>(i);
              break;
            }
          }
          bool expect = false;
          UnitPrice now_price, at;
          if (next != nullptr && next->min_quantity - quantity <= max_extra) {
            now_price = PriceUnit(w.catalog, w.deals, id, quantity, kNow);
            at = PriceUnit(w.catalog, w.deals, id, next->min_quantity, kNow);
            expect =
                at.quantity_break == next_index && at.price < now_price.price;
          }
          if (!expect) {
            ASSERT_EQ(q.extra_units, 0);
            ASSERT_EQ(q.quantity_break, -1);
            ASSERT_EQ(q.extra_pay, 0);
            ASSERT_EQ(q.saving, 0);
            continue;
          }
          ++offered;
          const int32_t target = next->min_quantity;
          ASSERT_EQ(q.extra_units, target - quantity);
          ASSERT_EQ(q.quantity_break, next_index);
          ASSERT_EQ(q.unit_price, at.price);
          ASSERT_LT(q.unit_price, now_price.price);
          const __int128 exact_extra =
              static_cast<__int128>(target) * at.price -
              static_cast<__int128>(quantity) * now_price.price;
          ASSERT_EQ(q.extra_pay, std::max<__int128>(0, exact_extra));
          ASSERT_GE(q.extra_pay, 0);
          ASSERT_EQ(q.saving,
                    static_cast<__int128>(target) * (at.list - at.price));
          ASSERT_GT(q.saving, 0);
          ASSERT_LE(q.saving, static_cast<__int128>(target) * at.list);
        }
      }
    }
  }
  EXPECT_GT(offered, 1000);
}

// A break can make the bigger line cheaper than the current one; the extra
// pay is then 0, never negative.
TEST(PricingTest, ABreakThatMakesTheLineCheaperCostsNothingExtra) {
  std::vector<Product> products(1);
  products[0].sku = "P";
  products[0].currency = "USD";
  products[0].price = 1000;
  const Catalog catalog(std::move(products));
  const Deals deals(catalog, {}, {0}, {{{10, PriceRule{-1, 5000}}}}, {});
  const QuantityQuote q = QuoteNextBreak(catalog, deals, 0, 9, 5, kNow);
  EXPECT_EQ(q.extra_units, 1);
  EXPECT_EQ(q.unit_price, 500);
  EXPECT_EQ(q.extra_pay, 0);  // 10 * 5.00 < 9 * 10.00
  EXPECT_EQ(q.saving, 5000);
}

}  // namespace
}  // namespace offergraph
