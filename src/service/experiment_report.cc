#include "service/experiment_report.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "stats/cuped.h"
#include "stats/lift.h"
#include "stats/moments.h"
#include "stats/sequential.h"
#include "stats/srm.h"

namespace offergraph {
namespace {

// What the report needs of one arm, accumulated unit by unit.
struct ArmTotals {
  std::string name;
  double expected_share = 0;
  bool no_offers = false;
  UnitAggregate sums;
  int64_t units = 0;
  int64_t converted = 0;
  stats::Moments revenue;      // Y revenue, X pre-period revenue
  stats::RatioMoments aov;     // revenue / orders
};

void ToInterval(const stats::Estimate& e, v1::Interval* out) {
  out->set_point(e.point);
  out->set_lower(e.lower);
  out->set_upper(e.upper);
  out->set_standard_error(e.standard_error);
}

void ToLift(const absl::StatusOr<stats::Comparison>& c, v1::MetricLift* out) {
  if (!c.ok()) {
    out->set_unavailable(std::string(c.status().message()));
    return;
  }
  out->set_control(c->control);
  out->set_treatment(c->treatment);
  ToInterval(c->absolute, out->mutable_absolute());
  if (c->relative.has_value()) ToInterval(*c->relative, out->mutable_relative());
  out->set_p_value(c->p_value);
  // Two constant arms with the same value: a difference of rounding noise
  // with no spread would read as p = 0. It is no difference.
  if (c->absolute.standard_error == 0 &&
      std::abs(c->absolute.point) <=
          1e-9 * std::max(1.0, std::abs(c->control))) {
    out->set_p_value(1);
  }
}

double Ratio(int64_t num, int64_t den) {
  return den == 0 ? 0 : static_cast<double>(num) / static_cast<double>(den);
}

void FillArm(const ArmTotals& a, v1::ArmReport* out) {
  out->set_arm(a.name);
  out->set_expected_share(a.expected_share);
  out->set_no_offers(a.no_offers);
  out->set_units(a.units);
  out->set_decisions(a.sums.decisions);
  out->set_ghost_decisions(a.sums.ghost_decisions);
  out->set_offers_shown(a.sums.offers_shown);
  out->set_offers_accepted(a.sums.offers_accepted);
  out->set_orders(a.sums.orders);
  out->set_converted_units(a.converted);
  out->set_revenue(a.sums.revenue);
  out->set_conversion(Ratio(a.converted, a.units));
  out->set_revenue_per_unit(Ratio(a.sums.revenue, a.units));
  out->set_average_order_value(Ratio(a.sums.revenue, a.sums.orders));
  out->set_acceptance_rate(Ratio(a.sums.offers_accepted, a.sums.offers_shown));
  out->set_pre_period_orders(a.sums.pre_orders);
  out->set_pre_period_revenue(a.sums.pre_revenue);
}

void Compare(const ArmTotals& control, const ArmTotals& treatment,
             const ExperimentReportOptions& options, v1::ArmComparison* out) {
  out->set_arm(treatment.name);
  ToLift(stats::CompareProportions({control.converted, control.units},
                                   {treatment.converted, treatment.units}),
         out->mutable_conversion());
  absl::StatusOr<stats::CupedComparison> revenue =
      stats::CompareMeansCuped(control.revenue, treatment.revenue);
  if (revenue.ok()) {
    ToLift(revenue->comparison, out->mutable_revenue_per_unit());
    out->set_cuped_applied(revenue->adjustment.applied);
    out->set_cuped_variance_reduction(revenue->adjustment.variance_reduction);
  } else {
    ToLift(revenue.status(), out->mutable_revenue_per_unit());
  }
  ToLift(stats::CompareRatios(control.aov, treatment.aov),
         out->mutable_average_order_value());
  if (options.sequential) {
    // The mixture is tuned to the variance of the difference at this look
    // (see README "Measuring uplift": fix it in advance for strict
    // validity).
    const double variance =
        control.revenue.variance_y() / std::max<int64_t>(control.units, 1) +
        treatment.revenue.variance_y() / std::max<int64_t>(treatment.units, 1);
    stats::SequentialOptions seq;
    absl::StatusOr<double> tau2 =
        stats::MixingVarianceForHorizon(variance, seq.alpha);
    if (tau2.ok()) {
      seq.mixing_variance = *tau2;
      absl::StatusOr<stats::SequentialInterval> ci =
          stats::AlwaysValidDifference(control.revenue, treatment.revenue,
                                       seq);
      if (ci.ok()) {
        v1::Interval* i = out->mutable_sequential_revenue_per_unit();
        i->set_point(ci->difference);
        i->set_lower(ci->lower);
        i->set_upper(ci->upper);
        i->set_standard_error(ci->standard_error);
        out->set_sequential_p_value(ci->p_value);
      }
    }
  }
}

}  // namespace

absl::StatusOr<v1::GetExperimentReportResponse> BuildExperimentReport(
    const ExperimentPlan& plan, absl::string_view experiment,
    OfferLedger& ledger, const ExperimentReportOptions& options) {
  std::vector<ArmTotals> arms;
  size_t control = 0;
  std::string rule;
  if (experiment == kHoldoutName) {
    if (plan.holdout_share() <= 0) {
      return absl::NotFoundError(
          "experiment: no holdout in the serving rules (rules.textproto "
          "holdout { share: ... })");
    }
    arms.resize(2);
    arms[0].name = std::string(kHoldoutName);
    arms[0].expected_share = plan.realised_holdout_share();
    arms[0].no_offers = true;
    arms[1].name = std::string(kHoldoutRestArm);
    arms[1].expected_share = 1 - plan.realised_holdout_share();
    rule = "no_offers arm";
  } else {
    const Experiment* found = nullptr;
    for (const Experiment& e : plan.experiments()) {
      if (e.name == experiment) found = &e;
    }
    if (found == nullptr) {
      return absl::NotFoundError(absl::StrCat(
          "experiment: no experiment \"", experiment.substr(0, 64),
          "\" in the serving rules"));
    }
    rule = "first arm";
    for (size_t i = 0; i < found->arms.size(); ++i) {
      const ExperimentArm& arm = found->arms[i];
      arms.push_back({});
      arms.back().name = arm.name;
      arms.back().expected_share = arm.realised_share;
      arms.back().no_offers = arm.no_offers;
      if (arm.no_offers && rule != "no_offers arm") {
        control = i;
        rule = "no_offers arm";
      }
    }
  }
  absl::flat_hash_map<std::string, size_t> index;
  for (size_t i = 0; i < arms.size(); ++i) index[arms[i].name] = i;

  int64_t unknown_arm_units = 0;
  absl::Status scanned = ledger.ScanExperiment(
      experiment, [&](absl::string_view arm, const UnitAggregate& unit) {
        if (options.cancel != nullptr &&
            options.cancel->load(std::memory_order_relaxed)) {
          return false;
        }
        if (unit.decisions == 0) return true;  // only pre-period orders yet
        auto it = index.find(arm);
        if (it == index.end()) {
          ++unknown_arm_units;  // an arm since removed from the rules
          return true;
        }
        ArmTotals& a = arms[it->second];
        a.sums.Add(unit);
        ++a.units;
        if (unit.orders > 0) ++a.converted;
        a.revenue.Add(static_cast<double>(unit.revenue),
                      static_cast<double>(unit.pre_revenue));
        a.aov.Add(static_cast<double>(unit.revenue),
                  static_cast<double>(unit.orders));
        return true;
      });
  if (!scanned.ok()) return scanned;

  v1::GetExperimentReportResponse out;
  out.set_experiment(std::string(experiment));
  out.set_control_arm(arms[control].name);
  out.set_control_rule(rule);
  for (const ArmTotals& a : arms) FillArm(a, out.add_arms());
  for (size_t i = 0; i < arms.size(); ++i) {
    if (i == control) continue;
    Compare(arms[control], arms[i], options, out.add_comparisons());
  }
  // Sample ratio: arms with a share (an arm of share 0 expects no unit).
  std::vector<int64_t> observed;
  std::vector<double> shares;
  for (const ArmTotals& a : arms) {
    if (a.expected_share <= 0) continue;
    observed.push_back(a.units);
    shares.push_back(a.expected_share);
  }
  absl::StatusOr<stats::SrmResult> srm =
      stats::TestSampleRatio(observed, shares);
  v1::SampleRatioTest* s = out.mutable_sample_ratio();
  if (srm.ok()) {
    s->set_chi_square(srm->chi_square);
    s->set_p_value(srm->p_value);
    s->set_mismatch(srm->mismatch);
  } else {
    s->set_p_value(1);
    s->set_unavailable(std::string(srm.status().message()));
  }
  if (unknown_arm_units > 0) {
    s->set_unavailable(absl::StrCat(s->unavailable(),
                                    s->unavailable().empty() ? "" : "; ",
                                    unknown_arm_units,
                                    " units are in arms no longer configured"));
  }
  return out;
}

}  // namespace offergraph
