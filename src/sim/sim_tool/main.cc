// offergraph-sim: replays real (or generated) shopping sessions against the
// engine, plays the customer, and compares the static policy with the
// learned propensity. See README.md, "Learning from outcomes".
#include <cstdio>
#include <utility>
#include <string>

#include "absl/flags/flag.h"
#include "data/rules_loader.h"
#include "mine/baskets.h"
#include "sim/decision_log.h"
#include "sim/experiment_sim.h"
#include "sim/off_policy.h"
#include "sim/simulator.h"
#include "sim/synthetic_baskets.h"
#include "util/file_util.h"
#include "util/program_flags.h"

ABSL_FLAG(std::string, orders, "",
          "Orders CSV (plain or gzip), header row, one row per order line "
          "(e.g. Instacart's order_products__train.csv.gz). Empty: generated "
          "orders (--synthetic_orders).");
ABSL_FLAG(std::string, order_column, "order_id", "Column of the order id.");
ABSL_FLAG(std::string, sku_column, "sku", "Column of the item's sku.");
ABSL_FLAG(int64_t, synthetic_orders, 20000,
          "Without --orders: how many orders to generate.");
ABSL_FLAG(int64_t, synthetic_items, 1500,
          "Without --orders: how many items to generate.");
ABSL_FLAG(int64_t, synthetic_group_size, 15,
          "Without --orders: items per group of complements.");
ABSL_FLAG(std::string, rules, "",
          "rules.textproto for both policies (learning settings included); "
          "default: the server's defaults.");
ABSL_FLAG(double, value_weight, -1,
          "Overrides ranking.value_weight when >= 0 (0 ranks by propensity "
          "alone).");
ABSL_FLAG(int64_t, sessions, 200000, "Sessions to play.");
ABSL_FLAG(double, half_life_days, -1,
          "Overrides learning.half_life_days when >= 0 (0: never forget); "
          "the simulated clock runs --seconds_per_session per session.");
ABSL_FLAG(double, exploration_share, 0.05,
          "The learning policy's exploration share (learning."
          "exploration_share; the server's default is 0).");
ABSL_FLAG(uint64_t, seed, 1,
          "Seed of the split, the hold-outs, the customer and exploration.");
ABSL_FLAG(double, test_share, 0.2,
          "Share of orders replayed as sessions (the rest is mined).");
ABSL_FLAG(double, holdout_share, 0.3,
          "Share of each basket held out of the cart (at least one item).");
ABSL_FLAG(int64_t, min_support, 5, "Mining: minimum support.");
ABSL_FLAG(int64_t, top_k, 64, "Mining: edges per item (0 = all).");
ABSL_FLAG(int64_t, refresh_sessions, 500,
          "Sessions between two rebuilds of the learned model.");
ABSL_FLAG(double, seconds_per_session, 1.0,
          "Simulated seconds per session (the learning half-life runs on "
          "this clock).");
ABSL_FLAG(int64_t, window, 10000, "Sessions per reported window.");
ABSL_FLAG(int64_t, warmup, 20000,
          "Sessions before the acceptance and revenue ratios are taken.");
ABSL_FLAG(int64_t, flip_at, 0,
          "Session at which the customers' taste changes (0 = never).");
ABSL_FLAG(double, flip_share, 0.3, "Share of items whose appeal flips.");
ABSL_FLAG(int64_t, calibration_after, 100000,
          "Report the expected calibration error of the windows after this "
          "session.");
ABSL_FLAG(double, bought, 0.3,
          "Customer: base acceptance of an item they really bought.");
ABSL_FLAG(double, other, 0.01, "Customer: base acceptance of other items.");
ABSL_FLAG(double, appeal_sigma, 1.0,
          "Customer: spread (log scale) of the items' hidden appeal.");
ABSL_FLAG(std::string, decision_log, "",
          "Write every decision of the learning (exploring) policy to this "
          "file, one line each: session, cart, offers shown with their "
          "logged choice probability, outcome and price (README, "
          "\"Off-policy evaluation\"); the input of offergraph-eval --ope.");
