// The experiment part of the ledger contract (RecordOrder, RecordExposure,
// ScanExperiment and the aggregates kept at write time), run on every store
// through LedgerContractTest's instantiations.
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "ledger/ledger_contract_test.h"

namespace offergraph::testing {
namespace {

using ::testing::HasSubstr;

const absl::Time kT0 = absl::FromUnixSeconds(1800000000);

DecisionRecord Tagged(const std::string& id, const std::string& unit,
                      const std::string& arm, bool ghost) {
  DecisionRecord d;
  d.decision_id = id;
  d.customer_id = unit;
  d.contact_key = ContactKeyFor(unit, "");
  d.channel = v1::CHECKOUT;
  d.time = kT0;
  d.offers.push_back({"BAG", v1::CROSS_SELL, 4900, "USD"});
  d.offers.push_back({"PRO", v1::UPSELL, 119900, "USD"});
  d.experiment = "max_offers";
  d.arm = arm;
  d.ghost = ghost;
  d.holdout_arm = "rest";
  return d;
}

OrderRecord Order(const std::string& id, const std::string& unit,
                  int64_t total) {
  OrderRecord o;
  o.order_id = id;
  o.unit_key = ContactKeyFor(unit, "");
  o.total = total;
  o.currency = "USD";
  o.time = kT0 + absl::Seconds(5);
  o.lines.push_back({"BAG", 1, total});
  return o;
}

OutcomeRecord Accepted(const std::string& decision_id) {
  OutcomeRecord o;
  o.decision_id = decision_id;
  o.sku = "BAG";
  o.outcome = v1::ACCEPTED;
  o.time = kT0 + absl::Seconds(1);
  return o;
}

// arm -> unit aggregates summed over the arm, and units per arm.
struct Scan {
  std::map<std::string, UnitAggregate> sums;
  std::map<std::string, int> units;
};

Scan ScanOf(OfferLedger& ledger, const std::string& experiment) {
  Scan out;
  absl::Status s = ledger.ScanExperiment(
      experiment, [&](absl::string_view arm, const UnitAggregate& unit) {
        out.sums[std::string(arm)].Add(unit);
        ++out.units[std::string(arm)];
        return true;
      });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

TEST_P(LedgerContractTest, DecisionsOutcomesAndOrdersFeedTheAggregates) {
  ASSERT_TRUE(ledger_->RecordDecision(Tagged("d1", "a", "one", false)).ok());
  ASSERT_TRUE(ledger_->RecordDecision(Tagged("d2", "a", "one", false)).ok());
  ASSERT_TRUE(ledger_->RecordDecision(Tagged("d3", "b", "control", true)).ok());
  // A decision without offers still brings its unit into the arm.
  DecisionRecord empty = Tagged("", "c", "control", true);
  empty.offers.clear();
  ASSERT_TRUE(ledger_->RecordExposure(empty).ok());
  const OutcomeRecord accept = Accepted("d1");
  ASSERT_TRUE(ledger_->RecordOutcome(accept).ok());
  ASSERT_TRUE(ledger_->RecordOutcome(accept)->duplicate);  // counted once

  absl::StatusOr<OrderResult> r = ledger_->RecordOrder(Order("o1", "a", 5000));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->duplicate);
  OrderRecord by_unit = Order("o2", "c", 2500);
  by_unit.experiment = "max_offers";
  by_unit.arm = "control";
  by_unit.holdout_arm = "rest";
  r = ledger_->RecordOrder(by_unit);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->arm, "control");

