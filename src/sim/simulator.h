// File: simulator.h
// -----------------------------------------------------------------------------
// offergraph-sim: replays real shopping sessions against the engine and plays
// the customer (customer_model.h), to measure what learning from outcomes is
// worth (issue 11's "Proof on real data").
//
// Orders are split into train and test by IsTestOrder (mine/split.h). The
// graph is mined from the train side, as offergraph-mine would, and served
// from an in-process Snapshot through Decide, the server's code path. Each
// session is a test-side basket (cycled, with a fresh hold-out per cycle,
// when more sessions are asked for than there are baskets): a share of its
// items is held out, the rest is the cart. Two policies see every session:
//
//   static    learning off: today's ranking by the graph's statistic;
//   learning  the learned, calibrated propensity with exploration, its model
//             rebuilt every refresh_sessions from the outcomes so far.
//
// Every shown offer is PRESENTED and then ACCEPTED or DECLINED by the
// simulated customer, and both outcomes go through ObservationFor /
// Learner::Observe, the code RecordOutcome uses. Instacart has no prices, so
// each product gets a hashed price (lognormal, median 4.00 USD) for revenue
// and value ranking.
//
// Thread safety: Run() is a pure function of its inputs; single-threaded.
#ifndef OFFERGRAPH_SIM_SIMULATOR_H_
#define OFFERGRAPH_SIM_SIMULATOR_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "mine/association.h"
#include "mine/baskets.h"
#include "offergraph/engine.h"
#include "offergraph/rule_params.h"
#include "offergraph/snapshot.h"
#include "sim/customer_model.h"
#include "sim/decision_log.h"
#include "stats/moments.h"

namespace offergraph::sim {

struct SimConfig {
  mine::MineOptions mine;       // mining the train side
  double test_share = 0.2;      // share of orders that become sessions
  uint64_t seed = 1;
  int64_t sessions = 200000;
  double holdout_share = 0.3;   // of each basket, at least one item
  int64_t refresh_sessions = 500;
  double seconds_per_session = 1.0;  // the simulated clock
  int64_t window = 10000;       // sessions per reported window
  int64_t warmup = 20000;       // sessions before the ratios are taken
  int64_t flip_at = 0;          // session of the change of taste; 0 = none
  int64_t calibration_after = 100000;  // ECE reported after this session
  RuleParams rules;             // both policies; static turns learning off
  CustomerModelOptions customer;
  // When set, called with every decision of the learning policy (the one
  // that explores), with the logged choice probability of each shown offer
  // and its outcome: the input of off-policy evaluation (README, "Off-policy
  // evaluation").
  std::function<void(const LoggedDecision&)> log_decision;
};

struct ArmWindow {
  int64_t sessions = 0;
  int64_t presented = 0;
  int64_t accepted = 0;
  int64_t revenue = 0;  // minor units of accepted offers
  int64_t explored = 0; // decisions that explored
  double ece = 0;
  double log_loss = 0;
  double auc = 0.5;

  double acceptance() const {
    return presented == 0 ? 0 : static_cast<double>(accepted) / presented;
  }
  double revenue_per_session() const {
    return sessions == 0 ? 0 : static_cast<double>(revenue) / sessions / 100;
  }
};

struct SimWindow {
  int64_t end = 0;  // sessions played when the window closed
  ArmWindow static_arm;
  ArmWindow learning;
};

struct SimReport {
  int64_t train_orders = 0;
  int64_t session_baskets = 0;  // distinct test baskets usable as sessions
  int64_t edges = 0;
  int64_t products = 0;
  std::vector<SimWindow> windows;
  // After warm-up (and before the flip): learning / static.
  double acceptance_ratio = 0;
  double revenue_ratio = 0;
  ArmWindow static_after_warmup;
  ArmWindow learning_after_warmup;
  // ECE over every window after calibration_after (before the flip).
  double static_ece = 0;
  double learning_ece = 0;
  // Flip: the learning arm's acceptance in the window before it, and the
  // sessions after it until a window reached 90% of that (-1: never).
  double pre_flip_acceptance = 0;
  int64_t recovery_sessions = -1;
  // The static policy's per-session acceptances and revenue (major units)
  // over every session: its on-policy value, with the spread for an
  // interval.
  stats::Moments static_accepted;
  stats::Moments static_revenue;
  double seconds = 0;
};

// What every run on the same baskets and seed shares: the graph mined on
// the train side, served from a snapshot with hashed prices, and the
// sessions (test baskets with two or more items, in a hashed order).
struct SimWorld {
  SnapshotPtr snapshot;
  std::vector<ProductId> pid;   // basket item id -> catalog product
  std::vector<size_t> sessions; // order indices of the session baskets
  int64_t train_orders = 0;
  int64_t products = 0;
  int64_t edges = 0;
};

// Mines and builds the world of `config` (mine, seed, test_share, rules).
// FAILED_PRECONDITION when no test basket has two or more items.
absl::StatusOr<SimWorld> BuildWorld(const mine::Baskets& baskets,
                                    const SimConfig& config);

// Splits basket `order` into a cart and its hold-out (sorted), shuffled by
// `shuffle_seed`: round(holdout_share * n) items, at least one, held out.
void MakeSession(const mine::Baskets& baskets, const SimWorld& world,
                 size_t order, uint64_t shuffle_seed, double holdout_share,
                 std::vector<CartItem>* cart, std::vector<ProductId>* held);

absl::StatusOr<SimReport> Simulate(const mine::Baskets& baskets,
                                   const SimConfig& config);

std::string FormatSimReport(const SimReport& report, const SimConfig& config);

}  // namespace offergraph::sim

#endif  // OFFERGRAPH_SIM_SIMULATOR_H_