ABSL_FLAG(std::string, experiment, "",
          "Experiment mode: aa, ab or holdout. Units assigned to arms by the "
          "rules' ExperimentPlan (--rules, else a 50/50 experiment or a "
          "holdout of --holdout_units), over --seeds seeds; prints the "
          "intervals' coverage, the false-positive rate or power, and the "
          "sample-ratio check (README, \"Proof: experiments tell the "
          "truth\"). Empty: the learning simulation.");
ABSL_FLAG(int64_t, seeds, 500, "Experiment mode: independent seeds.");
ABSL_FLAG(int64_t, sessions_per_seed, 20000,
          "Experiment mode: units (one session each) per seed.");
ABSL_FLAG(double, true_effect, 0.05,
          "Experiment mode ab: the treatment arm's hidden acceptance is "
          "multiplied by 1 + this (the true relative lift of acceptances per "
          "unit); at most 1/0.95 - 1.");
ABSL_FLAG(double, drop_arm_units, 0,
          "Experiment mode: share of the treatment arm's units dropped "
          "(a broken assignment), for the sample-ratio test to catch.");
ABSL_FLAG(double, holdout_units, 0.5,
          "Experiment mode holdout: share of units held out of offers when "
          "--rules has no holdout.");

namespace {
int Fail(const absl::Status& s) {
  std::fprintf(stderr, "offergraph-sim: %s\n",
               std::string(s.message()).c_str());
  return 1;
}
}  // namespace

