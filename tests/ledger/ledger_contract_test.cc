#include "ledger/ledger_contract_test.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"

namespace offergraph::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::Time kT0 = absl::FromUnixSeconds(1800000000);

DecisionRecord Decision(const std::string& id, const std::string& customer,
                        absl::Time t) {
  DecisionRecord d;
  d.decision_id = id;
  d.customer_id = customer;
  d.contact_key = ContactKeyFor(customer, "sess");
  d.channel = v1::CHECKOUT;
  d.time = t;
  d.offers.push_back({"BAG", v1::CROSS_SELL, 4900, "USD"});
  d.offers.push_back({"PRO", v1::UPSELL, 119900, "USD"});
  return d;
}

OutcomeRecord Outcome(const std::string& id, const std::string& sku,
                      v1::Outcome outcome, absl::Time t) {
  OutcomeRecord o;
  o.decision_id = id;
  o.sku = sku;
  o.outcome = outcome;
  o.time = t;
  return o;
}

TEST_P(LedgerContractTest, UnknownKeyHasEmptyHistory) {
  absl::StatusOr<ContactHistory> h = ledger_->GetHistory("c:nobody", kT0);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_TRUE(h->empty());
}

TEST_P(LedgerContractTest, DecisionsCountAsOfferResponses) {
  ASSERT_TRUE(ledger_->RecordDecision(Decision("d1", "alice", kT0)).ok());
  ASSERT_TRUE(
      ledger_->RecordDecision(Decision("d2", "alice", kT0 + absl::Hours(1)))
          .ok());
  absl::StatusOr<ContactHistory> h =
      ledger_->GetHistory("c:alice", kT0 + absl::Hours(2));
  ASSERT_TRUE(h.ok());
  EXPECT_THAT(h->offer_responses, ElementsAre(kT0, kT0 + absl::Hours(1)));
  // Only the last 24 hours are reported.
  h = ledger_->GetHistory("c:alice", kT0 + absl::Hours(24) + absl::Minutes(30));
  EXPECT_THAT(h->offer_responses, ElementsAre(kT0 + absl::Hours(1)));
  EXPECT_TRUE(ledger_->GetHistory("c:bob", kT0)->empty());
}

TEST_P(LedgerContractTest, OutcomesUpdateHistory) {
  ASSERT_TRUE(ledger_->RecordDecision(Decision("d1", "alice", kT0)).ok());
  absl::StatusOr<OutcomeResult> r = ledger_->RecordOutcome(
      Outcome("d1", "BAG", v1::PRESENTED, kT0 + absl::Seconds(1)));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->duplicate);
  EXPECT_EQ(r->kind, v1::CROSS_SELL);
  EXPECT_EQ(r->channel, v1::CHECKOUT);
  EXPECT_EQ(r->price, 4900);
  EXPECT_EQ(r->currency, "USD");
  ASSERT_TRUE(ledger_
                  ->RecordOutcome(Outcome("d1", "BAG", v1::DECLINED,
                                          kT0 + absl::Seconds(2)))
                  .ok());
  r = ledger_->RecordOutcome(
      Outcome("d1", "PRO", v1::ACCEPTED, kT0 + absl::Seconds(3)));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, v1::UPSELL);
  EXPECT_EQ(r->price, 119900);

  absl::StatusOr<ContactHistory> h =
      ledger_->GetHistory("c:alice", kT0 + absl::Minutes(1));
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->skus.count("BAG"), 1u);
  EXPECT_THAT(h->skus.at("BAG").presented, ElementsAre(kT0 + absl::Seconds(1)));
  EXPECT_EQ(h->skus.at("BAG").last_declined, kT0 + absl::Seconds(2));
  EXPECT_EQ(h->last_accepted, kT0 + absl::Seconds(3));
}

