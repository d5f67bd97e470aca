// offergraph-eval: offline relevance of mined cross-sells on held-out
// orders, offergraph's engine against popularity and single-anchor
// baselines. See README.md, "Learning the graph from your orders".
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/marshalling.h"
#include "data/catalog_loader.h"
#include "data/rules_loader.h"
#include "mine/baskets.h"
#include "mine/atomic_file.h"
#include "mine/evaluator.h"
#include "mine/resources.h"
#include "sim/decision_log.h"
#include "sim/off_policy.h"
#include "sim/simulator.h"
#include "util/program_flags.h"

ABSL_FLAG(std::string, orders, "", "Orders CSV (plain or gzip), header row.");
ABSL_FLAG(std::string, order_column, "order_id", "Column of the order id.");
ABSL_FLAG(std::string, sku_column, "sku", "Column of the item's sku.");
ABSL_FLAG(std::string, catalog, "",
          "Optional catalog.csv; default: every sku of the orders, price 0.");
ABSL_FLAG(std::string, rules, "",
          "Optional rules.textproto for the offergraph method; default: the "
          "server's defaults with ranking.value_weight 0 (rank by "
          "propensity).");
ABSL_FLAG(int64_t, min_support, 5, "Mining on train: minimum support.");
ABSL_FLAG(double, min_confidence, 0.0, "Mining on train: minimum confidence.");
ABSL_FLAG(double, min_lift, 0.0, "Mining on train: minimum lift.");
ABSL_FLAG(int64_t, top_k, 64, "Mining on train: edges per item (0 = all).");
ABSL_FLAG(double, test_share, 0.2, "Share of orders held out for testing.");
ABSL_FLAG(uint64_t, seed, 1, "Split seed (FNV-1a of seed and order id).");
ABSL_FLAG(int64_t, max_test_orders, 0,
          "Evaluate only the first N eligible test orders (0 = all).");
ABSL_FLAG(std::string, report_json, "", "Also write the metrics as JSON.");
ABSL_FLAG(std::vector<std::string>, variants, {},
          "Further engine rows, NAME=rules.textproto, comma-separated: the "
          "engine with those rules, side by side with the others.");
ABSL_FLAG(bool, validation, false,
          "Set the test side aside unseen and evaluate on a validation split "
          "of the train side (seed + 1): for choosing settings.");

ABSL_FLAG(bool, ope, false,
          "Off-policy evaluation instead of relevance: estimate the "
          "acceptances and revenue per decision that --candidate_rules "
          "would have had on the decisions of --decision_log (IPS, "
          "self-normalised IPS, doubly robust, with 95% intervals). The "
          "graph, prices and catalog are rebuilt as offergraph-sim builds "
          "them from the same --orders, --seed, --test_share, --min_support "
          "and --top_k (README, \"Off-policy evaluation\").");
ABSL_FLAG(std::string, decision_log, "",
          "With --ope: the decision log offergraph-sim --decision_log wrote.");
ABSL_FLAG(std::string, candidate_rules, "",
          "With --ope: the candidate's rules.textproto (default: the "
          "server's defaults).");
ABSL_FLAG(double, confidence, 0.95,
          "With --ope: two-sided confidence level of the intervals.");

