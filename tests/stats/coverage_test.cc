// Monte Carlo checks that the intervals mean what they say: over many
// simulated experiments with a known truth, a 95% interval holds the truth
// about 95% of the time, and the always-valid interval keeps its promise
// when it is looked at after every batch of units.
//
// Each test runs kRuns (2000) experiments from a fixed seed, so it is
// deterministic. The coverage of a correct 95% procedure over 2000 runs is
// binomial with standard error sqrt(0.95 * 0.05 / 2000) = 0.0049. The
// coverage checks accept 0.95 -+ 3 standard errors, [0.9354, 0.9646], not 2:
// there are eight of them, and at 2 standard errors a correct procedure
// fails at least one for about 3 seeds in 10 (the first seeds tried here
// failed two: conversion relative lift 0.9605, A/A revenue 0.9625, which
// reruns with 40,000 runs put at 0.9497 and 0.9511), so a passing seed would
// have been chosen rather than measured. At 3 standard errors the family
// fails about 2% of seeds, and a procedure 1.5 points off still fails. The
// peeking test's bound is one-sided and keeps 5% + 2 standard errors.
// A failure after a change of seed or of a distribution's draws wants a
// rerun with many more runs (set kRuns) before anything is concluded.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>

#include "gtest/gtest.h"
#include "stats/cuped.h"
#include "stats/lift.h"
#include "stats/moments.h"
#include "stats/sequential.h"

