#include "sim/simulator.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "learn/calibration_metrics.h"
#include "learn/learner.h"
#include "mine/evaluator.h"
#include "mine/split.h"
#include "offergraph/engine.h"

namespace offergraph::sim {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'700'000'000);

// A policy under test: its window counters and calibration accumulator.
struct Arm {
  ArmWindow window;
  CalibrationMetrics calibration;
  ArmWindow total;  // after warm-up, before the flip

  void Close(ArmWindow* out) {
    window.ece = calibration.ExpectedCalibrationError();
    window.log_loss = calibration.LogLoss();
    window.auc = calibration.Auc();
    *out = window;
    window = ArmWindow();
    calibration = CalibrationMetrics();
  }
};

void AddTo(ArmWindow* to, const ArmWindow& w) {
  to->sessions += w.sessions;
  to->presented += w.presented;
  to->accepted += w.accepted;
  to->revenue += w.revenue;
  to->explored += w.explored;
}

std::vector<Product> PricedCatalog(const mine::Baskets& baskets,
                                   uint64_t seed) {
  std::vector<Product> products = mine::PlaceholderCatalog(baskets);
  for (Product& p : products) {
    // Lognormal around 4.00 USD, in whole cents.
    p.price = std::max<int64_t>(
        1, std::llround(400 * std::exp(0.8 * HashNormal(seed + 101, p.sku))));
  }
  return products;
}

}  // namespace

absl::StatusOr<SimWorld> BuildWorld(const mine::Baskets& baskets,
                                    const SimConfig& config) {
  SimWorld world;
  // The graph, mined on the train side.
  std::vector<bool> is_test(baskets.order_count());
  for (size_t o = 0; o < baskets.order_count(); ++o) {
    is_test[o] =
        mine::IsTestOrder(baskets.order_ids[o], config.seed, config.test_share);
  }
  const mine::Baskets train =
      baskets.Select([&](size_t o) { return !is_test[o]; });
  world.train_orders = static_cast<int64_t>(train.order_count());
  const mine::MineResult mined = mine::MineRules(train, config.mine);
  std::vector<Product> products = PricedCatalog(baskets, config.seed);
  world.products = static_cast<int64_t>(products.size());
  // Item id -> ProductId, as the evaluator maps them.
  const Catalog lookup{std::vector<Product>(products)};
  world.pid.resize(baskets.skus.size());
  for (size_t i = 0; i < world.pid.size(); ++i) {
    world.pid[i] = lookup.Find(baskets.skus[i]);
  }
  std::vector<std::pair<ProductId, Edge>> edges;
  for (const mine::Rule& r : mined.rules) {
    Edge e;
    e.to = world.pid[r.to];
    e.weight = static_cast<float>(r.confidence);
    e.lift = static_cast<float>(r.lift);
    edges.emplace_back(world.pid[r.from], e);
  }
  world.edges = static_cast<int64_t>(edges.size());
  RuleParams learning_rules = config.rules;
  learning_rules.learning.enabled = true;
  world.snapshot =
      mine::BuildSnapshot(std::move(products), edges, learning_rules);

  // Sessions: test baskets with two or more items, in a hashed order.
  std::vector<std::pair<double, size_t>> order;
  for (size_t o = 0; o < baskets.order_count(); ++o) {
    if (is_test[o] && baskets.order(o).size() >= 2) {
      order.emplace_back(
          HashUniform(config.seed, baskets.order_ids[o], 0), o);
    }
  }
  std::sort(order.begin(), order.end());
  if (order.empty()) {
    return absl::FailedPreconditionError(
        "no test-side basket with two or more items to replay");
  }
  world.sessions.reserve(order.size());
  for (const auto& [u, o] : order) world.sessions.push_back(o);
  return world;
}

void MakeSession(const mine::Baskets& baskets, const SimWorld& world,
                 size_t order, uint64_t shuffle_seed, double holdout_share,
                 std::vector<CartItem>* cart, std::vector<ProductId>* held) {
  std::vector<std::pair<double, ProductId>> shuffled;
  for (uint32_t item : baskets.order(order)) {
    shuffled.emplace_back(
        HashUniform(shuffle_seed, baskets.order_ids[order], item),
        world.pid[item]);
  }
  std::sort(shuffled.begin(), shuffled.end());
  const size_t n = shuffled.size();
  const size_t k = std::clamp<size_t>(
      static_cast<size_t>(std::lround(holdout_share * n)), 1, n - 1);
  held->clear();
  cart->clear();
  for (size_t i = 0; i < n; ++i) {
    if (i < k) {
      held->push_back(shuffled[i].second);
    } else {
      cart->push_back({shuffled[i].second, 1});
    }
  }
  std::sort(held->begin(), held->end());
}