int main(int argc, char** argv) {
  offergraph::ParseProgramFlags(
      argc, argv,
      "Replays sessions against the engine, static policy against the "
      "learned propensity:\n"
      "  offergraph-sim --orders order_products__train.csv.gz "
      "--sku_column product_id --sessions 200000\n"
      "Experiment mode (coverage, false positives, sample-ratio check):\n"
      "  offergraph-sim --experiment aa --seeds 500");
  namespace m = offergraph::mine;
  namespace s = offergraph::sim;

  s::SimConfig config;
  if (const std::string rules = absl::GetFlag(FLAGS_rules); !rules.empty()) {
    absl::StatusOr<offergraph::RuleParams> params =
        offergraph::LoadRulesFile(rules);
    if (!params.ok()) return Fail(params.status());
    config.rules = *params;
  }
  if (const double w = absl::GetFlag(FLAGS_value_weight); w >= 0) {
    if (w > 1) {
      std::fprintf(stderr,
                   "offergraph-sim: --value_weight: must be in [0, 1], got "
                   "%g\n",
                   w);
      return 1;
    }
    config.rules.value_weight = w;
  }
  config.sessions = absl::GetFlag(FLAGS_sessions);
  if (const double h = absl::GetFlag(FLAGS_half_life_days); h >= 0) {
    if (h > 3650) {
      std::fprintf(stderr,
                   "offergraph-sim: --half_life_days: must be in [0, 3650], "
                   "got %g\n",
                   h);
      return 1;
    }
    config.rules.learning.half_life =
        h == 0 ? absl::InfiniteDuration() : absl::Hours(24 * h);
  }
  config.rules.learning.exploration_share =
      absl::GetFlag(FLAGS_exploration_share);
  if (!(config.rules.learning.exploration_share >= 0 &&
        config.rules.learning.exploration_share <= 1)) {
    std::fprintf(stderr,
                 "offergraph-sim: --exploration_share: must be in [0, 1], got "
                 "%g\n",
                 config.rules.learning.exploration_share);
    return 1;
  }
  config.seed = absl::GetFlag(FLAGS_seed);
  config.test_share = absl::GetFlag(FLAGS_test_share);
  config.holdout_share = absl::GetFlag(FLAGS_holdout_share);
  config.mine.min_support = absl::GetFlag(FLAGS_min_support);
  config.mine.top_k = absl::GetFlag(FLAGS_top_k);
  config.refresh_sessions = absl::GetFlag(FLAGS_refresh_sessions);
  config.seconds_per_session = absl::GetFlag(FLAGS_seconds_per_session);
  config.window = absl::GetFlag(FLAGS_window);
  config.warmup = absl::GetFlag(FLAGS_warmup);
  config.flip_at = absl::GetFlag(FLAGS_flip_at);
  config.calibration_after = absl::GetFlag(FLAGS_calibration_after);
  config.customer.seed = config.seed;
  config.customer.bought = absl::GetFlag(FLAGS_bought);
  config.customer.other = absl::GetFlag(FLAGS_other);
  config.customer.appeal_sigma = absl::GetFlag(FLAGS_appeal_sigma);
  config.customer.flip_share = absl::GetFlag(FLAGS_flip_share);

  m::Baskets baskets;
  if (const std::string orders = absl::GetFlag(FLAGS_orders); !orders.empty()) {
    m::OrderColumns columns;
    columns.order = absl::GetFlag(FLAGS_order_column);
    columns.sku = absl::GetFlag(FLAGS_sku_column);
    absl::StatusOr<m::Baskets> read = m::ReadBaskets(orders, columns, stderr);
    if (!read.ok()) return Fail(read.status());
    baskets = *std::move(read);
  } else {
    s::SyntheticOptions synthetic;
    synthetic.orders = absl::GetFlag(FLAGS_synthetic_orders);
    synthetic.items = absl::GetFlag(FLAGS_synthetic_items);
    synthetic.group_size = absl::GetFlag(FLAGS_synthetic_group_size);
    synthetic.seed = config.seed;
    baskets = s::SyntheticBaskets(synthetic);
  }
  if (const std::string kind = absl::GetFlag(FLAGS_experiment);
      !kind.empty()) {
    s::ExperimentSimConfig experiment;
    absl::StatusOr<s::ExperimentKind> parsed = s::ParseExperimentKind(kind);
    if (!parsed.ok()) return Fail(parsed.status());
    experiment.kind = *parsed;
    experiment.seeds = absl::GetFlag(FLAGS_seeds);
    experiment.units = absl::GetFlag(FLAGS_sessions_per_seed);
    experiment.true_effect = absl::GetFlag(FLAGS_true_effect);
    experiment.drop_arm_units = absl::GetFlag(FLAGS_drop_arm_units);
    experiment.holdout_units = absl::GetFlag(FLAGS_holdout_units);
    if (const std::string rules = absl::GetFlag(FLAGS_rules); !rules.empty()) {
      absl::StatusOr<std::string> text = offergraph::ReadFileToString(rules);
      if (!text.ok()) return Fail(text.status());
      experiment.rules_text = *text;
      experiment.rules_name = rules;
    }
    absl::StatusOr<s::ExperimentSimReport> report =
        s::SimulateExperiments(baskets, config, experiment);
    if (!report.ok()) return Fail(report.status());
    std::printf("%s", s::FormatExperimentReport(*report, experiment).c_str());
    return 0;
  }
  std::FILE* log = nullptr;
  absl::Status log_status;
  if (const std::string path = absl::GetFlag(FLAGS_decision_log);
      !path.empty()) {
    log = std::fopen(path.c_str(), "w");
    if (log == nullptr) {
      std::fprintf(stderr, "offergraph-sim: --decision_log: cannot write %s\n",
                   path.c_str());
      return 1;
    }
    std::fprintf(log, "%s\n", std::string(s::kDecisionLogHeader).c_str());
    config.log_decision = [&](const s::LoggedDecision& d) {
      absl::StatusOr<std::string> line = s::FormatDecisionLine(d);
      if (!line.ok()) {
        if (log_status.ok()) log_status = line.status();
        return;
      }
      std::fprintf(log, "%s\n", line->c_str());
    };
  }
  absl::StatusOr<s::SimReport> report = s::Simulate(baskets, config);
  if (log != nullptr && std::fclose(log) != 0 && log_status.ok()) {
    log_status = absl::DataLossError("--decision_log: write failed");
  }
  if (!log_status.ok()) return Fail(log_status);
  if (!report.ok()) return Fail(report.status());
  std::printf("%s", s::FormatSimReport(*report, config).c_str());
  // The static policy's on-policy value, for comparison with
  // offergraph-eval --ope of the same rules.
  for (const auto& [name, m] :
       {std::pair<const char*, const offergraph::stats::Moments*>{
            "acceptances", &report->static_accepted},
        {"revenue", &report->static_revenue}}) {
    const offergraph::stats::Estimate e = s::MeanInterval(*m);
    std::printf("static policy, %s per session: %.5f [%.5f, %.5f] (95%% CI, "
                "%lld sessions)\n",
                name, e.point, e.lower, e.upper,
                static_cast<long long>(m->n()));
  }
  return 0;
}