TEST_P(LedgerContractTest, OutcomesAreIdempotent) {
  ASSERT_TRUE(ledger_->RecordDecision(Decision("d1", "alice", kT0)).ok());
  OutcomeRecord o = Outcome("d1", "BAG", v1::PRESENTED, kT0);
  EXPECT_FALSE(ledger_->RecordOutcome(o)->duplicate);
  o.time = kT0 + absl::Seconds(5);
  EXPECT_TRUE(ledger_->RecordOutcome(o)->duplicate);
  EXPECT_EQ(ledger_->GetHistory("c:alice", kT0 + absl::Minutes(1))
                ->skus.at("BAG")
                .presented.size(),
            1u);
  // Another outcome for the same sku is not a duplicate.
  EXPECT_FALSE(ledger_->RecordOutcome(Outcome("d1", "BAG", v1::DECLINED, kT0))
                   ->duplicate);
}

TEST_P(LedgerContractTest, OutcomeErrorsChangeNothing) {
  ASSERT_TRUE(ledger_->RecordDecision(Decision("d1", "alice", kT0)).ok());
  absl::StatusOr<OutcomeResult> r =
      ledger_->RecordOutcome(Outcome("nope", "BAG", v1::ACCEPTED, kT0));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  r = ledger_->RecordOutcome(Outcome("d1", "OTHER", v1::ACCEPTED, kT0));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("OTHER"));
  OutcomeRecord wrong = Outcome("d1", "BAG", v1::ACCEPTED, kT0);
  wrong.customer_id = "mallory";
  r = ledger_->RecordOutcome(wrong);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()),
              ::testing::Not(HasSubstr("mallory")));
  EXPECT_EQ(ledger_->GetHistory("c:alice", kT0)->last_accepted,
            absl::InfinitePast());
  // The matching customer is fine.
  OutcomeRecord right = Outcome("d1", "BAG", v1::ACCEPTED, kT0);
  right.customer_id = "alice";
  EXPECT_TRUE(ledger_->RecordOutcome(right).ok());
}

TEST_P(LedgerContractTest, DecisionsExpireAfterRetention) {
  ASSERT_TRUE(ledger_->RecordDecision(Decision("old", "alice", kT0)).ok());
  absl::StatusOr<OutcomeResult> r = ledger_->RecordOutcome(Outcome(
      "old", "BAG", v1::ACCEPTED, kT0 + options_.retention + absl::Seconds(1)));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
}

TEST_P(LedgerContractTest, CustomerStateIsPerCustomer) {
  CustomerStateUpdate s;
  s.complaint_open = true;
  ASSERT_TRUE(ledger_->SetCustomerState("alice", s).ok());
  EXPECT_TRUE(ledger_->GetHistory("c:alice", kT0)->state.complaint_open);
  EXPECT_FALSE(ledger_->GetHistory("c:bob", kT0)->state.complaint_open);
  // A guest session with the same text is a different key.
  EXPECT_FALSE(ledger_->GetHistory("s:alice", kT0)->state.complaint_open);
  s.complaint_open = false;
  s.budget_sensitive = true;
  ASSERT_TRUE(ledger_->SetCustomerState("alice", s).ok());
  absl::StatusOr<ContactHistory> h = ledger_->GetHistory("c:alice", kT0);
  EXPECT_FALSE(h->state.complaint_open);
  EXPECT_TRUE(h->state.budget_sensitive);
}

TEST_P(LedgerContractTest, GuestDecisionsWithoutAKeyStillValidateOutcomes) {
  DecisionRecord d = Decision("g1", "", kT0);
  d.contact_key = "";
  ASSERT_TRUE(ledger_->RecordDecision(d).ok());
  EXPECT_TRUE(
      ledger_->RecordOutcome(Outcome("g1", "BAG", v1::ACCEPTED, kT0)).ok());
}

