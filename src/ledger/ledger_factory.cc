#include "offergraph/ledger/ledger_factory.h"

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "offergraph/ledger/memory_ledger.h"
#include "offergraph/ledger/redis_ledger.h"
#include "offergraph/ledger/rocksdb_ledger.h"

namespace offergraph {

absl::StatusOr<std::unique_ptr<OfferLedger>> OpenLedger(
    const LedgerConfig& config) {
  if (config.store == "memory") return NewMemoryLedger(config.options);
  if (config.store == "rocksdb") {
    if (config.dir.empty()) {
      return absl::InvalidArgumentError(
          "--ledger_dir: required for --ledger_store=rocksdb");
    }
    return NewRocksDbLedger(config.dir, config.options);
  }
  if (config.store == "redis") {
    const size_t colon = config.redis_address.rfind(':');
    int port = 0;
    if (colon == std::string::npos || colon == 0 ||
        !absl::SimpleAtoi(
            absl::string_view(config.redis_address).substr(colon + 1), &port) ||
        port <= 0 || port > 65535) {
      return absl::InvalidArgumentError(
          absl::StrCat("--redis_address: want host:port, got \"",
                       config.redis_address, "\""));
    }
    return NewRedisLedger(config.redis_address.substr(0, colon), port,
                          config.options);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--ledger_store: unknown store \"", config.store,
                   "\" (memory, rocksdb or redis)"));
}

}  // namespace offergraph
