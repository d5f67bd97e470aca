// File: ledger_contract_test.h
// -----------------------------------------------------------------------------
// The behaviour every OfferLedger store must have, as a value-parameterised
// suite. A store's test file instantiates it with a factory:
//
//   INSTANTIATE_TEST_SUITE_P(Memory, LedgerContractTest,
//                            ::testing::Values(LedgerStore{"memory",
//                                                          &NewMemoryLedger}));
#ifndef OFFERGRAPH_TESTS_LEDGER_LEDGER_CONTRACT_TEST_H_
#define OFFERGRAPH_TESTS_LEDGER_LEDGER_CONTRACT_TEST_H_

#include <memory>
#include <ostream>

#include "gtest/gtest.h"
#include "ledger/offer_ledger.h"

namespace offergraph::testing {

// Makes a fresh, empty store with the given options.
using LedgerFactory = std::unique_ptr<OfferLedger> (*)(const LedgerOptions&);

// A store under test; printed by name in test names.
struct LedgerStore {
  const char* name;
  LedgerFactory make;
};
inline void PrintTo(const LedgerStore& store, std::ostream* os) {
  *os << store.name;
}

class LedgerContractTest : public ::testing::TestWithParam<LedgerStore> {
 protected:
  void SetUp() override {
    ledger_ = GetParam().make(options_);
    ASSERT_NE(ledger_, nullptr);
  }

  LedgerOptions options_;
  std::unique_ptr<OfferLedger> ledger_;
};

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_LEDGER_LEDGER_CONTRACT_TEST_H_