namespace {
int Fail(const absl::Status& s) {
  std::fprintf(stderr, "offergraph-eval: %s\n",
               std::string(s.message()).c_str());
  return 1;
}
// --ope: the candidate re-run on every logged cart, then the estimators.
int RunOpe(const offergraph::mine::Baskets& baskets) {
  namespace s = offergraph::sim;
  const std::string log_path = absl::GetFlag(FLAGS_decision_log);
  if (log_path.empty()) {
    std::fprintf(stderr, "offergraph-eval: --ope needs --decision_log\n");
    return 1;
  }
  offergraph::RuleParams candidate;
  if (const std::string path = absl::GetFlag(FLAGS_candidate_rules);
      !path.empty()) {
    absl::StatusOr<offergraph::RuleParams> params =
        offergraph::LoadRulesFile(path);
    if (!params.ok()) return Fail(params.status());
    candidate = *params;
  }
  absl::StatusOr<std::vector<s::LoggedDecision>> log =
      s::ReadDecisionLog(log_path);
  if (!log.ok()) return Fail(log.status());
  s::SimConfig world_config;
  world_config.seed = absl::GetFlag(FLAGS_seed);
  world_config.test_share = absl::GetFlag(FLAGS_test_share);
  world_config.mine.min_support = absl::GetFlag(FLAGS_min_support);
  world_config.mine.min_confidence = absl::GetFlag(FLAGS_min_confidence);
  world_config.mine.min_lift = absl::GetFlag(FLAGS_min_lift);
  world_config.mine.top_k = absl::GetFlag(FLAGS_top_k);
  absl::StatusOr<s::SimWorld> world = s::BuildWorld(baskets, world_config);
  if (!world.ok()) return Fail(world.status());
  absl::StatusOr<std::vector<s::CandidateSlate>> slates =
      s::CandidateSlates(*world->snapshot, candidate, *log);
  if (!slates.ok()) return Fail(slates.status());
  absl::StatusOr<s::OpeReport> report =
      s::EstimateOffPolicy(*log, *slates, absl::GetFlag(FLAGS_confidence));
  if (!report.ok()) return Fail(report.status());
  std::printf("%s", s::FormatOpeReport(*report).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  offergraph::ParseProgramFlags(
      argc, argv,
      "Evaluates mined cross-sells on held-out orders, or (--ope) a "
      "candidate's rules on logged decisions:\n"
      "  offergraph-eval --orders orders.csv.gz --sku_column product_id "
      "--report_json eval.json");
  namespace m = offergraph::mine;
  m::Stopwatch clock;
  if (absl::GetFlag(FLAGS_orders).empty()) {
    std::fprintf(stderr, "offergraph-eval: --orders is required\n");
    return 1;
  }
  m::OrderColumns columns;
  columns.order = absl::GetFlag(FLAGS_order_column);
  columns.sku = absl::GetFlag(FLAGS_sku_column);
  absl::StatusOr<m::Baskets> baskets =
      m::ReadBaskets(absl::GetFlag(FLAGS_orders), columns, stderr);
  if (!baskets.ok()) return Fail(baskets.status());
  if (absl::GetFlag(FLAGS_ope)) return RunOpe(*baskets);

  m::EvalConfig config;
  config.mine.min_support = absl::GetFlag(FLAGS_min_support);
  config.mine.min_confidence = absl::GetFlag(FLAGS_min_confidence);
  config.mine.min_lift = absl::GetFlag(FLAGS_min_lift);
  config.mine.top_k = absl::GetFlag(FLAGS_top_k);
  config.test_share = absl::GetFlag(FLAGS_test_share);
  config.seed = absl::GetFlag(FLAGS_seed);
  config.max_test_orders = absl::GetFlag(FLAGS_max_test_orders);
  config.validation = absl::GetFlag(FLAGS_validation);
  for (const std::string& v : absl::GetFlag(FLAGS_variants)) {
    const size_t eq = v.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == v.size()) {
      std::fprintf(stderr,
                   "offergraph-eval: --variants: expected NAME=FILE, got "
                   "\"%s\"\n",
                   v.c_str());
      return 1;
    }
    absl::StatusOr<offergraph::RuleParams> params =
        offergraph::LoadRulesFile(v.substr(eq + 1));
    if (!params.ok()) return Fail(params.status());
    config.variants.emplace_back(v.substr(0, eq), *params);
  }
  if (const std::string rules = absl::GetFlag(FLAGS_rules); !rules.empty()) {
    absl::StatusOr<offergraph::RuleParams> params =
        offergraph::LoadRulesFile(rules);
    if (!params.ok()) return Fail(params.status());
    config.rules = *params;
  } else {
    config.rules.value_weight = 0;
  }
  std::vector<offergraph::Product> products;
  if (const std::string path = absl::GetFlag(FLAGS_catalog); !path.empty()) {
    absl::StatusOr<offergraph::Catalog> catalog =
        offergraph::LoadCatalogFile(path, config.rules.default_currency);
    if (!catalog.ok()) return Fail(catalog.status());
    products = catalog->products();
  } else {
    products = m::PlaceholderCatalog(*baskets);
  }
  absl::StatusOr<m::EvalReport> report =
      m::Evaluate(*baskets, products, config);
  if (!report.ok()) return Fail(report.status());
  std::printf("%s", m::FormatEvalTable(*report).c_str());
  if (const std::string json = absl::GetFlag(FLAGS_report_json);
      !json.empty()) {
    if (absl::Status s =
            m::WriteFileAtomically(json, m::FormatEvalJson(*report));
        !s.ok()) {
      return Fail(s);
    }
  }
  std::fprintf(stderr, "time %.2f s, peak memory %.1f MiB\n", clock.Seconds(),
               static_cast<double>(m::PeakRssBytes()) / (1 << 20));
  return 0;
}
