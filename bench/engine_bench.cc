// Engine micro-benchmarks at scale: one Decide (a Suggest decision, all rules
// on) for carts of 1, 5, 20 and 200 lines drawn at random from products with
// edges, on a data directory loaded once with LoadSnapshot; then the
// distribution of single decisions (p50 / p90 / p99 / p99.9), each call timed
// on its own. BM_DecideLearned and learned_decide_latency repeat both with the
// learned propensity on (a model taught one outcome of every offer the
// learning policy showed for the benchmark's carts), side by side with the
// graph's statistic in the same run. experiment_overhead times the same
// decisions with and without experiments (a holdout and two layers, whose
// arms keep the base rules so the decision is the same work): the unit's
// assignment, the arm's rules and the response's tags, each cart decided by
// both in turn (which goes first alternating), so both see the same machine.
//
// With --synthetic_deals (issue 13's figure: Suggest within 10% of today's
// median with every deal file loaded), deals are made up in memory over the
// loaded catalog before any timing, as dense as a merchandiser would write
// them: a bundle of every 10th product with edges and its strongest
// cross-sell, quantity breaks (3 and 10 units) on every 5th product, a
// promotion on every 10th (every 20th of those expired) and one category
// promotion. Random carts then meet deals about as often as those shares.
//
// Usage: engine_bench --data_dir=DIR [--p99_calls=200000] [--synthetic_deals]
//                     [google benchmark flags]
// DIR defaults to $OFFERGRAPH_PERF_DATA; without data the program says so and
// exits 0. Generate data with offergraph-gen (scripts/perf.sh does).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "learn/learner.h"
#include "data/rules_loader.h"
#include "offergraph/engine.h"
#include "offergraph/experiments.h"
#include "offergraph/snapshot_loader.h"
#include "service/suggest_convert.h"

