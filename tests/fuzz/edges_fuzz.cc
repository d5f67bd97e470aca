// Fuzz target: any bytes as edges.csv against a small fixed catalog with a
// product line (so derived upsells and cycle checks run too).
#include <cstddef>
#include <cstdint>

#include "data/catalog_loader.h"
#include "data/edges_loader.h"

namespace {

const offergraph::Catalog& FixedCatalog() {
  static const offergraph::Catalog* catalog = [] {
    auto parsed = offergraph::ParseCatalogCsv(
        "sku,name,price,product_line,tier\n"
        "A,a,1.00,l,1\nB,b,2.00,l,2\nC,c,3.00,l,3\nD,d,4.00,,\nE,e,5.00,,\n",
        "catalog.csv", "USD");
    if (!parsed.ok()) __builtin_trap();
    return new offergraph::Catalog(*std::move(parsed));
  }();
  return *catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  (void)offergraph::ParseEdgesCsv(text, "edges.csv", FixedCatalog());
  return 0;
}
