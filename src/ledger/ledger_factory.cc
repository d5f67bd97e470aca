#include "ledger/ledger_factory.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/memory_ledger.h"
#include "ledger/redis_ledger.h"
#include "ledger/rocksdb_ledger.h"
#include "util/flag_checks.h"

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
    absl::StatusOr<HostPort> address =
        ParseHostPort("--redis_address", config.redis_address);
    if (!address.ok()) return address.status();
    if (address->port == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--redis_address: the port must be in [1, 65535], got \"",
          config.redis_address, "\""));
    }
    return NewRedisLedger(address->host, address->port, config.options);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--ledger_store: unknown store \"", config.store,
                   "\" (memory, rocksdb or redis)"));
}

}  // namespace offergraph
