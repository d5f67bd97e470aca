#include "offergraph/experiments.h"

#include <cmath>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "data/field_parsers.h"
#include "util/status_macros.h"
#include "xxhash.h"

namespace offergraph {
namespace {

constexpr size_t kMaxSaltBytes = 256;
constexpr char kDefaultHoldoutSalt[] = "offergraph-holdout";

absl::Status Invalid(absl::string_view path, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", what));
}

// [A-Za-z0-9_.-]{1,64}: names become metric labels and report keys.
bool ValidName(absl::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

absl::Status CheckName(absl::string_view path, absl::string_view name) {
  if (ValidName(name)) return absl::OkStatus();
  return Invalid(path, absl::StrFormat("must match [A-Za-z0-9_.-]{1,64}, got "
                                       "\"%s\"",
                                       absl::CHexEscape(name.substr(0, 80))));
}

// An ISO 4217 code (three capital letters), as default_currency.
absl::Status CheckCurrency(absl::string_view path, absl::string_view code) {
  if (IsCurrencyCode(code)) return absl::OkStatus();
  return Invalid(path, absl::StrFormat("must be an ISO 4217 code such as "
                                       "\"USD\", got \"%s\"",
                                       absl::CHexEscape(code.substr(0, 16))));
}

uint64_t Seed(absl::string_view salt) {
  return XXH3_64bits(salt.data(), salt.size());
}

// A 64-bit hash as a number in (0, 1): its top 53 bits, centred.
double OpenUnit(uint64_t h) {
  return (static_cast<double>(h >> 11) + 0.5) * 0x1.0p-53;
}

// Weighted rendezvous score of (bucket, experiment/arm) under `salt`: the
// least score wins; -ln(u) is exponential, so the pair wins with probability
// weight / (sum of weights).
double Score(absl::string_view salt, int bucket, absl::string_view experiment,
             absl::string_view arm, double weight) {
  const std::string key =
      absl::StrCat(salt, absl::string_view("\0", 1), bucket,
                   absl::string_view("\0", 1), experiment, "/", arm);
  return -std::log(OpenUnit(XXH3_64bits(key.data(), key.size()))) / weight;
}

// Checks what an arm's patch may set (rules.proto ExperimentArm.patch).
absl::Status CheckPatch(const std::string& path, const v1::RuleConfig& patch,
                        const RuleParams& base) {
  if (patch.experiments_size() > 0) {
    return Invalid(path + ".experiments[0]",
                   "an arm's patch cannot declare experiments");
  }
  if (patch.has_holdout()) {
    return Invalid(path + ".holdout", "an arm's patch cannot set the holdout");
  }
  if (patch.has_max_cart_lines()) {
    return Invalid(path + ".max_cart_lines",
                   "the same for every arm (a request limit); set it outside "
                   "the experiments");
  }
  if (patch.has_default_currency()) {
    return Invalid(path + ".default_currency",
                   "the same for every arm (it reads the catalog); set it "
                   "outside the experiments");
  }
  if (patch.has_learning()) {
    v1::LearningRules others = patch.learning();
    others.clear_enabled();
    if (others.ByteSizeLong() > 0) {
      return Invalid(path + ".learning",
                     "an arm may set only learning.enabled (the model is "
                     "built once, from the base rules)");
    }
    if (patch.learning().enabled() && !base.learning.enabled) {
      return Invalid(path + ".learning.enabled",
                     "learning is off in the base rules; an arm can turn it "
                     "off, not on");
    }
  }
  return absl::OkStatus();
}

// `base` (without experiments) with `patch` merged over it. The patch's
// channel policies come first, in its order (so an error's index names the
// patch's entry), then the base's for the other channels.
v1::RuleConfig Merge(const v1::RuleConfig& base, const v1::RuleConfig& patch) {
  v1::RuleConfig merged = base;
  v1::RuleConfig rest = patch;
  rest.clear_channel_policy();
  merged.MergeFrom(rest);
  merged.clear_channel_policy();
  for (const v1::ChannelPolicy& cp : patch.channel_policy()) {
    *merged.add_channel_policy() = cp;
  }
  for (const v1::ChannelPolicy& cp : base.channel_policy()) {
    bool replaced = false;
    for (const v1::ChannelPolicy& p : patch.channel_policy()) {
      replaced |= p.channel() == cp.channel();
    }
    if (!replaced) *merged.add_channel_policy() = cp;
  }
  return merged;
}

}  // namespace

int ExperimentPlan::Bucket(absl::string_view salt, absl::string_view unit_key) {
  return static_cast<int>(
      XXH3_64bits_withSeed(unit_key.data(), unit_key.size(), Seed(salt)) %
      kExperimentBuckets);
}

absl::StatusOr<ExperimentPlan> ExperimentPlan::Build(
    const v1::RuleConfig& config) {
  ExperimentPlan plan;
  v1::RuleConfig base = config;
  base.clear_experiments();
  base.clear_holdout();
  absl::StatusOr<RuleParams> base_params = RuleParamsFromConfig(base);
  if (!base_params.ok()) return base_params.status();

  if (config.has_holdout()) {
    const v1::Holdout& h = config.holdout();
    if (!(h.share() >= 0 && h.share() <= 1)) {
      return Invalid("holdout.share",
                     absl::StrFormat("must be in [0, 1], got %g", h.share()));
    }
    if (h.salt().size() > kMaxSaltBytes) {
      return Invalid("holdout.salt", "must be at most 256 bytes");
    }
    plan.holdout_share_ = h.share();
    plan.holdout_buckets_ =
        static_cast<int>(std::llround(h.share() * kExperimentBuckets));
    plan.holdout_seed_ =
        Seed(h.has_salt() ? absl::string_view(h.salt()) : kDefaultHoldoutSalt);
    if (h.has_currency()) {
      RETURN_IF_ERROR(CheckCurrency("holdout.currency", h.currency()));
    }
    if (plan.holdout_buckets_ > 0) {
      plan.revenue_currencies_[kHoldoutName] =
          h.has_currency() ? h.currency() : base_params->default_currency;
    }
  }

  if (config.experiments_size() > kMaxExperiments) {
    return Invalid(absl::StrCat("experiments[", kMaxExperiments, "]"),
                   absl::StrFormat("at most %d experiments, got %d",
                                   kMaxExperiments, config.experiments_size()));
  }
  absl::flat_hash_map<std::string, int> experiment_index;
  absl::flat_hash_map<std::string, int> layer_index;
  std::vector<double> layer_traffic;
  for (int i = 0; i < config.experiments_size(); ++i) {
    const v1::Experiment& e = config.experiments(i);
    const std::string path = absl::StrCat("experiments[", i, "]");
    if (auto s = CheckName(path + ".name", e.name()); !s.ok()) return s;
    if (e.name() == kHoldoutName) {
      return Invalid(path + ".name", "\"holdout\" is reserved for the holdout");
    }
    if (auto [it, added] = experiment_index.try_emplace(e.name(), i); !added) {
      return Invalid(path + ".name",
                     absl::StrFormat("\"%s\" already names experiments[%d]",
                                     e.name(), it->second));
    }
    Experiment out;
    out.name = e.name();
    out.layer = e.has_layer() ? e.layer() : e.name();
    if (auto s = CheckName(path + ".layer", out.layer); !s.ok()) return s;
    out.salt = e.has_salt() ? e.salt() : out.layer;
    if (out.salt.size() > kMaxSaltBytes) {
      return Invalid(path + ".salt", "must be at most 256 bytes");
    }
    if (!v1::ExperimentUnit_IsValid(e.unit())) {
      return Invalid(path + ".unit",
                     absl::StrFormat("unknown unit %d", static_cast<int>(e.unit())));
    }
    out.unit = e.unit() == v1::EXPERIMENT_UNIT_UNSPECIFIED
                   ? v1::UNIT_CUSTOMER_OR_SESSION
                   : e.unit();
    if (e.has_currency()) {
      RETURN_IF_ERROR(CheckCurrency(path + ".currency", e.currency()));
    }
    out.currency =
        e.has_currency() ? e.currency() : base_params->default_currency;
    plan.revenue_currencies_[out.name] = out.currency;
    out.traffic = e.has_traffic() ? e.traffic() : 1.0;
    if (!(out.traffic >= 0 && out.traffic <= 1)) {
      return Invalid(path + ".traffic",
                     absl::StrFormat("must be in [0, 1], got %g", out.traffic));
    }

    if (e.arms_size() == 0) return Invalid(path + ".arms", "at least one arm");
    if (e.arms_size() > kMaxArmsPerExperiment) {
      return Invalid(absl::StrCat(path, ".arms[", kMaxArmsPerExperiment, "]"),
                     absl::StrFormat("at most %d arms, got %d",
                                     kMaxArmsPerExperiment, e.arms_size()));
    }
    double sum = 0;
    absl::flat_hash_map<std::string, int> arm_index;
    for (int j = 0; j < e.arms_size(); ++j) {
      const v1::ExperimentArm& a = e.arms(j);
      const std::string arm_path = absl::StrCat(path, ".arms[", j, "]");
      if (auto s = CheckName(arm_path + ".name", a.name()); !s.ok()) return s;
      if (auto [it, added] = arm_index.try_emplace(a.name(), j); !added) {
        return Invalid(arm_path + ".name",
                       absl::StrFormat("\"%s\" already names arms[%d]",
                                       a.name(), it->second));
      }
      if (!(a.share() >= 0 && a.share() <= 1)) {
        return Invalid(arm_path + ".share",
                       absl::StrFormat("must be in [0, 1], got %g", a.share()));
      }
      sum += a.share();
      const std::string patch_path = arm_path + ".patch";
      if (auto s = CheckPatch(patch_path, a.patch(), *base_params); !s.ok()) {
        return s;
      }
      absl::StatusOr<RuleParams> rules =
          RuleParamsFromConfig(Merge(base, a.patch()));
      if (!rules.ok()) {  // "<patch path>.<field>: what is wrong"
        return absl::InvalidArgumentError(
            absl::StrCat(patch_path, ".", rules.status().message()));
      }
      out.arms.push_back({a.name(), a.share(), 0, 0, a.no_offers(),
                          *std::move(rules)});
    }
    if (std::abs(sum - 1.0) > 1e-9) {
      return Invalid(path + ".arms",
                     absl::StrFormat("shares sum to %.12g; they must sum to 1",
                                     sum));
    }

    // Layers, in the order of their first experiment.
    auto [layer_it, new_layer] =
        layer_index.try_emplace(out.layer, static_cast<int>(plan.layers_.size()));
    if (new_layer) {
      Layer layer;
      layer.name = out.layer;
      layer.salt = out.salt;
      layer.seed = Seed(out.salt);
      layer.unit = out.unit;
      layer.first = i;
      plan.layers_.push_back(std::move(layer));
      layer_traffic.push_back(0);
    } else {
      const Experiment& first = plan.experiments_[static_cast<size_t>(
          plan.layers_[static_cast<size_t>(layer_it->second)].first)];
      if (first.salt != out.salt) {
        return Invalid(path + ".salt",
                       absl::StrFormat("layer \"%s\" has salt \"%s\" (from %s); "
                                       "the experiments of a layer share one",
                                       out.layer, absl::CHexEscape(first.salt),
                                       first.name));
      }
      if (first.unit != out.unit) {
        return Invalid(path + ".unit",
                       absl::StrFormat("layer \"%s\" has unit %s (from %s); "
                                       "the experiments of a layer share one",
                                       out.layer,
                                       v1::ExperimentUnit_Name(first.unit),
                                       first.name));
      }
    }
    double& traffic = layer_traffic[static_cast<size_t>(layer_it->second)];
    traffic += out.traffic;
    if (traffic > 1 + 1e-9) {
      return Invalid(path + ".traffic",
                     absl::StrFormat("the traffic of layer \"%s\" sums to "
                                     "%.12g; at most 1",
                                     out.layer, traffic));
    }
    plan.experiments_.push_back(std::move(out));
  }

  // With a holdout, every order of a unit counts in the holdout report as
  // well as in its experiment's: their currencies must agree.
  if (auto holdout = plan.revenue_currencies_.find(kHoldoutName);
      holdout != plan.revenue_currencies_.end()) {
    for (int i = 0; i < config.experiments_size(); ++i) {
      const Experiment& e = plan.experiments_[static_cast<size_t>(i)];
      if (e.currency == holdout->second) continue;
      return Invalid(
          config.experiments(i).has_currency()
              ? absl::StrCat("experiments[", i, "].currency")
              : std::string("holdout.currency"),
          absl::StrFormat("experiment \"%s\" measures revenue in %s and the "
                          "holdout in %s; with a holdout every order counts "
                          "in both, so they must agree",
                          e.name, e.currency, holdout->second));
    }
  }

  // Bucket tables, and the realised shares they give.
  std::vector<std::vector<int>> counts(plan.experiments_.size());
  for (size_t e = 0; e < plan.experiments_.size(); ++e) {
    counts[e].assign(plan.experiments_[e].arms.size(), 0);
  }
  for (size_t l = 0; l < plan.layers_.size(); ++l) {
    Layer& layer = plan.layers_[l];
    layer.table.assign(kExperimentBuckets, kNone);
    const std::string& salt = layer.salt;
    const double rest = 1.0 - layer_traffic[l];
    for (int b = 0; b < kExperimentBuckets; ++b) {
      double best = rest > 1e-12 ? Score(salt, b, "", "", rest) : HUGE_VAL;
      uint8_t winner = kNone;
      for (size_t e = 0; e < plan.experiments_.size(); ++e) {
        const Experiment& ex = plan.experiments_[e];
        if (ex.layer != layer.name) continue;
        for (size_t a = 0; a < ex.arms.size(); ++a) {
          const double weight = ex.traffic * ex.arms[a].share;
          if (!(weight > 0)) continue;
          const double score = Score(salt, b, ex.name, ex.arms[a].name, weight);
          if (score < best) {
            best = score;
            winner = static_cast<uint8_t>(e * kMaxArmsPerExperiment + a);
          }
        }
      }
      layer.table[static_cast<size_t>(b)] = winner;
      if (winner != kNone) {
        ++counts[winner / kMaxArmsPerExperiment][winner % kMaxArmsPerExperiment];
      }
    }
  }
  for (size_t e = 0; e < plan.experiments_.size(); ++e) {
    Experiment& ex = plan.experiments_[e];
    int total = 0;
    for (int c : counts[e]) total += c;
    ex.realised_traffic = static_cast<double>(total) / kExperimentBuckets;
    for (size_t a = 0; a < ex.arms.size(); ++a) {
      ex.arms[a].realised_share_of_layer =
          static_cast<double>(counts[e][a]) / kExperimentBuckets;
      ex.arms[a].realised_share =
          total > 0 ? static_cast<double>(counts[e][a]) / total : 0.0;
    }
  }
  return plan;
}

Assignment ExperimentPlan::Assign(absl::string_view customer_id,
                                  absl::string_view session_id) const {
  Assignment out;
  if (empty() || (customer_id.empty() && session_id.empty())) return out;
  // The unit keys, in buffers a warm thread reuses.
  thread_local std::string contact;
  thread_local std::string session;
  contact.assign(customer_id.empty() ? "s:" : "c:");
  const absl::string_view id = customer_id.empty() ? session_id : customer_id;
  contact.append(id.data(), id.size());
  if (holdout_buckets_ > 0 &&
      static_cast<int>(XXH3_64bits_withSeed(contact.data(), contact.size(),
                                            holdout_seed_) %
                       kExperimentBuckets) < holdout_buckets_) {
    out.holdout = true;
    return out;
  }
  for (const Layer& layer : layers_) {
    const std::string* key = &contact;
    if (layer.unit == v1::UNIT_SESSION) {
      if (session_id.empty()) continue;
      session.assign("s:");
      session.append(session_id.data(), session_id.size());
      key = &session;
    }
    const uint8_t v = layer.table[XXH3_64bits_withSeed(key->data(), key->size(),
                                                       layer.seed) %
                                  kExperimentBuckets];
    if (v == kNone) continue;
    out.experiment = &experiments_[v / kMaxArmsPerExperiment];
    out.arm = &out.experiment->arms[v % kMaxArmsPerExperiment];
    return out;
  }
  return out;
}

std::optional<Assignment> ExperimentPlan::Find(absl::string_view experiment,
                                               absl::string_view arm) const {
  Assignment out;
  if (experiment == kHoldoutName && arm == kHoldoutName) {
    out.holdout = true;
    return out;
  }
  for (const Experiment& e : experiments_) {
    if (e.name != experiment) continue;
    for (const ExperimentArm& a : e.arms) {
      if (a.name != arm) continue;
      out.experiment = &e;
      out.arm = &a;
      return out;
    }
  }
  return std::nullopt;
}

}  // namespace offergraph
