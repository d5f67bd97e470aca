#include "sim/off_policy.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "offergraph/engine.h"
#include "stats/distributions.h"
#include "stats/moments.h"

namespace offergraph::sim {
namespace {

// A mean with its normal interval for the critical value z.
stats::Estimate MeanEstimate(const stats::Moments& m, double z) {
  stats::Estimate e;
  e.point = m.mean_y();
  e.standard_error =
      std::sqrt(m.variance_y() / static_cast<double>(std::max<int64_t>(1, m.n())));
  e.lower = e.point - z * e.standard_error;
  e.upper = e.point + z * e.standard_error;
  return e;
}

// Self-normalised: sum(Y) / sum(W) * scale, delta-method interval.
absl::StatusOr<stats::Estimate> RatioEstimate(const stats::RatioMoments& m,
                                              double scale, double z) {
  absl::StatusOr<stats::ArmEstimate> arm = stats::RatioArm(m);
  if (!arm.ok()) return arm.status();
  stats::Estimate e;
  e.point = arm->estimate * scale;
  e.standard_error =
      std::sqrt(arm->unit_variance / static_cast<double>(arm->n)) * scale;
  e.lower = e.point - z * e.standard_error;
  e.upper = e.point + z * e.standard_error;
  return e;
}

// The reward model: per sku, the mean acceptance of its logged showings.
class RewardModel {
 public:
  explicit RewardModel(absl::Span<const LoggedDecision> log) {
    int64_t shown = 0, accepted = 0;
    for (const LoggedDecision& d : log) {
      for (const LoggedOffer& o : d.offers) {
        Counts& c = counts_[o.sku];
        ++c.shown;
        c.accepted += o.accepted ? 1 : 0;
        ++shown;
        accepted += o.accepted ? 1 : 0;
      }
    }
    overall_ = shown == 0 ? 0 : static_cast<double>(accepted) / shown;
  }
  double Acceptance(const std::string& sku) const {
    auto it = counts_.find(sku);
    return it == counts_.end()
               ? overall_
               : static_cast<double>(it->second.accepted) / it->second.shown;
  }

