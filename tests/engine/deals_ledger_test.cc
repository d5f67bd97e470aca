// Issue 13: the ledger takes a bundle id as the offered sku, and a bundle
// declined through RecordOutcome rests, through the real in-memory ledger
// and Decide. (Through the gRPC server once the deal loaders are merged:
// the server loads its snapshot from files.)
#include <memory>

#include "engine_test_util.h"
#include "gtest/gtest.h"
#include "ledger/memory_ledger.h"
#include "offergraph/engine.h"
#include "testing/snapshot_builder.h"

namespace offergraph {
namespace {

using ::offergraph::testing::CartInput;
using ::offergraph::testing::kNow;
using ::offergraph::testing::SnapshotBuilder;

TEST(DealsLedgerTest, DeclinedBundleRecordedByIdRests) {
  SnapshotBuilder b;
  b.Product("LAPTOP", 100000);
  b.Product("SLEEVE", 3000);
  b.CrossSell("LAPTOP", "SLEEVE", 0.5f);
  b.Bundle("KIT", {{"LAPTOP", 1}, {"SLEEVE", 1}}, {102000, 0});
  const SnapshotPtr s = b.Build();
  const DecisionInput in = CartInput(*s, {"LAPTOP"});

  std::unique_ptr<MemoryLedger> ledger = NewMemoryLedger(LedgerOptions());
  const std::string key = "c:alice";
  absl::StatusOr<ContactHistory> h = ledger->GetHistory(key, kNow);
  ASSERT_TRUE(h.ok()) << h.status();
  Decision d = Decide(*s, in, *h, kNow);
  const RankedOffer* kit = nullptr;
  for (const RankedOffer& o : d.offers) {
    if (o.kind == v1::BUNDLE) kit = &o;
  }
  ASSERT_NE(kit, nullptr);

  DecisionRecord record;
  record.decision_id = "d1";
  record.contact_key = key;
  record.customer_id = "alice";
  record.channel = v1::CHECKOUT;
  record.time = kNow;
  record.offers.push_back({std::string(OfferSku(*s, *kit)), kit->kind,
                           kit->extra_pay, OfferCurrency(*s, *kit), {}});
  ASSERT_TRUE(ledger->RecordDecision(record).ok());

  OutcomeRecord outcome;
  outcome.decision_id = "d1";
  outcome.customer_id = "alice";
  outcome.sku = "KIT";
  outcome.outcome = v1::DECLINED;
  outcome.time = kNow + absl::Minutes(1);
  absl::StatusOr<OutcomeResult> result = ledger->RecordOutcome(outcome);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->kind, v1::BUNDLE);
  EXPECT_EQ(result->price, 2000);  // extra_pay: 30.00 missing, 10.00 saved

  const absl::Time later = kNow + absl::Hours(1);
  h = ledger->GetHistory(key, later);
  ASSERT_TRUE(h.ok()) << h.status();
  d = Decide(*s, in, *h, later);
  bool rested = false;
  for (const SuppressedCandidate& c : d.suppressed) {
    if (c.kind == v1::BUNDLE && OfferSku(*s, c) == "KIT") {
      rested = c.reason == v1::RECENTLY_DECLINED;
    }
  }
  EXPECT_TRUE(rested);
  // The member is not declined: still offered on its own.
  ASSERT_EQ(d.offers.size(), 1u);
  EXPECT_EQ(d.offers[0].kind, v1::CROSS_SELL);

  // After the decline rest (30 days) the bundle is back.
  const absl::Time rested_out = kNow + absl::Hours(24 * 31);
  h = ledger->GetHistory(key, rested_out);
  ASSERT_TRUE(h.ok()) << h.status();
  d = Decide(*s, in, *h, rested_out);
  EXPECT_EQ(d.offers.size(), 2u);
}

}  // namespace
}  // namespace offergraph
