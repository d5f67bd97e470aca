// Fuzz target: any bytes as bundles.csv, quantity_breaks.csv and
// promotions.csv in turn, against a small fixed catalog with two currencies,
// two categories and a sku holding the members' separator '*'; whatever
// parses is indexed into a Deals.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "data/catalog_loader.h"
#include "data/deals_loader.h"
#include "offergraph/deals.h"

namespace {

const offergraph::Catalog& FixedCatalog() {
  static const offergraph::Catalog* catalog = [] {
    auto parsed = offergraph::ParseCatalogCsv(
        "sku,name,category,price,currency\n"
        "A,a,x,1.00,USD\nB,b,x,2.00,USD\nC*2,c,y,3.00,USD\nD,d,y,400,JPY\n"
        "E,e,,0,USD\n",
        "catalog.csv", "USD");
    if (!parsed.ok()) __builtin_trap();
    return new offergraph::Catalog(*std::move(parsed));
  }();
  return *catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  const offergraph::Catalog& catalog = FixedCatalog();
  auto bundles = offergraph::ParseBundlesCsv(text, "bundles.csv", catalog);
  auto breaks =
      offergraph::ParseQuantityBreaksCsv(text, "quantity_breaks.csv", catalog);
  auto promotions =
      offergraph::ParsePromotionsCsv(text, "promotions.csv", catalog);
  offergraph::QuantityBreakTable table;
  if (breaks.ok()) table = *std::move(breaks);
  offergraph::Deals deals(
      catalog,
      bundles.ok() ? *std::move(bundles) : std::vector<offergraph::Bundle>(),
      std::move(table.products), std::move(table.breaks),
      promotions.ok() ? *std::move(promotions)
                      : std::vector<offergraph::Promotion>());
  for (offergraph::ProductId id = 0; id < catalog.size(); ++id) {
    (void)deals.BundlesOf(id);
    (void)deals.BreaksOf(id);
    (void)deals.PromotionsOf(id);
  }
  return 0;
}