TEST_P(LedgerContractTest, ConcurrentWritersLoseNothing) {
  constexpr int kThreads = 4, kPerThread = 200;
  std::vector<std::thread> threads;
  std::atomic<int> errors{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = absl::StrCat("d", t, "-", i);
        const std::string customer = absl::StrCat("c", i % 7);
        if (!ledger_
                 ->RecordDecision(
                     Decision(id, customer, kT0 + absl::Seconds(i)))
                 .ok()) {
          errors.fetch_add(1);
        }
        if (!ledger_
                 ->RecordOutcome(
                     Outcome(id, "BAG", v1::PRESENTED, kT0 + absl::Seconds(i)))
                 .ok()) {
          errors.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  size_t presented = 0;
  for (int c = 0; c < 7; ++c) {
    auto h = ledger_->GetHistory(absl::StrCat("c:c", c), kT0 + absl::Hours(1));
    ASSERT_TRUE(h.ok());
    presented += h->skus.at("BAG").presented.size();
  }
  EXPECT_EQ(presented, static_cast<size_t>(kThreads * kPerThread));
}

TEST_P(LedgerContractTest, ConcurrentRepeatsOfOneOutcomeCountOnce) {
  ASSERT_TRUE(ledger_->RecordDecision(Decision("d1", "alice", kT0)).ok());
  constexpr int kThreads = 4, kRepeats = 50;
  std::atomic<int> firsts{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRepeats; ++i) {
        absl::StatusOr<OutcomeResult> r =
            ledger_->RecordOutcome(Outcome("d1", "BAG", v1::PRESENTED, kT0));
        if (!r.ok()) {
          errors.fetch_add(1);
        } else if (!r->duplicate) {
          firsts.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(firsts.load(), 1);
  EXPECT_EQ(
      ledger_->GetHistory("c:alice", kT0)->skus.at("BAG").presented.size(), 1u);
}

TEST_P(LedgerContractTest, HistoryForgetsRecordsPastRetention) {
  ASSERT_TRUE(ledger_->RecordDecision(Decision("d1", "alice", kT0)).ok());
  ASSERT_TRUE(
      ledger_->RecordOutcome(Outcome("d1", "BAG", v1::PRESENTED, kT0)).ok());
  ASSERT_TRUE(
      ledger_->RecordOutcome(Outcome("d1", "BAG", v1::DECLINED, kT0)).ok());
  ASSERT_TRUE(
      ledger_->RecordOutcome(Outcome("d1", "PRO", v1::ACCEPTED, kT0)).ok());
  EXPECT_FALSE(
      ledger_->GetHistory("c:alice", kT0 + options_.retention)->empty());
  absl::StatusOr<ContactHistory> h = ledger_->GetHistory(
      "c:alice", kT0 + options_.retention + absl::Seconds(1));
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->empty());
}

TEST_P(LedgerContractTest, UnknownCustomerHasEmptyView) {
  absl::StatusOr<CustomerView> v =
      ledger_->GetCustomerView("nobody", RuleParams(), kT0);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(v->decisions.empty());
  EXPECT_TRUE(v->active_rests.empty());
  EXPECT_EQ(v->offer_responses_last_24h, 0);
  EXPECT_FALSE(v->state.complaint_open);
}

TEST_P(LedgerContractTest, CustomerViewShowsDecisionsOutcomesAndRests) {
  const RuleParams rules;
  ASSERT_TRUE(ledger_->RecordDecision(Decision("d1", "alice", kT0)).ok());
  ASSERT_TRUE(
      ledger_->RecordDecision(Decision("d2", "alice", kT0 + absl::Hours(1)))
          .ok());
  ASSERT_TRUE(ledger_->RecordDecision(Decision("other", "bob", kT0)).ok());
  const absl::Time declined = kT0 + absl::Seconds(2);
  const absl::Time accepted = kT0 + absl::Seconds(3);
  ASSERT_TRUE(
      ledger_->RecordOutcome(Outcome("d1", "BAG", v1::PRESENTED, kT0)).ok());
  ASSERT_TRUE(
      ledger_->RecordOutcome(Outcome("d1", "BAG", v1::DECLINED, declined))
          .ok());
  ASSERT_TRUE(
      ledger_->RecordOutcome(Outcome("d1", "PRO", v1::ACCEPTED, accepted))
          .ok());
  CustomerStateUpdate state;
  state.budget_sensitive = true;
  ASSERT_TRUE(ledger_->SetCustomerState("alice", state).ok());

  const absl::Time now = kT0 + absl::Hours(2);
  absl::StatusOr<CustomerView> v =
      ledger_->GetCustomerView("alice", rules, now);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(v->state.budget_sensitive);
  EXPECT_EQ(v->offer_responses_last_24h, 2);
  ASSERT_EQ(v->decisions.size(), 2u);
  EXPECT_EQ(v->decisions[0].decision_id, "d2");  // newest first
  const DecisionView& d1 = v->decisions[1];
  EXPECT_EQ(d1.decision_id, "d1");
  EXPECT_EQ(d1.channel, v1::CHECKOUT);
  EXPECT_EQ(d1.time, kT0);
  ASSERT_EQ(d1.offers.size(), 2u);
  EXPECT_EQ(d1.offers[0].sku, "BAG");
  EXPECT_EQ(d1.offers[0].kind, v1::CROSS_SELL);
  EXPECT_EQ(d1.offers[0].price, 4900);
  EXPECT_EQ(d1.offers[0].currency, "USD");
  EXPECT_THAT(d1.offers[0].outcomes, ElementsAre(v1::PRESENTED, v1::DECLINED));
  EXPECT_THAT(d1.offers[1].outcomes, ElementsAre(v1::ACCEPTED));
  EXPECT_TRUE(v->decisions[0].offers[0].outcomes.empty());

  ASSERT_EQ(v->active_rests.size(), 2u);
  EXPECT_EQ(v->active_rests[0].reason, v1::RECENTLY_DECLINED);
  EXPECT_EQ(v->active_rests[0].sku, "BAG");
  EXPECT_EQ(v->active_rests[0].until, declined + rules.decline_rest);
  EXPECT_EQ(v->active_rests[1].reason, v1::RECENT_ACCEPT);
  EXPECT_EQ(v->active_rests[1].sku, "");
  EXPECT_EQ(v->active_rests[1].until, accepted + rules.accept_quiet);

  // Once the quiet period is over only the decline rest is left.
  v = ledger_->GetCustomerView("alice", rules, accepted + rules.accept_quiet);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->active_rests.size(), 1u);
  EXPECT_EQ(v->active_rests[0].reason, v1::RECENTLY_DECLINED);
}

TEST_P(LedgerContractTest, CustomerViewShowsCooldownAndDailyCap) {
  RuleParams rules;
  rules.presentations_before_rest = 3;
  rules.max_offer_responses_per_day = 4;
  std::vector<absl::Time> times;
  for (int i = 0; i < rules.max_offer_responses_per_day; ++i) {
    const std::string id = absl::StrCat("d", i);
    times.push_back(kT0 + absl::Minutes(10 * i));
    ASSERT_TRUE(ledger_->RecordDecision(Decision(id, "alice", times[i])).ok());
    if (i < rules.presentations_before_rest) {
      ASSERT_TRUE(
          ledger_->RecordOutcome(Outcome(id, "BAG", v1::PRESENTED, times[i]))
              .ok());
    }
  }
  const absl::Time now = times.back() + absl::Minutes(1);
  absl::StatusOr<CustomerView> v =
      ledger_->GetCustomerView("alice", rules, now);
  ASSERT_TRUE(v.ok()) << v.status();
  ASSERT_EQ(v->active_rests.size(), 2u);
  EXPECT_EQ(v->active_rests[0].reason, v1::COOLDOWN);
  EXPECT_EQ(v->active_rests[0].sku, "BAG");
  EXPECT_EQ(
      v->active_rests[0].until,
      times[rules.presentations_before_rest - 1] + rules.presentation_rest);
  EXPECT_EQ(v->active_rests[1].reason, v1::FREQUENCY_CAP);
  // The cap lifts when the oldest response of the day ages out.
  EXPECT_EQ(v->active_rests[1].until, times[0] + absl::Hours(24));
  EXPECT_EQ(v->offer_responses_last_24h, rules.max_offer_responses_per_day);

  // One response fewer than the cap: no cap rest.
  rules.max_offer_responses_per_day += 1;
  v = ledger_->GetCustomerView("alice", rules, now);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->active_rests.size(), 1u);
  EXPECT_EQ(v->active_rests[0].reason, v1::COOLDOWN);
}

TEST_P(LedgerContractTest, EraseCustomerRemovesEverythingAboutThem) {
  ASSERT_TRUE(ledger_->RecordDecision(Decision("d1", "alice", kT0)).ok());
  ASSERT_TRUE(ledger_->RecordDecision(Decision("b1", "bob", kT0)).ok());
  int64_t expected = 2;  // alice's decision and its offer-response event
  for (const auto& [sku, o] :
       {std::pair("BAG", v1::PRESENTED), std::pair("BAG", v1::DECLINED),
        std::pair("PRO", v1::ACCEPTED)}) {
    ASSERT_TRUE(ledger_->RecordOutcome(Outcome("d1", sku, o, kT0)).ok());
    ASSERT_TRUE(ledger_->RecordOutcome(Outcome("b1", sku, o, kT0)).ok());
    expected += 2;  // the idempotency marker and the history event
  }
  CustomerStateUpdate state;
  state.complaint_open = true;
  ASSERT_TRUE(ledger_->SetCustomerState("alice", state).ok());
  ASSERT_TRUE(ledger_->SetCustomerState("bob", state).ok());
  expected += 1;

  absl::StatusOr<int64_t> erased = ledger_->EraseCustomer("alice");
  ASSERT_TRUE(erased.ok()) << erased.status();
  EXPECT_EQ(*erased, expected);

  const absl::Time now = kT0 + absl::Minutes(1);
  EXPECT_TRUE(ledger_->GetHistory("c:alice", now)->empty());
  absl::StatusOr<CustomerView> v =
      ledger_->GetCustomerView("alice", RuleParams(), now);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->decisions.empty());
  EXPECT_TRUE(v->active_rests.empty());
  EXPECT_FALSE(v->state.complaint_open);
  // The decision itself is gone: outcomes for it are NOT_FOUND.
  EXPECT_EQ(ledger_->RecordOutcome(Outcome("d1", "PRO", v1::PRESENTED, now))
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  // Bob is untouched.
  absl::StatusOr<ContactHistory> bob = ledger_->GetHistory("c:bob", now);
  ASSERT_TRUE(bob.ok());
  EXPECT_TRUE(bob->state.complaint_open);
  EXPECT_EQ(bob->last_accepted, kT0);
  EXPECT_EQ(
      ledger_->GetCustomerView("bob", RuleParams(), now)->decisions.size(), 1u);
  // Erasing again (or an unknown customer) erases nothing.
  EXPECT_EQ(*ledger_->EraseCustomer("alice"), 0);
  EXPECT_EQ(*ledger_->EraseCustomer("nobody"), 0);
}

// Issue 15 item 3: a support agent who opens a complaint must not clear the
// budget flag set earlier.
TEST_P(LedgerContractTest, SetCustomerStateChangesOnlyTheFieldsSet) {
  CustomerStateUpdate budget;
  budget.budget_sensitive = true;
  absl::StatusOr<CustomerState> s = ledger_->SetCustomerState("alice", budget);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_FALSE(s->complaint_open);
  EXPECT_TRUE(s->budget_sensitive);

  CustomerStateUpdate complaint;
  complaint.complaint_open = true;
  s = ledger_->SetCustomerState("alice", complaint);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(s->complaint_open);
  EXPECT_TRUE(s->budget_sensitive);  // returned: the whole state
  absl::StatusOr<ContactHistory> h = ledger_->GetHistory("c:alice", kT0);
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->state.complaint_open);
  EXPECT_TRUE(h->state.budget_sensitive);

  complaint.complaint_open = false;  // resolved
  s = ledger_->SetCustomerState("alice", complaint);
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->complaint_open);
  EXPECT_TRUE(s->budget_sensitive);
  EXPECT_TRUE(ledger_->GetHistory("c:alice", kT0)->state.budget_sensitive);

  // An update that sets nothing changes nothing and returns the state.
  s = ledger_->SetCustomerState("alice", CustomerStateUpdate());
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->budget_sensitive);
  budget.budget_sensitive = false;
  s = ledger_->SetCustomerState("alice", budget);
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->budget_sensitive);
  EXPECT_TRUE(ledger_->GetHistory("c:alice", kT0)->empty());
}

