#include "sim/experiment_sim.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "data/rules_loader.h"
#include "offergraph/engine.h"
#include "offergraph/experiments.h"
#include "stats/cuped.h"
#include "stats/lift.h"
#include "stats/moments.h"
#include "stats/srm.h"

namespace offergraph::sim {
namespace {

// The most a hidden acceptance probability can be (customer_model.h).
constexpr double kMaxAcceptance = 0.95;

// One seed's interval for the compared metric.
struct SeedResult {
  double control = 0;
  double treatment = 0;
  stats::Estimate estimate;
  std::optional<stats::Estimate> relative;
  double p_value = 1;
  bool has_cuped = false;
  stats::Estimate cuped;
  double variance_reduction = 0;
};

// The rules and the plan: the file's, with the experiment or the holdout
// the mode needs added when the file has none.
absl::StatusOr<LoadedRules> ExperimentRules(const ExperimentSimConfig& c) {
  absl::StatusOr<LoadedRules> loaded =
      ParseRulesConfig(c.rules_text, c.rules_name);
  if (!loaded.ok()) return loaded.status();
  std::string added;
  if (c.kind == ExperimentKind::kHoldout) {
    if (loaded->experiments.realised_holdout_share() > 0) return loaded;
    if (!(c.holdout_units > 0 && c.holdout_units < 1)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "holdout_units: must be in (0, 1), got %g", c.holdout_units));
    }
    added = absl::StrFormat("\nholdout { share: %.17g salt: \"sim\" }\n",
                            c.holdout_units);
  } else {
    if (!loaded->experiments.experiments().empty()) {
      if (loaded->experiments.experiments()[0].arms.size() < 2) {
        return absl::InvalidArgumentError(
            "the rules' first experiment needs two arms (control, treatment)");
      }
      return loaded;
    }
    added =
        "\nexperiments { name: \"sim\" salt: \"sim\"\n"
        "  arms { name: \"control\" share: 0.5 }\n"
        "  arms { name: \"treatment\" share: 0.5 } }\n";
  }
  return ParseRulesConfig(absl::StrCat(c.rules_text, added),
                          absl::StrCat(c.rules_name, " (with the simulator's ",
                                       c.kind == ExperimentKind::kHoldout
                                           ? "holdout)"
                                           : "experiment)"));
}

double Mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

double StandardDeviation(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double mean = Mean(v);
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

}  // namespace

absl::StatusOr<ExperimentKind> ParseExperimentKind(absl::string_view name) {
  if (name == "aa") return ExperimentKind::kAA;
  if (name == "ab") return ExperimentKind::kAB;
  if (name == "holdout") return ExperimentKind::kHoldout;
  return absl::InvalidArgumentError(absl::StrCat(
      "experiment: must be aa, ab or holdout, got \"", name, "\""));
}

double SeedShare::standard_error() const {
  if (seeds == 0) return 0;
  const double p = share();
  return std::sqrt(p * (1 - p) / static_cast<double>(seeds));
}

