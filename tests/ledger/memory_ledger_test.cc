#include "offergraph/ledger/memory_ledger.h"

#include "ledger/ledger_contract_test.h"

namespace offergraph::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Memory, LedgerContractTest,
                         ::testing::Values(LedgerStore{"memory",
                                                       &NewMemoryLedger}));

}  // namespace
}  // namespace offergraph::testing