TEST_P(LedgerContractTest, ConcurrentUpdatesOfDifferentFieldsBothLand) {
  constexpr int kCustomers = 100;
  std::atomic<int> errors{0};
  auto set_all = [&](bool complaint) {
    for (int i = 0; i < kCustomers; ++i) {
      CustomerStateUpdate u;
      (complaint ? u.complaint_open : u.budget_sensitive) = true;
      if (!ledger_->SetCustomerState(absl::StrCat("cust", i), u).ok()) {
        errors.fetch_add(1);
      }
    }
  };
  std::thread a(set_all, true), b(set_all, false);
  a.join();
  b.join();
  EXPECT_EQ(errors.load(), 0);
  for (int i = 0; i < kCustomers; ++i) {
    absl::StatusOr<ContactHistory> h =
        ledger_->GetHistory(absl::StrCat("c:cust", i), kT0);
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->state.complaint_open && h->state.budget_sensitive) << i;
  }
}

// Issue 15 item 4: DECLINED and ACCEPTED of one offer cannot both count.
TEST_P(LedgerContractTest, ContradictingOutcomesAreRefusedAndChangeNothing) {
  ASSERT_TRUE(ledger_->RecordDecision(Decision("d1", "alice", kT0)).ok());
  const absl::Time t = kT0 + absl::Seconds(1);
  ASSERT_TRUE(
      ledger_->RecordOutcome(Outcome("d1", "BAG", v1::PRESENTED, t)).ok());
  ASSERT_TRUE(
      ledger_->RecordOutcome(Outcome("d1", "BAG", v1::DECLINED, t)).ok());
  absl::StatusOr<OutcomeResult> r =
      ledger_->RecordOutcome(Outcome("d1", "BAG", v1::ACCEPTED, t));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("ACCEPTED contradicts the DECLINED"));
  // The reverse order on the other offer.
  ASSERT_TRUE(
      ledger_->RecordOutcome(Outcome("d1", "PRO", v1::ACCEPTED, t)).ok());
  r = ledger_->RecordOutcome(Outcome("d1", "PRO", v1::DECLINED, t));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  // Repeats of the recorded outcomes stay duplicates; PRESENTED still goes.
  r = ledger_->RecordOutcome(Outcome("d1", "BAG", v1::DECLINED, t));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->duplicate);
  r = ledger_->RecordOutcome(Outcome("d1", "PRO", v1::PRESENTED, t));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->duplicate);

  absl::StatusOr<ContactHistory> h =
      ledger_->GetHistory("c:alice", kT0 + absl::Minutes(1));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->skus.at("BAG").last_declined, t);
  EXPECT_EQ(h->skus.at("PRO").last_declined, absl::InfinitePast());
  absl::StatusOr<CustomerView> v =
      ledger_->GetCustomerView("alice", RuleParams(), kT0 + absl::Minutes(1));
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->decisions.size(), 1u);
  EXPECT_THAT(v->decisions[0].offers[0].outcomes,
              ElementsAre(v1::PRESENTED, v1::DECLINED));
  EXPECT_THAT(v->decisions[0].offers[1].outcomes,
              ElementsAre(v1::ACCEPTED, v1::PRESENTED));
}

