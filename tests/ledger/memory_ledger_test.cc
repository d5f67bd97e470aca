#include "ledger/memory_ledger.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/ledger_contract_test.h"

namespace offergraph::testing {
namespace {

std::unique_ptr<OfferLedger> MakeMemoryLedger(const LedgerOptions& options) {
  return NewMemoryLedger(options);
}

INSTANTIATE_TEST_SUITE_P(Memory, LedgerContractTest,
                         ::testing::Values(LedgerStore{"memory",
                                                       &MakeMemoryLedger}));

const absl::Time kT0 = absl::FromUnixSeconds(1800000000);

// Issue 15 item 8: guest ("s:") histories were never swept, so a long run
// held every session it had ever seen. A million distinct guest sessions,
// one per second of record time with a one-hour retention: what the ledger
// holds stays near one retention's worth (3,600 sessions), never near a
// million, and nothing past the retention survives the writes after it.
TEST(MemoryLedgerTest, AMillionGuestSessionsHoldBoundedMemory) {
  LedgerOptions options;
  options.retention = absl::Hours(1);
  std::unique_ptr<MemoryLedger> ledger = NewMemoryLedger(options);
  constexpr int kSessions = 1000000;
  const int64_t per_retention = absl::ToInt64Seconds(options.retention);
  // A retention's worth, plus the backlog the sweep may trail by (it
  // retires a few records per write, so it keeps up within a small margin).
  const int64_t bound = 2 * per_retention + 1000;
  MemoryLedger::Stats peak;
  for (int i = 0; i < kSessions; ++i) {
    DecisionRecord d;
    d.decision_id = absl::StrCat("d", i);
    d.contact_key = ContactKeyFor("", absl::StrCat("guest-session-", i));
    d.channel = v1::CHECKOUT;
    d.time = kT0 + absl::Seconds(i);
    d.offers.push_back({"BAG", v1::CROSS_SELL, 4900, "USD"});
    ASSERT_TRUE(ledger->RecordDecision(d).ok());
    if (i % 10 == 0) {
      OutcomeRecord o;
      o.decision_id = d.decision_id;
      o.sku = "BAG";
      o.outcome = v1::PRESENTED;
      o.time = d.time;
      ASSERT_TRUE(ledger->RecordOutcome(o).ok());
    }
    if (i % 50000 == 0) {
      const MemoryLedger::Stats s = ledger->stats();
      peak.histories = std::max(peak.histories, s.histories);
      peak.decisions = std::max(peak.decisions, s.decisions);
      peak.indexed_contacts =
          std::max(peak.indexed_contacts, s.indexed_contacts);
      peak.pending_expiries =
          std::max(peak.pending_expiries, s.pending_expiries);
    }
  }
  const MemoryLedger::Stats s = ledger->stats();
  EXPECT_LE(s.histories, bound);
  EXPECT_LE(s.decisions, bound);
  EXPECT_LE(s.indexed_contacts, bound);
  EXPECT_LE(s.pending_expiries, 4 * bound);
  EXPECT_LE(peak.histories, bound);
  EXPECT_LE(peak.decisions, bound);
  EXPECT_LE(peak.indexed_contacts, bound);
  EXPECT_LE(peak.pending_expiries, 4 * bound);
  // Still holds what is within the retention.
  EXPECT_GE(s.histories, per_retention - 1);
  const absl::Time last = kT0 + absl::Seconds(kSessions - 1);
  EXPECT_FALSE(
      ledger->GetHistory(ContactKeyFor("", "guest-session-999999"), last)
          ->empty());

  // After a quiet spell longer than the retention, writes retire the rest.
  const absl::Time later = last + 2 * options.retention;
  for (int i = 0; i < static_cast<int>(bound); ++i) {
    DecisionRecord d;
    d.decision_id = absl::StrCat("late", i);
    d.customer_id = "one-customer";
    d.contact_key = ContactKeyFor(d.customer_id, "");
    d.channel = v1::CHECKOUT;
    d.time = later;
    d.offers.push_back({"BAG", v1::CROSS_SELL, 4900, "USD"});
    ASSERT_TRUE(ledger->RecordDecision(d).ok());
  }
  const MemoryLedger::Stats after = ledger->stats();
  EXPECT_EQ(after.histories, 1);         // the one customer
  EXPECT_EQ(after.indexed_contacts, 1);  // their decision index
  EXPECT_EQ(after.decisions, bound);
}

}  // namespace
}  // namespace offergraph::testing