namespace offergraph {
namespace {

SnapshotPtr g_snapshot;
PropensityModelPtr g_model;  // learned from the benchmark's own carts
constexpr int kCartSizes[] = {1, 5, 20, 200};
constexpr int kPool = 4096;

struct Case {
  DecisionInput input;
  ContactHistory history;
};

// Carts of `lines` distinct products that have edges, with a contact history
// that makes the contact rules work: two offer-bearing responses today and a
// few presented / declined cross-sell targets of the first line.
std::vector<Case> MakeCases(int lines, uint64_t seed) {
  const Snapshot& s = *g_snapshot;
  std::vector<ProductId> with_edges;
  for (ProductId p = 0; p < s.catalog.size(); ++p) {
    if (!s.graph.CrossSells(p).empty() || !s.graph.Upsells(p).empty()) {
      with_edges.push_back(p);
    }
  }
  std::mt19937_64 rng(seed);
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  std::vector<Case> cases;
  cases.reserve(kPool);
  for (int i = 0; i < kPool; ++i) {
    v1::SuggestRequest r;
    r.set_channel(v1::CHECKOUT);
    r.set_customer_id(absl::StrCat("cust-", i));
    for (int l = 0; l < lines; ++l) {
      v1::CartLine* line = r.add_cart();
      line->set_sku(
          s.catalog.product(with_edges[rng() % with_edges.size()]).sku);
      line->set_quantity(1);
    }
    absl::StatusOr<ConvertedSuggest> converted = ConvertSuggestRequest(r, s);
    if (!converted.ok()) {
      std::fprintf(stderr, "engine_bench: %s\n",
                   converted.status().ToString().c_str());
      std::exit(1);
    }
    Case c;
    c.input = std::move(converted->input);
    c.history.offer_responses = {now - absl::Hours(5), now - absl::Hours(1)};
    const auto targets = s.graph.CrossSells(c.input.cart[0].product);
    for (size_t t = 0; t < targets.size() && t < 3; ++t) {
      SkuContact& contact =
          c.history.skus[s.catalog.product(targets[t].to).sku];
      contact.presented = {now - absl::Hours(30), now - absl::Hours(2)};
      if (t == 2) contact.last_declined = now - absl::Hours(2);
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

// A model that has seen one outcome (accepted for every third) of each offer
// the cold learning policy showed for carts of 1, 5 and 20 lines.
PropensityModelPtr TeachModel() {
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  Learner learner(now);
  LearningParams params;
  PropensityModelPtr cold = learner.Build(params, now);
  int n = 0;
  for (int lines : {1, 5, 20}) {
    for (Case& c : MakeCases(lines, 3)) {
      c.input.model = cold.get();
      const Decision d = Decide(*g_snapshot, c.input, c.history, now);
      for (const RankedOffer& o : d.offers) {
        OutcomeEvidence e;
        e.channel = c.input.channel;
        e.kind = o.kind;
        e.sku = std::string(OfferSku(*g_snapshot, o));
        e.features = o.context;
        e.affinity = o.affinity;
        e.prior_score = o.prior_score;
        e.model_score = o.model_score;
        e.outcome = ++n % 3 == 0 ? v1::ACCEPTED : v1::DECLINED;
        learner.Observe(e, now);
      }
    }
  }
  return learner.Build(params, now);
}

void RunDecide(benchmark::State& state, bool learned) {
  if (g_snapshot == nullptr) {
    state.SkipWithError("no data: pass --data_dir or set OFFERGRAPH_PERF_DATA");
    return;
  }
  std::vector<Case> cases = MakeCases(state.range(0), 1);
  if (learned) {
    for (Case& c : cases) c.input.model = g_model.get();
  }
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  size_t i = 0;
  int64_t offers = 0;
  for (auto _ : state) {
    const Case& c = cases[i++ % cases.size()];
    Decision d = Decide(*g_snapshot, c.input, c.history, now);
    offers += d.offers.size();
    benchmark::DoNotOptimize(d);
  }
  state.counters["offers_per_decision"] =
      static_cast<double>(offers) / state.iterations();
}
void BM_Decide(benchmark::State& state) { RunDecide(state, false); }
void BM_DecideLearned(benchmark::State& state) { RunDecide(state, true); }
BENCHMARK(BM_Decide)->Arg(1)->Arg(5)->Arg(20)->Arg(200);
BENCHMARK(BM_DecideLearned)->Arg(1)->Arg(5)->Arg(20)->Arg(200);

// Times `calls` single decisions one by one and prints the distribution.
void SingleDecisionLatency(int lines, int calls, bool learned) {
  std::vector<Case> cases = MakeCases(lines, 2);
  if (learned) {
    for (Case& c : cases) c.input.model = g_model.get();
  }
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  std::vector<int64_t> ns(calls);
  for (int i = -calls / 10; i < calls; ++i) {  // 10% warm-up
    const Case& c = cases[(i + calls) % cases.size()];
    const auto t0 = std::chrono::steady_clock::now();
    Decision d = Decide(*g_snapshot, c.input, c.history, now);
    const auto t1 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(d);
    if (i >= 0) ns[i] = std::chrono::nanoseconds(t1 - t0).count();
  }
  std::sort(ns.begin(), ns.end());
  auto pct = [&ns](double p) {
    size_t rank = static_cast<size_t>(p / 100.0 * ns.size() + 0.999999);
    return ns[std::clamp<size_t>(rank, 1, ns.size()) - 1] / 1000.0;
  };
  std::printf(
      "%s lines=%d calls=%d p50_us=%.2f p90_us=%.2f p99_us=%.2f "
      "p999_us=%.2f max_us=%.2f\n",
      learned ? "learned_decide_latency" : "decide_latency", lines, calls,
      pct(50), pct(90), pct(99), pct(99.9), ns.back() / 1000.0);
}

// Experiments as a server might run them: a 5% holdout, then a layer of
// two experiments over 60% of units, then one experiment for the rest.
constexpr char kBenchExperiments[] = R"(
holdout { share: 0.05 salt: "h" }
experiments { name: "a" layer: "l1" traffic: 0.3
  arms { name: "control" share: 0.5 } arms { name: "t" share: 0.5 } }
experiments { name: "b" layer: "l1" traffic: 0.3
  arms { name: "control" share: 0.5 } arms { name: "t" share: 0.5 } }
experiments { name: "c"
  arms { name: "x" share: 0.25 } arms { name: "y" share: 0.25 }
  arms { name: "z" share: 0.5 } }
)";

// p50 and p99 of one decision plus what Suggest adds for experiments, with
// experiments configured and without, alternating call by call.
void ExperimentOverhead(int lines, int calls) {
  absl::StatusOr<LoadedRules> rules =
      ParseRulesConfig(kBenchExperiments, "bench");
  if (!rules.ok()) std::abort();
  const ExperimentPlan& plan = rules->experiments;
  const ExperimentPlan none;
  std::vector<Case> cases = MakeCases(lines, 4);
  std::vector<std::string> customers;
  for (size_t i = 0; i < cases.size(); ++i) {
    customers.push_back(absl::StrCat("customer-", i * 7919));
  }
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  std::vector<int64_t> ns[2];
  ns[0].resize(calls);
  ns[1].resize(calls);
  v1::SuggestResponse response;
  for (int i = -calls / 10; i < calls; ++i) {  // 10% warm-up
    const size_t k = static_cast<size_t>(i + calls) % cases.size();
    // The second decision of a cart finds it in cache: alternate which
    // variant goes first.
    for (int j = 0; j < 2; ++j) {
      const int with = j ^ (i & 1);
      Case& c = cases[k];
      const auto t0 = std::chrono::steady_clock::now();
      const Assignment a = (with ? plan : none).Assign(customers[k], "");
      c.input.rules = a.arm != nullptr ? &a.arm->rules : nullptr;
      Decision d = Decide(*g_snapshot, c.input, c.history, now);
      response.set_experiment(std::string(a.experiment_name()));
      response.set_arm(std::string(a.arm_name()));
      const auto t1 = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(d);
      benchmark::DoNotOptimize(response);
      if (i >= 0) ns[with][i] = std::chrono::nanoseconds(t1 - t0).count();
    }
  }
  auto pct = [](std::vector<int64_t>& v, double p) {
    std::sort(v.begin(), v.end());
    size_t rank = static_cast<size_t>(p / 100.0 * v.size() + 0.999999);
    return v[std::clamp<size_t>(rank, 1, v.size()) - 1] / 1000.0;
  };
  const double p50_none = pct(ns[0], 50), p99_none = pct(ns[0], 99);
  const double p50_with = pct(ns[1], 50), p99_with = pct(ns[1], 99);
  std::printf(
      "experiment_overhead lines=%d calls=%d none_p50_us=%.3f "
      "experiments_p50_us=%.3f delta_p50_us=%.3f none_p99_us=%.2f "
      "experiments_p99_us=%.2f\n",
      lines, calls, p50_none, p50_with, p50_with - p50_none, p99_none,
      p99_with);
}

// Bundles, breaks and promotions over the loaded catalog (see the top).
Deals SyntheticDeals(const Snapshot& s) {
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  std::vector<Bundle> bundles;
  std::vector<ProductId> break_products;
  std::vector<std::vector<QuantityBreak>> breaks;
  std::vector<Promotion> promotions;
  int with_edges = 0;
  for (ProductId p = 0; p < s.catalog.size(); ++p) {
    const auto cross = s.graph.CrossSells(p);
    if (!cross.empty() && with_edges++ % 10 == 0 && cross[0].to != p &&
        s.catalog.facts(cross[0].to).currency == s.catalog.facts(p).currency) {
      Bundle b;
      b.id = absl::StrCat("BUNDLE-", p);
      b.name = b.id;
      b.members = {{std::min(p, cross[0].to), 1}, {std::max(p, cross[0].to), 1}};
      b.rule.discount_bp = 1000;
      b.currency = s.catalog.facts(p).currency;
      bundles.push_back(std::move(b));
    }
    if (p % 5 == 0 && s.catalog.facts(p).price > 0) {
      break_products.push_back(p);
      breaks.push_back({{3, {-1, 1000}}, {10, {-1, 2000}}});
    }
    if (p % 10 == 3) {
      Promotion promo;
      promo.id = absl::StrCat("PROMO-", p);
      promo.product = p;
      promo.rule.discount_bp = 1500;
      promo.valid_until = p % 20 == 3 ? now - absl::Hours(1)
                                      : now + absl::Hours(24 * 30);
      promotions.push_back(std::move(promo));
    }
  }
  Promotion category;
  category.id = "PROMO-CATEGORY";
  category.category = s.catalog.product(0).category;
  category.rule.discount_bp = 500;
  promotions.push_back(std::move(category));
  std::printf(
      "engine_bench: synthetic deals: %zu bundles, %zu products with breaks, "
      "%zu promotions\n",
      bundles.size(), break_products.size(), promotions.size());
  return Deals(s.catalog, std::move(bundles), std::move(break_products),
               std::move(breaks), std::move(promotions));
}

}  // namespace
}  // namespace offergraph

int main(int argc, char** argv) {
  std::string data_dir;
  if (const char* env = std::getenv("OFFERGRAPH_PERF_DATA")) data_dir = env;
  int calls = 200000;
  bool synthetic_deals = false;
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--data_dir=", 11) == 0) {
      data_dir = argv[i] + 11;
    } else if (std::strncmp(argv[i], "--p99_calls=", 12) == 0) {
      calls = std::atoi(argv[i] + 12);
    } else if (std::strcmp(argv[i], "--synthetic_deals") == 0) {
      synthetic_deals = true;
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (data_dir.empty()) {
    std::printf(
        "engine_bench: skipped, no data (pass --data_dir=DIR or set "
        "OFFERGRAPH_PERF_DATA; offergraph-gen writes one)\n");
    return 0;
  }
  const absl::Time start = absl::Now();
  auto loaded = offergraph::LoadSnapshot({data_dir, ""}, 1);
  if (!loaded.ok()) {
    std::fprintf(stderr, "engine_bench: %s\n",
                 loaded.status().ToString().c_str());
    return 1;
  }
  offergraph::g_snapshot = *loaded;
  if (synthetic_deals) {
    // LoadSnapshot made the Snapshot (not const); nothing reads it yet.
    const_cast<offergraph::Snapshot&>(*offergraph::g_snapshot).deals =
        offergraph::SyntheticDeals(*offergraph::g_snapshot);
  }
  offergraph::g_model = offergraph::TeachModel();
  std::printf("engine_bench: loaded %s (%zu products) in %.2f s\n",
              data_dir.c_str(), offergraph::g_snapshot->catalog.size(),
              absl::ToDoubleSeconds(absl::Now() - start));
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  for (int lines : offergraph::kCartSizes) {
    for (bool learned : {false, true}) {
      offergraph::SingleDecisionLatency(
          lines, lines >= 200 ? calls / 10 : calls, learned);
    }
  }
  for (int lines : {1, 5}) offergraph::ExperimentOverhead(lines, calls);
  return 0;
}
