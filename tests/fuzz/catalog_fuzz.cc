// Fuzz target: any bytes as catalog.csv. The loader must return a Catalog or
// an error, never crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>

#include "data/catalog_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  (void)offergraph::ParseCatalogCsv(text, "catalog.csv", "USD");
  return 0;
}