  const Scan scan = ScanOf(*ledger_, "max_offers");
  EXPECT_EQ(scan.units.at("one"), 1);
  EXPECT_EQ(scan.units.at("control"), 2);
  const UnitAggregate& one = scan.sums.at("one");
  EXPECT_EQ(one.decisions, 2);
  EXPECT_EQ(one.ghost_decisions, 0);
  EXPECT_EQ(one.offers_shown, 4);
  EXPECT_EQ(one.offers_accepted, 1);
  // o1 was only identified by its unit and carried no tags: it counts
  // nowhere; an order with a decision id takes the decision's arm (below).
  EXPECT_EQ(one.orders, 0);
  const UnitAggregate& control = scan.sums.at("control");
  EXPECT_EQ(control.decisions, 2);
  EXPECT_EQ(control.ghost_decisions, 2);
  EXPECT_EQ(control.offers_shown, 0);
  EXPECT_EQ(control.orders, 1);
  EXPECT_EQ(control.revenue, 2500);

  // The holdout's "rest" side got every unit too.
  const Scan holdout = ScanOf(*ledger_, "holdout");
  EXPECT_EQ(holdout.units.at("rest"), 3);
  EXPECT_EQ(holdout.sums.at("rest").revenue, 2500);
  EXPECT_TRUE(ScanOf(*ledger_, "nothing").units.empty());
}

TEST_P(LedgerContractTest, OrdersFollowATaggedDecision) {
  ASSERT_TRUE(ledger_->RecordDecision(Tagged("d1", "a", "one", false)).ok());
  OrderRecord o = Order("o1", "", 7000);
  o.unit_key.clear();
  o.decision_id = "d1";
  // The unit's current assignment says otherwise; the decision wins.
  o.experiment = "other";
  o.arm = "x";
  absl::StatusOr<OrderResult> r = ledger_->RecordOrder(o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->experiment, "max_offers");
  EXPECT_EQ(r->arm, "one");
  const Scan scan = ScanOf(*ledger_, "max_offers");
  EXPECT_EQ(scan.sums.at("one").orders, 1);
  EXPECT_EQ(scan.sums.at("one").revenue, 7000);
  EXPECT_TRUE(ScanOf(*ledger_, "other").units.empty());

  // Only an unknown decision: NOT_FOUND, nothing recorded.
  OrderRecord lost = Order("o2", "", 100);
  lost.unit_key.clear();
  lost.decision_id = "nope";
  r = ledger_->RecordOrder(lost);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound) << r.status();
  EXPECT_THAT(r.status().message(), HasSubstr("nope"));
}

TEST_P(LedgerContractTest, OrdersAreIdempotentByOrderId) {
  ASSERT_TRUE(ledger_->RecordDecision(Tagged("d1", "a", "one", false)).ok());
  OrderRecord o = Order("o1", "a", 5000);
  o.experiment = "max_offers";
  o.arm = "one";
  ASSERT_FALSE(ledger_->RecordOrder(o)->duplicate);
  absl::StatusOr<OrderResult> again = ledger_->RecordOrder(o);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->arm, "one");
  o.total = 5001;
  absl::StatusOr<OrderResult> conflict = ledger_->RecordOrder(o);
  EXPECT_EQ(conflict.status().code(), absl::StatusCode::kFailedPrecondition)
      << conflict.status();
  EXPECT_THAT(conflict.status().message(), HasSubstr("o1"));
  const Scan scan = ScanOf(*ledger_, "max_offers");
  EXPECT_EQ(scan.sums.at("one").orders, 1);
  EXPECT_EQ(scan.sums.at("one").revenue, 5000);
}

TEST_P(LedgerContractTest, OrdersBeforeTheFirstDecisionArePrePeriod) {
  OrderRecord before = Order("o1", "a", 3000);
  before.experiment = "max_offers";
  before.arm = "one";
  ASSERT_TRUE(ledger_->RecordOrder(before).ok());
  ASSERT_TRUE(ledger_->RecordDecision(Tagged("d1", "a", "one", false)).ok());
  OrderRecord after = before;
  after.order_id = "o2";
  after.total = 8000;
  ASSERT_TRUE(ledger_->RecordOrder(after).ok());
  const Scan scan = ScanOf(*ledger_, "max_offers");
  const UnitAggregate& one = scan.sums.at("one");
  EXPECT_EQ(one.pre_orders, 1);
  EXPECT_EQ(one.pre_revenue, 3000);
  EXPECT_EQ(one.orders, 1);
  EXPECT_EQ(one.revenue, 8000);
}