// Issue 11: an outcome returns what the decision logged about the offer for
// the learned propensity, and whether an earlier outcome already counted its
// showing (so that a showing counts once).
TEST_P(LedgerContractTest, OutcomeReturnsTheOffersLogAndWhetherItWasShown) {
  DecisionRecord d = Decision("d1", "alice", kT0);
  d.offers[0].log.learned = true;
  d.offers[0].log.affinity = 0.4;
  d.offers[0].log.prior_score = 0.08;
  d.offers[0].log.model_score = 0.21;
  d.offers[0].log.propensity = 0.19;
  d.offers[0].log.choice_probability = 0.05;
  d.offers[0].log.features = {1, 2, 3, 1, 31, 0, 0, 0};
  ASSERT_TRUE(ledger_->RecordDecision(d).ok());
  const absl::Time t = kT0 + absl::Seconds(1);
  absl::StatusOr<OutcomeResult> r =
      ledger_->RecordOutcome(Outcome("d1", "BAG", v1::PRESENTED, t));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->already_presented);
  EXPECT_TRUE(r->log.learned);
  EXPECT_EQ(r->log.affinity, 0.4);
  EXPECT_EQ(r->log.prior_score, 0.08);
  EXPECT_EQ(r->log.model_score, 0.21);
  EXPECT_EQ(r->log.propensity, 0.19);
  EXPECT_EQ(r->log.choice_probability, 0.05);
  EXPECT_EQ(r->log.features, d.offers[0].log.features);
  r = ledger_->RecordOutcome(Outcome("d1", "BAG", v1::ACCEPTED, t));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->already_presented);
  // An ACCEPTED without a PRESENTED is the offer's first outcome; the offer
  // logged nothing (learning off).
  r = ledger_->RecordOutcome(Outcome("d1", "PRO", v1::ACCEPTED, t));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->already_presented);
  EXPECT_FALSE(r->log.learned);
}