absl::StatusOr<ExperimentSimReport> SimulateExperiments(
    const mine::Baskets& baskets, const SimConfig& base,
    const ExperimentSimConfig& config) {
  if (config.seeds < 1 || config.units < 4) {
    return absl::InvalidArgumentError(
        "seeds must be at least 1 and units per seed at least 4");
  }
  if (!(config.true_effect > -1 &&
        config.true_effect * kMaxAcceptance <= 1 - kMaxAcceptance + 1e-12)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "true_effect: must be in (-1, %.4f] so that 0.95 * (1 + effect) <= 1 "
        "and the true lift is exact, got %g",
        1 / kMaxAcceptance - 1, config.true_effect));
  }
  if (!(config.drop_arm_units >= 0 && config.drop_arm_units < 1)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "drop_arm_units: must be in [0, 1), got %g", config.drop_arm_units));
  }
  if (!(base.holdout_share > 0 && base.holdout_share < 1)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "holdout_share: must be in (0, 1), got %g", base.holdout_share));
  }
  if (!(config.confidence > 0 && config.confidence < 1)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "confidence: must be in (0, 1), got %g", config.confidence));
  }
  const absl::Time started = absl::Now();
  absl::StatusOr<LoadedRules> rules = ExperimentRules(config);
  if (!rules.ok()) return rules.status();
  const ExperimentPlan& plan = rules->experiments;
  const bool holdout = config.kind == ExperimentKind::kHoldout;
  const Experiment* experiment =
      holdout ? nullptr : &plan.experiments().front();
  const std::vector<double> shares =
      holdout ? std::vector<double>{plan.realised_holdout_share(),
                                    1 - plan.realised_holdout_share()}
              : std::vector<double>{experiment->arms[0].realised_share,
                                    experiment->arms[1].realised_share};

  absl::StatusOr<SimWorld> world = BuildWorld(baskets, base);
  if (!world.ok()) return world.status();
  const Snapshot& snapshot = *world->snapshot;
  const Catalog& catalog = snapshot.catalog;
  const CustomerModel customer(base.customer);
  const ContactHistory no_history;
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  const double multiplier =
      config.kind == ExperimentKind::kAB ? 1 + config.true_effect : 1;
  const stats::LiftOptions lift{config.confidence};

  ExperimentSimReport report;
  report.session_baskets = static_cast<int64_t>(world->sessions.size());
  report.edges = world->edges;
  report.metric = holdout ? "revenue per unit, offers - holdout (absolute)"
                          : "acceptances per unit, treatment / control - 1";
  report.truth = config.kind == ExperimentKind::kAB ? config.true_effect : 0;
  // Holdout truth: expected offer revenue over every unit's decision.
  double expected_revenue = 0;
  int64_t decided = 0;

  std::vector<SeedResult> results;
  std::vector<double> control_means;
  std::vector<CartItem> cart;
  std::vector<ProductId> held;
  DecisionInput input;
  input.channel = v1::CHECKOUT;
  input.want_cross_sell = true;
  input.want_upsell = true;
  // The simulated customers answer product offers: no bundles or quantity
  // offers (README "Deals"), which RankedOffer::product does not name.
  input.want_bundle = false;
  input.want_quantity = false;
  for (int64_t k = 0; k < config.seeds; ++k) {
    const uint64_t r = config.first_seed + static_cast<uint64_t>(k);
    stats::Moments accepted[2], revenue[2];
    for (int64_t i = 0; i < config.units; ++i) {
      const std::string unit = absl::StrCat("u", r, "-", i);
      const Assignment a = plan.Assign(unit, "");
      int arm = -1;
      if (holdout) {
        arm = a.holdout ? 0 : 1;
      } else if (a.experiment == experiment && a.arm != nullptr) {
        if (a.arm == &experiment->arms[0]) arm = 0;
        if (a.arm == &experiment->arms[1]) arm = 1;
      }
      if (arm < 0) continue;
      if (arm == 1 && config.drop_arm_units > 0 &&
          HashUniform(r + 29, unit, 0) < config.drop_arm_units) {
        continue;  // lost, as a broken assignment or log would lose it
      }
      const size_t pick = std::min(
          world->sessions.size() - 1,
          static_cast<size_t>(HashUniform(r, unit, 1) *
                              static_cast<double>(world->sessions.size())));
      MakeSession(baskets, *world, world->sessions[pick],
                  r * 1'000'003ull + static_cast<uint64_t>(i),
                  base.holdout_share, &input.cart, &held);
      input.rules = a.arm != nullptr ? &a.arm->rules : &rules->params;
      const Decision d = Decide(snapshot, input, no_history, now);
      const uint64_t session = (r << 32) ^ static_cast<uint64_t>(i);
      double cart_value = 0;
      for (const CartItem& line : input.cart) {
        cart_value += static_cast<double>(catalog.facts(line.product).price);
      }
      int64_t acc = 0, rev = 0;
      ++decided;
      for (const RankedOffer& offer : d.offers) {
        const std::string& sku = catalog.product(offer.product).sku;
        const bool bought =
            std::binary_search(held.begin(), held.end(), offer.product);
        const int64_t price = catalog.facts(offer.product).price;
        expected_revenue +=
            customer.AcceptProbability(sku, bought) * static_cast<double>(price);
        if (a.ghost()) continue;
        if (customer.Accepts(session, sku, bought,
                             arm == 1 ? multiplier : 1.0)) {
          ++acc;
          rev += price;
        }
      }
      accepted[arm].Add(static_cast<double>(acc));
      const double y = holdout ? (cart_value + static_cast<double>(rev)) / 100
                               : static_cast<double>(rev) / 100;
      revenue[arm].Add(y, cart_value / 100);
    }
    if (accepted[0].n() < 2 || accepted[1].n() < 2) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "seed %d: fewer than 2 units in an arm (%d, %d); raise units", r,
          accepted[0].n(), accepted[1].n()));
    }
    report.mean_units_control += static_cast<double>(accepted[0].n());
    report.mean_units_treatment += static_cast<double>(accepted[1].n());
    const int64_t counts[2] = {accepted[0].n(), accepted[1].n()};
    absl::StatusOr<stats::SrmResult> srm =
        stats::TestSampleRatio(counts, shares);
    if (!srm.ok()) return srm.status();
    ++report.srm_flagged.seeds;
    report.srm_flagged.hits += srm->mismatch ? 1 : 0;

    SeedResult result;
    if (holdout) {
      absl::StatusOr<stats::Comparison> c =
          stats::CompareMeans(revenue[0], revenue[1], lift);
      if (!c.ok()) return c.status();
      result.estimate = c->absolute;
      result.relative = c->relative;
      result.p_value = c->p_value;
      result.control = c->control;
      result.treatment = c->treatment;
      control_means.push_back(c->control);
      absl::StatusOr<stats::CupedComparison> cuped =
          stats::CompareMeansCuped(revenue[0], revenue[1], lift);
      if (!cuped.ok()) return cuped.status();
      result.has_cuped = true;
      result.cuped = cuped->comparison.absolute;
      result.variance_reduction = cuped->adjustment.variance_reduction;
    } else {
      absl::StatusOr<stats::Comparison> c =
          stats::CompareMeans(accepted[0], accepted[1], lift);
      if (!c.ok()) return c.status();
      if (!c->relative.has_value()) {
        return absl::FailedPreconditionError(absl::StrFormat(
            "seed %d: the control arm accepted nothing; raise units", r));
      }
      result.estimate = *c->relative;
      result.relative = c->relative;
      result.p_value = c->p_value;
      result.control = c->control;
      result.treatment = c->treatment;
      control_means.push_back(c->control);
    }
    results.push_back(result);
  }

  const SeedResult& first = results.front();
  report.first.control = first.control;
  report.first.treatment = first.treatment;
  report.first.estimate = first.estimate;
  report.first.relative = first.relative;
  report.first.p_value = first.p_value;
  report.first.has_cuped = first.has_cuped;
  report.first.cuped = first.cuped;
  if (holdout) {
    report.truth = expected_revenue / static_cast<double>(decided) / 100;
  }
  std::vector<double> points, errors, cuped_points, cuped_errors, reductions;
  for (const SeedResult& s : results) {
    points.push_back(s.estimate.point);
    errors.push_back(s.estimate.standard_error);
    ++report.covered.seeds;
    report.covered.hits +=
        s.estimate.lower <= report.truth && report.truth <= s.estimate.upper;
    ++report.significant.seeds;
    report.significant.hits += s.p_value < 1 - config.confidence ? 1 : 0;
    if (s.has_cuped) {
      cuped_points.push_back(s.cuped.point);
      cuped_errors.push_back(s.cuped.standard_error);
      reductions.push_back(s.variance_reduction);
      ++report.cuped_covered.seeds;
      report.cuped_covered.hits +=
          s.cuped.lower <= report.truth && report.truth <= s.cuped.upper;
    }
  }
  const double n = static_cast<double>(results.size());
  report.mean_units_control /= n;
  report.mean_units_treatment /= n;
  report.mean_estimate = Mean(points);
  report.sd_estimate = StandardDeviation(points);
  report.mean_cuped_estimate = Mean(cuped_points);
  report.sd_cuped_estimate = StandardDeviation(cuped_points);
  report.mean_standard_error = Mean(errors);
  report.mean_control = Mean(control_means);
  report.mean_cuped_standard_error = Mean(cuped_errors);
  report.mean_variance_reduction = Mean(reductions);
  report.seconds = absl::ToDoubleSeconds(absl::Now() - started);
  return report;
}

