// Fuzz target: any bytes as rules.textproto.
#include <cstddef>
#include <cstdint>

#include "data/rules_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  (void)offergraph::ParseRulesTextproto(text, "rules.textproto");
  return 0;
}