TEST_P(LedgerContractTest, OfTwoConcurrentContradictingOutcomesOneWins) {
  constexpr int kDecisions = 100;
  for (int i = 0; i < kDecisions; ++i) {
    ASSERT_TRUE(ledger_
                    ->RecordDecision(Decision(absl::StrCat("d", i),
                                              absl::StrCat("c", i), kT0))
                    .ok());
  }
  std::atomic<int> recorded{0}, refused{0}, errors{0};
  auto report = [&](v1::Outcome outcome) {
    for (int i = 0; i < kDecisions; ++i) {
      absl::StatusOr<OutcomeResult> r = ledger_->RecordOutcome(
          Outcome(absl::StrCat("d", i), "BAG", outcome, kT0));
      if (r.ok() && !r->duplicate) {
        recorded.fetch_add(1);
      } else if (r.status().code() == absl::StatusCode::kFailedPrecondition) {
        refused.fetch_add(1);
      } else {
        errors.fetch_add(1);
      }
    }
  };
  std::thread a(report, v1::ACCEPTED), b(report, v1::DECLINED);
  a.join();
  b.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(recorded.load(), kDecisions);
  EXPECT_EQ(refused.load(), kDecisions);
  for (int i = 0; i < kDecisions; ++i) {
    absl::StatusOr<ContactHistory> h =
        ledger_->GetHistory(absl::StrCat("c:c", i), kT0);
    ASSERT_TRUE(h.ok());
    const bool accepted = h->last_accepted != absl::InfinitePast();
    const bool declined =
        h->skus.contains("BAG") &&
        h->skus.at("BAG").last_declined != absl::InfinitePast();
    EXPECT_NE(accepted, declined) << i;
  }
}