 private:
  struct Counts {
    int64_t shown = 0;
    int64_t accepted = 0;
  };
  absl::flat_hash_map<std::string, Counts> counts_;
  double overall_ = 0;
};

}  // namespace

absl::StatusOr<std::vector<CandidateSlate>> CandidateSlates(
    const Snapshot& snapshot, const RuleParams& rules,
    absl::Span<const LoggedDecision> log) {
  std::vector<CandidateSlate> slates;
  slates.reserve(log.size());
  DecisionInput input;
  input.channel = v1::CHECKOUT;
  input.want_cross_sell = true;
  input.want_upsell = true;
  // The simulated customers answer product offers: no bundles or quantity
  // offers (README "Deals"), which RankedOffer::product does not name.
  input.want_bundle = false;
  input.want_quantity = false;
  input.rules = &rules;
  const ContactHistory no_history;
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  for (size_t i = 0; i < log.size(); ++i) {
    input.cart.clear();
    for (const std::string& sku : log[i].cart) {
      const ProductId p = snapshot.catalog.Find(sku);
      if (p == kNoProduct) {
        return absl::InvalidArgumentError(
            absl::StrFormat("decision %d (session %d): cart sku \"%s\" is not "
                            "in the catalog",
                            i + 1, log[i].session, sku));
      }
      input.cart.push_back({p, 1});
    }
    const Decision d = Decide(snapshot, input, no_history, now);
    CandidateSlate slate;
    for (const RankedOffer& offer : d.offers) {
      slate.push_back({snapshot.catalog.product(offer.product).sku,
                       snapshot.catalog.facts(offer.product).price});
    }
    slates.push_back(std::move(slate));
  }
  return slates;
}

absl::StatusOr<OpeReport> EstimateOffPolicy(
    absl::Span<const LoggedDecision> log,
    absl::Span<const CandidateSlate> slates, double confidence) {
  if (log.size() != slates.size()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%d logged decisions but %d candidate slates",
                        log.size(), slates.size()));
  }
  if (log.size() < 2) {
    return absl::InvalidArgumentError("need at least 2 logged decisions");
  }
  if (!(confidence > 0 && confidence < 1)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("confidence: must be in (0, 1), got %g", confidence));
  }
  const double z = stats::NormalQuantile(1 - (1 - confidence) / 2);
  const RewardModel model(log);
  OpeReport r;
  r.decisions = static_cast<int64_t>(log.size());
  stats::Moments ips_acc, ips_rev, dr_acc, dr_rev;
  stats::RatioMoments sn_acc, sn_rev;
  double slate_sum = 0;
  for (size_t i = 0; i < log.size(); ++i) {
    const CandidateSlate& slate = slates[i];
    slate_sum += static_cast<double>(slate.size());
    double y_acc = 0, y_rev = 0, w = 0, d_acc = 0, d_rev = 0;
    for (const CandidateOffer& c : slate) {
      const double m = model.Acceptance(c.sku);
      const double price = static_cast<double>(c.price) / 100;
      d_acc += m;
      d_rev += m * price;
    }
    for (const LoggedOffer& o : log[i].offers) {
      ++r.showings;
      bool in_slate = false;
      for (const CandidateOffer& c : slate) in_slate |= c.sku == o.sku;
      if (!in_slate) continue;
      ++r.matched_showings;
      const double inv = 1 / o.probability;
      const double acc = o.accepted ? 1 : 0;
      const double rev = acc * static_cast<double>(o.price) / 100;
      const double m = model.Acceptance(o.sku);
      y_acc += acc * inv;
      y_rev += rev * inv;
      w += inv;
      d_acc += (acc - m) * inv;
      d_rev += (rev - m * static_cast<double>(o.price) / 100) * inv;
    }
    ips_acc.Add(y_acc);
    ips_rev.Add(y_rev);
    sn_acc.Add(y_acc, w);
    sn_rev.Add(y_rev, w);
    dr_acc.Add(d_acc);
    dr_rev.Add(d_rev);
  }
  if (r.matched_showings == 0) {
    return absl::InvalidArgumentError(
        "no logged showing of any offer the candidate shows: the log has no "
        "support for it");
  }
  r.mean_slate = slate_sum / static_cast<double>(log.size());
  r.accepted.ips = MeanEstimate(ips_acc, z);
  r.revenue.ips = MeanEstimate(ips_rev, z);
  r.accepted.dr = MeanEstimate(dr_acc, z);
  r.revenue.dr = MeanEstimate(dr_rev, z);
  absl::StatusOr<stats::Estimate> e = RatioEstimate(sn_acc, r.mean_slate, z);
  if (!e.ok()) return e.status();
  r.accepted.snips = *e;
  e = RatioEstimate(sn_rev, r.mean_slate, z);
  if (!e.ok()) return e.status();
  r.revenue.snips = *e;
  return r;
}

stats::Estimate MeanInterval(const stats::Moments& m, double confidence) {
  return MeanEstimate(m, stats::NormalQuantile(1 - (1 - confidence) / 2));
}

std::string FormatOpeReport(const OpeReport& r) {
  std::string out = absl::StrFormat(
      "decisions %d, candidate offers per decision %.4f, logged showings the "
      "candidate also shows %d of %d\n"
      "%-6s | %-36s | %-36s\n",
      r.decisions, r.mean_slate, r.matched_showings, r.showings, "",
      "acceptances per decision [95% CI]", "revenue per decision [95% CI]");
  auto row = [&](const char* name, const stats::Estimate& a,
                 const stats::Estimate& v) {
    out += absl::StrFormat("%-6s | %.5f [%.5f, %.5f]%6s | %.5f [%.5f, %.5f]\n",
                           name, a.point, a.lower, a.upper, "", v.point,
                           v.lower, v.upper);
  };
  row("IPS", r.accepted.ips, r.revenue.ips);
  row("SNIPS", r.accepted.snips, r.revenue.snips);
  row("DR", r.accepted.dr, r.revenue.dr);
  if (r.mean_slate > 0) {
    out += absl::StrFormat(
        "acceptance rate per offer shown (DR / offers per decision): %.5f "
        "[%.5f, %.5f]\n",
        r.accepted.dr.point / r.mean_slate, r.accepted.dr.lower / r.mean_slate,
        r.accepted.dr.upper / r.mean_slate);
  }
  return out;
}

}  // namespace offergraph::sim