TEST_P(LedgerContractTest, ConcurrentOrdersOfOneUnitAllCount) {
  ASSERT_TRUE(ledger_->RecordDecision(Tagged("d1", "a", "one", false)).ok());
  constexpr int kThreads = 4, kEach = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        OrderRecord o = Order(absl::StrCat("o", t, "_", i), "a", 100);
        o.experiment = "max_offers";
        o.arm = "one";
        EXPECT_TRUE(ledger_->RecordOrder(o).ok());
        // And the same order again from another thread: counted once.
        o.order_id = absl::StrCat("shared", i);
        EXPECT_TRUE(ledger_->RecordOrder(o).ok());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const Scan scan = ScanOf(*ledger_, "max_offers");
  EXPECT_EQ(scan.sums.at("one").orders, kThreads * kEach + kEach);
  EXPECT_EQ(scan.sums.at("one").revenue, (kThreads * kEach + kEach) * 100);
}

// Issue 12: erasing a unit removes its experiment aggregates (every arm it
// counted in) and the orders recorded under it, counts them, and the
// report no longer sees it; other units stay as they were.
TEST_P(LedgerContractTest, EraseCustomerRemovesTheirAggregatesAndOrders) {
  ASSERT_TRUE(
      ledger_->RecordDecision(Tagged("d1", "alice", "one", false)).ok());
  ASSERT_TRUE(ledger_->RecordDecision(Tagged("d2", "bob", "one", false)).ok());
  ASSERT_TRUE(ledger_->RecordOutcome(Accepted("d1")).ok());
  for (const char* unit : {"alice", "bob"}) {
    OrderRecord tagged = Order(absl::StrCat("tagged-", unit), unit, 5000);
    tagged.experiment = "max_offers";
    tagged.arm = "one";
    tagged.holdout_arm = "rest";
    ASSERT_TRUE(ledger_->RecordOrder(tagged).ok());
    // An order of the unit that counts in no experiment still names it.
    ASSERT_TRUE(
        ledger_->RecordOrder(Order(absl::StrCat("plain-", unit), unit, 700))
            .ok());
  }
  ASSERT_EQ(ScanOf(*ledger_, "max_offers").units.at("one"), 2);

  absl::StatusOr<int64_t> erased = ledger_->EraseCustomer("alice");
  ASSERT_TRUE(erased.ok()) << erased.status();
  // The decision, its response event, the accept marker and its event; the
  // aggregates in max_offers/one and holdout/rest; the two orders.
  EXPECT_EQ(*erased, 4 + 2 + 2);

  const Scan scan = ScanOf(*ledger_, "max_offers");
  EXPECT_EQ(scan.units.at("one"), 1);
  EXPECT_EQ(scan.sums.at("one").decisions, 1);
  EXPECT_EQ(scan.sums.at("one").offers_accepted, 0);
  EXPECT_EQ(scan.sums.at("one").orders, 1);
  EXPECT_EQ(scan.sums.at("one").revenue, 5000);
  EXPECT_EQ(ScanOf(*ledger_, "holdout").units.at("rest"), 1);
  // The idempotency records went too: the order ids are new again, so
  // another total is no conflict (and re-records the order).
  OrderRecord again = Order("plain-alice", "alice", 1);
  absl::StatusOr<OrderResult> r = ledger_->RecordOrder(again);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->duplicate);
  EXPECT_EQ(*ledger_->EraseCustomer("alice"), 1);
  EXPECT_EQ(*ledger_->EraseCustomer("alice"), 0);
  // Bob's records are untouched.
  r = ledger_->RecordOrder(Order("plain-bob", "bob", 700));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->duplicate);
}

