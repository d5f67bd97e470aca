#include "offergraph/ledger/ledger_factory.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "offergraph/ledger/memory_ledger.h"

namespace offergraph {

absl::StatusOr<std::unique_ptr<OfferLedger>> OpenLedger(
    const LedgerConfig& config) {
  if (config.store == "memory") return NewMemoryLedger(config.options);
  return absl::InvalidArgumentError(
      absl::StrCat("--ledger_store: unknown store \"", config.store,
                   "\" (memory, rocksdb or redis)"));
}

}  // namespace offergraph