absl::StatusOr<SimReport> Simulate(const mine::Baskets& baskets,
                                   const SimConfig& config) {
  if (config.sessions < 1 || config.window < 1 ||
      config.refresh_sessions < 1) {
    return absl::InvalidArgumentError(
        "sessions, window and refresh_sessions must be at least 1");
  }
  if (!(config.holdout_share > 0 && config.holdout_share < 1)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "holdout_share: must be in (0, 1), got %g", config.holdout_share));
  }
  const absl::Time started = absl::Now();
  SimReport report;

  absl::StatusOr<SimWorld> world = BuildWorld(baskets, config);
  if (!world.ok()) return world.status();
  report.train_orders = world->train_orders;
  report.products = world->products;
  report.edges = world->edges;
  report.session_baskets = static_cast<int64_t>(world->sessions.size());
  const Snapshot& snap = *world->snapshot;
  const Catalog& catalog = snap.catalog;
  RuleParams learning_rules = config.rules;
  learning_rules.learning.enabled = true;
  const std::vector<size_t>& order = world->sessions;

  CustomerModel customer(config.customer);
  Learner learner(kStart);
  PropensityModelPtr model = learner.Build(learning_rules.learning, kStart);
  std::mt19937_64 gen(config.seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  const ContactHistory no_history;

  Arm static_arm, learning_arm;
  std::vector<ProductId> items, held;
  DecisionInput input;
  input.channel = v1::CHECKOUT;
  input.want_cross_sell = true;
  input.want_upsell = true;
  // The simulated customers answer product offers: no bundles or quantity
  // offers (README "Deals"), which RankedOffer::product does not name.
  input.want_bundle = false;
  input.want_quantity = false;

  for (int64_t s = 0; s < config.sessions; ++s) {
    const absl::Time now =
        kStart + absl::Seconds(config.seconds_per_session * s);
    if (config.flip_at > 0 && s == config.flip_at) customer.Flip();
    if (s > 0 && s % config.refresh_sessions == 0) {
      model = learner.Build(learning_rules.learning, now);
    }

    // The session's basket, its hold-out and its cart.
    const size_t o = order[s % order.size()];
    const uint64_t cycle = static_cast<uint64_t>(s) / order.size();
    MakeSession(baskets, *world, o, config.seed + cycle, config.holdout_share,
                &input.cart, &held);
    auto bought = [&](ProductId p) {
      return std::binary_search(held.begin(), held.end(), p);
    };

    // Both policies, the same customer.
    for (Arm* arm : {&static_arm, &learning_arm}) {
      const bool learning = arm == &learning_arm;
      input.model = learning ? model.get() : nullptr;
      input.explore_draw = uniform(gen);
      input.pick_draw = uniform(gen);
      const Decision d = Decide(snap, input, no_history, now);
      ++arm->window.sessions;
      arm->window.explored += d.explored ? 1 : 0;
      LoggedDecision logged;
      const bool log = learning && config.log_decision != nullptr;
      if (log) {
        logged.session = s;
        for (const CartItem& line : input.cart) {
          logged.cart.push_back(catalog.product(line.product).sku);
        }
      }
      int64_t session_accepted = 0, session_revenue = 0;
      for (const RankedOffer& offer : d.offers) {
        const std::string& sku = catalog.product(offer.product).sku;
        const bool accepted = customer.Accepts(
            static_cast<uint64_t>(s), sku, bought(offer.product));
        const int64_t price = catalog.facts(offer.product).price;
        ++arm->window.presented;
        if (accepted) {
          ++arm->window.accepted;
          arm->window.revenue += price;
          ++session_accepted;
          session_revenue += price;
        }
        arm->calibration.Add(offer.propensity, accepted);
        if (log) {
          logged.offers.push_back(
              {sku, offer.choice_probability, accepted, price});
        }
        if (!learning) continue;
        OutcomeEvidence e;
        e.channel = input.channel;
        e.kind = offer.kind;
        e.sku = sku;
        e.features = offer.context;
        e.affinity = offer.affinity;
        e.model_score = offer.model_score;
        e.prior_score = offer.prior_score;
        e.outcome = v1::PRESENTED;
        learner.Observe(e, now);
        e.outcome = accepted ? v1::ACCEPTED : v1::DECLINED;
        e.already_presented = true;
        learner.Observe(e, now);
      }
      if (log) config.log_decision(logged);
      if (!learning) {
        report.static_accepted.Add(static_cast<double>(session_accepted));
        report.static_revenue.Add(static_cast<double>(session_revenue) / 100);
      }
    }

    if ((s + 1) % config.window == 0 || s + 1 == config.sessions) {
      SimWindow w;
      w.end = s + 1;
      static_arm.Close(&w.static_arm);
      learning_arm.Close(&w.learning);
      const bool before_flip = config.flip_at == 0 || w.end <= config.flip_at;
      if (w.end > config.warmup && before_flip) {
        AddTo(&report.static_after_warmup, w.static_arm);
        AddTo(&report.learning_after_warmup, w.learning);
      }
      report.windows.push_back(w);
    }
  }

  const ArmWindow& st = report.static_after_warmup;
  const ArmWindow& le = report.learning_after_warmup;
  if (st.acceptance() > 0) {
    report.acceptance_ratio = le.acceptance() / st.acceptance();
  }
  if (st.revenue_per_session() > 0) {
    report.revenue_ratio = le.revenue_per_session() / st.revenue_per_session();
  }
  // Calibration after calibration_after (and before the flip), weighted by
  // the windows' showings.
  double st_ece = 0, le_ece = 0, st_n = 0, le_n = 0;
  for (const SimWindow& w : report.windows) {
    const bool before_flip = config.flip_at == 0 || w.end <= config.flip_at;
    if (w.end - config.window < config.calibration_after || !before_flip) {
      continue;
    }
    st_ece += w.static_arm.ece * w.static_arm.presented;
    st_n += w.static_arm.presented;
    le_ece += w.learning.ece * w.learning.presented;
    le_n += w.learning.presented;
  }
  report.static_ece = st_n > 0 ? st_ece / st_n : 0;
  report.learning_ece = le_n > 0 ? le_ece / le_n : 0;
  if (config.flip_at > 0) {
    for (size_t i = 0; i < report.windows.size(); ++i) {
      const SimWindow& w = report.windows[i];
      if (w.end == config.flip_at) {
        report.pre_flip_acceptance = w.learning.acceptance();
      }
      if (w.end > config.flip_at && report.pre_flip_acceptance > 0 &&
          w.learning.acceptance() >= 0.9 * report.pre_flip_acceptance) {
        report.recovery_sessions = w.end - config.flip_at;
        break;
      }
    }
  }
  report.seconds = absl::ToDoubleSeconds(absl::Now() - started);
  return report;
}