std::string FormatExperimentReport(const ExperimentSimReport& r,
                                   const ExperimentSimConfig& c) {
  const char* kind = c.kind == ExperimentKind::kAA   ? "A/A"
                     : c.kind == ExperimentKind::kAB ? "A/B"
                                                     : "holdout";
  const double level = 100 * c.confidence;
  std::string out = absl::StrFormat(
      "%s experiment: %d seeds of %d units (session baskets %d, edges %d); "
      "units per seed: control %.1f, treatment %.1f%s\n"
      "metric: %s; control mean %.5f\n"
      "true value %.6f; estimate mean %.6f, sd across seeds %.6f, mean "
      "standard error %.6f\n"
      "coverage of the %g%% interval: %.4f (Monte Carlo s.e. %.4f)\n"
      "significant at %g%% (p < %g): %.4f (s.e. %.4f)%s\n"
      "sample-ratio mismatch flagged (p < 0.001): %.4f (s.e. %.4f)%s\n",
      kind, r.covered.seeds, c.units, r.session_baskets, r.edges,
      r.mean_units_control, r.mean_units_treatment,
      c.drop_arm_units > 0
          ? absl::StrFormat(" (%.1f%% of treatment units dropped)",
                            100 * c.drop_arm_units)
          : std::string(),
      r.metric, r.mean_control, r.truth, r.mean_estimate, r.sd_estimate,
      r.mean_standard_error, level, r.covered.share(),
      r.covered.standard_error(), 100 - level, 1 - c.confidence,
      r.significant.share(), r.significant.standard_error(),
      c.kind == ExperimentKind::kAA   ? " (false-positive rate)"
      : c.kind == ExperimentKind::kAB ? " (power)"
                                      : " (power)",
      r.srm_flagged.share(), r.srm_flagged.standard_error(),
      c.drop_arm_units > 0 ? " (detection rate)" : " (false-alarm rate)");
  const ExperimentSimReport::FirstSeed& f = r.first;
  out += absl::StrFormat(
      "seed %d alone: control %.5f, treatment %.5f; %s %.5f [%.5f, %.5f] "
      "(p %.3g)",
      c.first_seed, f.control, f.treatment,
      c.kind == ExperimentKind::kHoldout ? "difference" : "relative lift",
      f.estimate.point, f.estimate.lower, f.estimate.upper, f.p_value);
  if (c.kind == ExperimentKind::kHoldout && f.relative.has_value()) {
    out += absl::StrFormat("; relative %.5f [%.5f, %.5f]", f.relative->point,
                           f.relative->lower, f.relative->upper);
  }
  if (f.has_cuped) {
    out += absl::StrFormat("; CUPED difference %.5f [%.5f, %.5f]",
                           f.cuped.point, f.cuped.lower, f.cuped.upper);
  }
  out += "\n";
  if (c.kind == ExperimentKind::kHoldout) {
    out += absl::StrFormat(
        "CUPED (cart value as covariate): estimate mean %.6f, sd across "
        "seeds %.6f, mean standard error %.6f; coverage %.4f (s.e. %.4f), "
        "variance reduction %.3f\n",
        r.mean_cuped_estimate, r.sd_cuped_estimate,
        r.mean_cuped_standard_error, r.cuped_covered.share(),
        r.cuped_covered.standard_error(), r.mean_variance_reduction);
  }
  out += absl::StrFormat("time %.1f s\n", r.seconds);
  return out;
}

}  // namespace offergraph::sim