namespace offergraph::stats {
namespace {

constexpr int kRuns = 2000;

// How many of `runs` experiments had the event.
struct Tally {
  int hits = 0;
  int runs = 0;
  void Count(bool hit) {
    hits += hit;
    ++runs;
  }
  double Rate() const { return static_cast<double>(hits) / runs; }
};

double BinomialSe(double p, int runs) { return std::sqrt(p * (1 - p) / runs); }

// Prints the measured rate and expects it within 3 standard errors of
// `target`.
void ExpectRate(const char* what, const Tally& tally, double target) {
  const double se = BinomialSe(target, tally.runs);
  std::printf("[coverage] %-44s %.4f (target %.2f -+ %.4f, %d runs)\n", what,
              tally.Rate(), target, 3 * se, tally.runs);
  EXPECT_NEAR(tally.Rate(), target, 3 * se) << what;
}

bool Covers(const Estimate& e, double truth) {
  return e.lower <= truth && truth <= e.upper;
}

// Revenue of one customer: converts with probability `conversion`, then
// spends a log-normal amount (median e^3 = 20, mean e^3.5 = 33.1): the
// skewed, mostly-zero shape of real order revenue.
double Revenue(std::mt19937_64& rng, double conversion) {
  std::bernoulli_distribution converts(conversion);
  std::lognormal_distribution<double> spend(3, 1);
  return converts(rng) ? spend(rng) : 0;
}

// Welch intervals for revenue per customer, 4000 customers per arm,
// conversion 10% against 12%: true means 0.10 e^3.5 and 0.12 e^3.5, true
// relative lift 0.2. Also A/A: the interval should hold 0 95% of the time.
// The sample is large because the data are skewed: with 1000 customers per
// arm (about 100 buyers) the delta-method relative-lift interval covered
// only 0.939 over 40,000 runs; with 4000, 0.949 (the difference: 0.954 and
// 0.954).
TEST(CoverageTest, MeanDifferenceAndRelativeLift) {
  std::mt19937_64 rng(20240601);
  const double mean_spend = std::exp(3.5);
  const double truth = (0.12 - 0.10) * mean_spend;
  Tally absolute;
  Tally relative;
  Tally null;
  for (int run = 0; run < kRuns; ++run) {
    Moments control;
    Moments treatment;
    Moments placebo;
    for (int i = 0; i < 4000; ++i) {
      control.Add(Revenue(rng, 0.10));
      treatment.Add(Revenue(rng, 0.12));
      placebo.Add(Revenue(rng, 0.10));
    }
    absl::StatusOr<Comparison> ab = CompareMeans(control, treatment);
    absl::StatusOr<Comparison> aa = CompareMeans(control, placebo);
    ASSERT_TRUE(ab.ok() && aa.ok());
    absolute.Count(Covers(ab->absolute, truth));
    relative.Count(Covers(*ab->relative, 0.2));
    null.Count(Covers(aa->absolute, 0));
  }
  ExpectRate("revenue/customer: difference, A/B", absolute, 0.95);
  ExpectRate("revenue/customer: relative lift, A/B", relative, 0.95);
  ExpectRate("revenue/customer: difference, A/A", null, 0.95);
}

// Conversion 10% against 12% with 2000 customers per arm. Runs are cheap
// here (two binomial draws each), so ten times more of them: the band is
// 0.95 -+ 0.0046.
TEST(CoverageTest, Proportions) {
  constexpr int kProportionRuns = 10 * kRuns;
  std::mt19937_64 rng(20240602);
  std::binomial_distribution<int64_t> control_draw(2000, 0.10);
  std::binomial_distribution<int64_t> treatment_draw(2000, 0.12);
  Tally absolute;
  Tally relative;
  Tally null;
  for (int run = 0; run < kProportionRuns; ++run) {
    const ProportionCounts control{control_draw(rng), 2000};
    const ProportionCounts treatment{treatment_draw(rng), 2000};
    const ProportionCounts placebo{control_draw(rng), 2000};
    absl::StatusOr<Comparison> ab = CompareProportions(control, treatment);
    absl::StatusOr<Comparison> aa = CompareProportions(control, placebo);
    ASSERT_TRUE(ab.ok() && aa.ok());
    absolute.Count(Covers(ab->absolute, 0.02));
    relative.Count(Covers(*ab->relative, 0.2));
    null.Count(aa->p_value >= 0.05);
  }
  ExpectRate("conversion: difference, A/B", absolute, 0.95);
  ExpectRate("conversion: relative lift, A/B", relative, 0.95);
  ExpectRate("conversion: z-test p >= 0.05, A/A", null, 0.95);
}

// Revenue per decision, randomised by customer: 1000 customers per arm,
// each with 1 + Poisson(2) decisions and a taste g ~ Gamma(2, 0.5) (mean 1)
// shared by all its decisions; each decision earns g times an exponential
// amount with mean 10 (control) or 11 (treatment). Decisions and taste are
// independent, so the true ratios are 10 and 11 (relative lift 0.1).
// Treating decisions as independent units ignores the shared taste and must
// cover clearly less than 95%; the delta method over customers must not.
TEST(CoverageTest, RatioMetricDeltaMethod) {
  std::mt19937_64 rng(20240603);
  std::poisson_distribution<int> extra_decisions(2);
  std::gamma_distribution<double> taste(2, 0.5);
  auto simulate = [&](double mean_amount, RatioMoments& per_customer,
                      Moments& per_decision) {
    std::exponential_distribution<double> amount(1 / mean_amount);
    for (int customer = 0; customer < 1000; ++customer) {
      const double g = taste(rng);
      const int decisions = 1 + extra_decisions(rng);
      double revenue = 0;
      for (int d = 0; d < decisions; ++d) {
        const double r = g * amount(rng);
        revenue += r;
        per_decision.Add(r);
      }
      per_customer.Add(revenue, decisions);
    }
  };
  Tally absolute;
  Tally relative;
  Tally naive;
  for (int run = 0; run < kRuns; ++run) {
    RatioMoments control;
    RatioMoments treatment;
    Moments control_decisions;
    Moments treatment_decisions;
    simulate(10, control, control_decisions);
    simulate(11, treatment, treatment_decisions);
    absl::StatusOr<Comparison> delta = CompareRatios(control, treatment);
    absl::StatusOr<Comparison> iid =
        CompareMeans(control_decisions, treatment_decisions);
    ASSERT_TRUE(delta.ok() && iid.ok());
    absolute.Count(Covers(delta->absolute, 1));
    relative.Count(Covers(*delta->relative, 0.1));
    naive.Count(Covers(iid->absolute, 1));
  }
  ExpectRate("revenue/decision: delta difference", absolute, 0.95);
  ExpectRate("revenue/decision: delta relative lift", relative, 0.95);
  std::printf("[coverage] %-44s %.4f (must be < 0.92)\n",
              "revenue/decision: decisions as units", naive.Rate());
  EXPECT_LT(naive.Rate(), 0.92);
}

// Pre-period revenue X ~ Gamma(2, 5) (mean 10, variance 50); Y = 0.8 X +
// N(0, 3^2) + effect, effect 0 (control) or 0.5 (treatment); 500 customers
// per arm. corr(Y, X)^2 = 32 / 41, so CUPED should shrink the standard error
// to about sqrt(9 / 41) = 0.47 of the plain one while still covering 95%.
TEST(CoverageTest, Cuped) {
  std::mt19937_64 rng(20240604);
  std::gamma_distribution<double> pre(2, 5);
  std::normal_distribution<double> noise(0, 3);
  Tally covered;
  double se_ratio_sum = 0;
  for (int run = 0; run < kRuns; ++run) {
    Moments control;
    Moments treatment;
    for (int i = 0; i < 500; ++i) {
      const double x = pre(rng);
      control.Add(0.8 * x + noise(rng), x);
      const double x2 = pre(rng);
      treatment.Add(0.8 * x2 + noise(rng) + 0.5, x2);
    }
    absl::StatusOr<CupedComparison> cuped =
        CompareMeansCuped(control, treatment);
    absl::StatusOr<Comparison> plain = CompareMeans(control, treatment);
    ASSERT_TRUE(cuped.ok() && plain.ok());
    ASSERT_TRUE(cuped->adjustment.applied);
    covered.Count(Covers(cuped->comparison.absolute, 0.5));
    se_ratio_sum += cuped->comparison.absolute.standard_error /
                    plain->absolute.standard_error;
  }
  ExpectRate("CUPED difference", covered, 0.95);
  const double se_ratio = se_ratio_sum / kRuns;
  std::printf("[coverage] %-44s %.4f (expected about 0.47)\n",
              "CUPED se / plain se", se_ratio);
  EXPECT_NEAR(se_ratio, std::sqrt(9.0 / 41), 0.02);
}

// A/A tests monitored continuously: after every 20 customers per arm, up
// to 1000 (50 looks), an analyst checks whether the interval excludes 0 and
// stops if so. Spend is exponential (mean 1, variance 1) in both arms. The
// always-valid interval (tuned for the last look: V* = 2 / 1000) must stop
// at most 5% of the experiments (plus 2 standard errors, 0.0597); the fixed
// 95% Welch interval under the same peeking stops far more of them.
TEST(CoverageTest, AlwaysValidUnderPeeking) {
  std::mt19937_64 rng(20240605);
  std::exponential_distribution<double> spend(1);
  SequentialOptions options;
  absl::StatusOr<double> tau2 = MixingVarianceForHorizon(2.0 / 1000, 0.05);
  ASSERT_TRUE(tau2.ok());
  options.mixing_variance = *tau2;
  Tally sequential;
  Tally fixed;
  Tally sequential_at_end;
  for (int run = 0; run < kRuns; ++run) {
    Moments control;
    Moments treatment;
    bool sequential_stopped = false;
    bool fixed_stopped = false;
    for (int look = 1; look <= 50; ++look) {
      for (int i = 0; i < 20; ++i) {
        control.Add(spend(rng));
        treatment.Add(spend(rng));
      }
      absl::StatusOr<SequentialInterval> s =
          AlwaysValidDifference(control, treatment, options);
      absl::StatusOr<Comparison> f = CompareMeans(control, treatment);
      ASSERT_TRUE(s.ok() && f.ok());
      // The always-valid interval contains the fixed one at every look.
      ASSERT_LE(s->lower, f->absolute.lower);
      ASSERT_GE(s->upper, f->absolute.upper);
      sequential_stopped |= s->lower > 0 || s->upper < 0;
      fixed_stopped |= !Covers(f->absolute, 0);
      if (look == 50) sequential_at_end.Count(s->lower > 0 || s->upper < 0);
    }
    sequential.Count(sequential_stopped);
    fixed.Count(fixed_stopped);
  }
  const double limit = 0.05 + 2 * BinomialSe(0.05, kRuns);
  std::printf("[coverage] %-44s %.4f (must be <= %.4f)\n",
              "A/A false positives, always-valid, 50 looks", sequential.Rate(),
              limit);
  std::printf("[coverage] %-44s %.4f (must be > 0.15)\n",
              "A/A false positives, fixed 95%, 50 looks", fixed.Rate());
  std::printf("[coverage] %-44s %.4f\n",
              "A/A false positives, always-valid, last look",
              sequential_at_end.Rate());
  EXPECT_LE(sequential.Rate(), limit);
  EXPECT_GT(fixed.Rate(), 0.15);
}

}  // namespace
}  // namespace offergraph::stats