std::string FormatSimReport(const SimReport& r, const SimConfig& config) {
  std::string out = absl::StrFormat(
      "train orders %d, session baskets %d, products %d, edges %d\n"
      "%10s | %-44s | %-52s\n"
      "%10s | %8s %8s %8s %8s %8s | %8s %8s %8s %8s %8s %7s\n",
      r.train_orders, r.session_baskets, r.products, r.edges, "", "static",
      "learning", "sessions", "accept", "rev/sess", "ECE", "logloss", "AUC",
      "accept", "rev/sess", "ECE", "logloss", "AUC", "explore");
  for (const SimWindow& w : r.windows) {
    const ArmWindow& a = w.static_arm;
    const ArmWindow& b = w.learning;
    out += absl::StrFormat(
        "%10d | %8.4f %8.4f %8.4f %8.4f %8.4f | %8.4f %8.4f %8.4f %8.4f "
        "%8.4f %7.4f%s\n",
        w.end, a.acceptance(), a.revenue_per_session(), a.ece, a.log_loss,
        a.auc, b.acceptance(), b.revenue_per_session(), b.ece, b.log_loss,
        b.auc, b.sessions == 0 ? 0.0 : static_cast<double>(b.explored) / b.sessions,
        config.flip_at > 0 && w.end == config.flip_at ? "  <- taste flips"
                                                      : "");
  }
  out += absl::StrFormat(
      "after warm-up (%d sessions): acceptance static %.4f, learning %.4f "
      "(%.3fx); revenue per session static %.4f, learning %.4f (%.3fx)\n",
      config.warmup, r.static_after_warmup.acceptance(),
      r.learning_after_warmup.acceptance(), r.acceptance_ratio,
      r.static_after_warmup.revenue_per_session(),
      r.learning_after_warmup.revenue_per_session(), r.revenue_ratio);
  out += absl::StrFormat(
      "expected calibration error after %d sessions: static %.4f, learning "
      "%.4f\n",
      config.calibration_after, r.static_ece, r.learning_ece);
  if (config.flip_at > 0) {
    out += absl::StrFormat(
        "taste flip at %d: learning acceptance before %.4f; 90%% recovered "
        "after %s sessions\n",
        config.flip_at, r.pre_flip_acceptance,
        r.recovery_sessions < 0 ? std::string("no (not within the run)")
                                : absl::StrCat(r.recovery_sessions));
  }
  out += absl::StrFormat("time %.1f s\n", r.seconds);
  return out;
}

}  // namespace offergraph::sim