// Issue 15 item 15: erasing a guest session erases its history, decisions
// and outcome markers, and nothing of anyone else.
TEST_P(LedgerContractTest, EraseSessionRemovesTheGuestsRecords) {
  // Decision() keys guests by session "sess".
  ASSERT_TRUE(ledger_->RecordDecision(Decision("g1", "", kT0)).ok());
  ASSERT_TRUE(ledger_->RecordDecision(Decision("g2", "", kT0)).ok());
  DecisionRecord other = Decision("o1", "", kT0);
  other.contact_key = ContactKeyFor("", "other-sess");
  ASSERT_TRUE(ledger_->RecordDecision(other).ok());
  ASSERT_TRUE(ledger_->RecordDecision(Decision("a1", "alice", kT0)).ok());
  for (const char* id : {"g1", "o1", "a1"}) {
    ASSERT_TRUE(
        ledger_->RecordOutcome(Outcome(id, "BAG", v1::DECLINED, kT0)).ok());
  }
  // 2 decisions, 2 response events, 1 marker and its decline event.
  absl::StatusOr<int64_t> erased = ledger_->EraseSession("sess");
  ASSERT_TRUE(erased.ok()) << erased.status();
  EXPECT_EQ(*erased, 6);

  const absl::Time now = kT0 + absl::Minutes(1);
  EXPECT_TRUE(ledger_->GetHistory("s:sess", now)->empty());
  for (const char* id : {"g1", "g2"}) {
    EXPECT_EQ(ledger_->RecordOutcome(Outcome(id, "PRO", v1::PRESENTED, now))
                  .status()
                  .code(),
              absl::StatusCode::kNotFound)
        << id;
  }
  // Another session and a customer are untouched.
  EXPECT_FALSE(ledger_->GetHistory("s:other-sess", now)->empty());
  EXPECT_TRUE(
      ledger_->RecordOutcome(Outcome("o1", "PRO", v1::PRESENTED, now)).ok());
  EXPECT_FALSE(ledger_->GetHistory("c:alice", now)->empty());
  EXPECT_EQ(
      ledger_->GetCustomerView("alice", RuleParams(), now)->decisions.size(),
      1u);
  EXPECT_EQ(*ledger_->EraseSession("sess"), 0);
  EXPECT_EQ(*ledger_->EraseSession("nobody"), 0);
}

