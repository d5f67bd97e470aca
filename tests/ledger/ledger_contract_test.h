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
#include <string>

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

// Records `tagged` (a decision tagged with an experiment and arm) and two
// orders of its unit, 12.00 USD each at the decision's time: order
// `<order_prefix>1` counts in the decision's arm, `<order_prefix>2` in no
// experiment. What erasing the unit must remove too (issue 12).
inline ::testing::AssertionResult RecordExperimentFigures(
    OfferLedger& ledger, const DecisionRecord& tagged,
    const std::string& order_prefix) {
  if (absl::Status s = ledger.RecordDecision(tagged); !s.ok()) {
    return ::testing::AssertionFailure() << s;
  }
  for (const bool counts : {true, false}) {
    OrderRecord order;
    order.order_id = order_prefix + (counts ? "1" : "2");
    order.unit_key = tagged.contact_key;
    order.total = 1200;
    order.currency = "USD";
    order.time = tagged.time;
    if (counts) {
      order.experiment = tagged.experiment;
      order.arm = tagged.arm;
    }
    if (absl::Status s = ledger.RecordOrder(order).status(); !s.ok()) {
      return ::testing::AssertionFailure() << s;
    }
  }
  return ::testing::AssertionSuccess();
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