TEST_P(LedgerContractTest, EraseSessionRemovesTheGuestsAggregatesAndOrders) {
  DecisionRecord guest = Tagged("g1", "", "control", true);
  guest.contact_key = ContactKeyFor("", "sess");
  ASSERT_TRUE(ledger_->RecordDecision(guest).ok());
  DecisionRecord shown = Tagged("g2", "", "one", false);
  shown.contact_key = ContactKeyFor("", "other-sess");
  ASSERT_TRUE(ledger_->RecordDecision(shown).ok());
  for (const char* session : {"sess", "other-sess"}) {
    OrderRecord o = Order(absl::StrCat("o-", session), "", 900);
    o.unit_key = ContactKeyFor("", session);
    o.experiment = "max_offers";
    o.arm = session == std::string("sess") ? "control" : "one";
    ASSERT_TRUE(ledger_->RecordOrder(o).ok());
  }
  absl::StatusOr<int64_t> erased = ledger_->EraseSession("sess");
  ASSERT_TRUE(erased.ok()) << erased.status();
  // The ghost decision (no response event), its aggregates in
  // max_offers/control and holdout/rest, and its order.
  EXPECT_EQ(*erased, 1 + 2 + 1);
  const Scan scan = ScanOf(*ledger_, "max_offers");
  EXPECT_EQ(scan.units.count("control"), 0u);
  EXPECT_EQ(scan.units.at("one"), 1);
  EXPECT_EQ(scan.sums.at("one").revenue, 900);
  EXPECT_EQ(ScanOf(*ledger_, "holdout").units.at("rest"), 1);
  EXPECT_EQ(*ledger_->EraseSession("sess"), 0);
}

// Issue 12: revenue is summed in minor units, so an order in another
// currency than its experiment's is refused, whether the experiment comes
// from the unit's assignment or from the decision the order names, and
// nothing is recorded; orders that count in no experiment are not checked.
TEST_P(LedgerContractTest,
       OrdersInAnotherCurrencyThanTheExperimentsAreRefused) {
  const absl::flat_hash_map<std::string, std::string> currencies = {
      {"max_offers", "USD"}, {"holdout", "USD"}};
  ASSERT_TRUE(ledger_->RecordDecision(Tagged("d1", "a", "one", false)).ok());
  OrderRecord euros = Order("o1", "a", 5000);
  euros.currency = "EUR";
  euros.experiment = "max_offers";
  euros.arm = "one";
  euros.holdout_arm = "rest";
  euros.revenue_currencies = &currencies;
  absl::StatusOr<OrderResult> r = ledger_->RecordOrder(euros);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument)
      << r.status();
  EXPECT_THAT(r.status().message(),
              HasSubstr("total.currency: experiment \"max_offers\" measures "
                        "revenue in USD, got EUR"));
  // Only the holdout's side: refused by the holdout.
  OrderRecord rest_only = euros;
  rest_only.experiment.clear();
  rest_only.arm.clear();
  r = ledger_->RecordOrder(rest_only);
  EXPECT_THAT(r.status().message(), HasSubstr("experiment \"holdout\""));
  // Through the tagged decision, with no unit of its own.
  OrderRecord by_decision = euros;
  by_decision.unit_key.clear();
  by_decision.experiment.clear();
  by_decision.arm.clear();
  by_decision.holdout_arm.clear();
  by_decision.decision_id = "d1";
  r = ledger_->RecordOrder(by_decision);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument)
      << r.status();
  // Nothing counted, and the order id is still free.
  EXPECT_EQ(ScanOf(*ledger_, "max_offers").sums.at("one").orders, 0);
  OrderRecord dollars = euros;
  dollars.currency = "USD";
  r = ledger_->RecordOrder(dollars);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->duplicate);
  EXPECT_EQ(ScanOf(*ledger_, "max_offers").sums.at("one").revenue, 5000);
  // A unit in no experiment orders in any currency.
  OrderRecord elsewhere = Order("o2", "z", 900);
  elsewhere.currency = "JPY";
  elsewhere.revenue_currencies = &currencies;
  r = ledger_->RecordOrder(elsewhere);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->experiment.empty());
}

}  // namespace
}  // namespace offergraph::testing