TEST_P(LedgerContractTest, ExperimentAndArmRoundTrip) {
  DecisionRecord d = Decision("d1", "alice", kT0);
  d.experiment = "ranking_v2";
  d.arm = "value";
  ASSERT_TRUE(ledger_->RecordDecision(d).ok());
  ASSERT_TRUE(ledger_->RecordDecision(Decision("d2", "alice", kT0)).ok());
  const absl::Time t = kT0 + absl::Seconds(1);
  // Outcomes carry their decision's arm, so they count for it.
  absl::StatusOr<OutcomeResult> r =
      ledger_->RecordOutcome(Outcome("d1", "BAG", v1::ACCEPTED, t));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->experiment, "ranking_v2");
  EXPECT_EQ(r->arm, "value");
  r = ledger_->RecordOutcome(Outcome("d1", "BAG", v1::ACCEPTED, t));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->duplicate);
  EXPECT_EQ(r->arm, "value");
  r = ledger_->RecordOutcome(Outcome("d2", "BAG", v1::PRESENTED, t));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->experiment, "");
  EXPECT_EQ(r->arm, "");

  absl::StatusOr<CustomerView> view =
      ledger_->GetCustomerView("alice", RuleParams(), t);
  ASSERT_TRUE(view.ok()) << view.status();
  ASSERT_EQ(view->decisions.size(), 2u);
  for (const DecisionView& v : view->decisions) {
    EXPECT_EQ(v.experiment, v.decision_id == "d1" ? "ranking_v2" : "");
    EXPECT_EQ(v.arm, v.decision_id == "d1" ? "value" : "");
    EXPECT_FALSE(v.ghost);
  }
}

TEST_P(LedgerContractTest, GhostDecisionsAreStoredButAddNoHistory) {
  DecisionRecord d = Decision("g1", "alice", kT0);
  d.experiment = "holdout";
  d.arm = "holdout";
  d.ghost = true;
  for (int i = 0; i < 3; ++i) {
    d.decision_id = absl::StrCat("g", i);
    ASSERT_TRUE(ledger_->RecordDecision(d).ok());
  }
  const absl::Time t = kT0 + absl::Seconds(1);
  // Never shown: no offer response for the daily cap.
  absl::StatusOr<ContactHistory> h = ledger_->GetHistory("c:alice", t);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_TRUE(h->empty());
  // No outcome can be reported for it, and a refused one changes nothing.
  absl::StatusOr<OutcomeResult> r =
      ledger_->RecordOutcome(Outcome("g0", "BAG", v1::PRESENTED, t));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition)
      << r.status();
  EXPECT_THAT(r.status().message(), HasSubstr("never shown"));
  EXPECT_TRUE(ledger_->GetHistory("c:alice", t)->empty());

  // The customer view lists it, marked, with what would have been offered.
  absl::StatusOr<CustomerView> view =
      ledger_->GetCustomerView("alice", RuleParams(), t);
  ASSERT_TRUE(view.ok()) << view.status();
  ASSERT_EQ(view->decisions.size(), 3u);
  EXPECT_TRUE(view->decisions[0].ghost);
  EXPECT_EQ(view->decisions[0].experiment, "holdout");
  EXPECT_EQ(view->decisions[0].arm, "holdout");
  EXPECT_EQ(view->decisions[0].offers.size(), 2u);
  EXPECT_TRUE(view->decisions[0].offers[0].outcomes.empty());
  EXPECT_EQ(view->offer_responses_last_24h, 0);
  EXPECT_TRUE(view->active_rests.empty());
  // Erasure takes ghosts too, and the unit's aggregate in the holdout.
  absl::StatusOr<int64_t> erased = ledger_->EraseCustomer("alice");
  ASSERT_TRUE(erased.ok()) << erased.status();
  EXPECT_EQ(*erased, 3 + 1);
}

}  // namespace
}  // namespace offergraph::testing
