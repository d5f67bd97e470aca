// File: ledger_contract_test.h
// -----------------------------------------------------------------------------
// The behaviour every OfferLedger store must have, as a value-parameterised
// suite. A store's test file instantiates it with a factory:
//
//   INSTANTIATE_TEST_SUITE_P(Memory, LedgerContractTest,
//                            ::testing::Values(&MakeMemoryLedger));
#ifndef OFFERGRAPH_TESTS_LEDGER_LEDGER_CONTRACT_TEST_H_
#define OFFERGRAPH_TESTS_LEDGER_LEDGER_CONTRACT_TEST_H_

#include <memory>

#include "gtest/gtest.h"
#include "offergraph/ledger/offer_ledger.h"

namespace offergraph::testing {

// Makes a fresh, empty store with the given options.
using LedgerFactory = std::unique_ptr<OfferLedger> (*)(const LedgerOptions&);

class LedgerContractTest : public ::testing::TestWithParam<LedgerFactory> {
 protected:
  void SetUp() override {
    ledger_ = GetParam()(options_);
    ASSERT_NE(ledger_, nullptr);
  }

  LedgerOptions options_;
  std::unique_ptr<OfferLedger> ledger_;
};

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_LEDGER_LEDGER_CONTRACT_TEST_H_
