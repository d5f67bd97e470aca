// File: experiments.h
// -----------------------------------------------------------------------------
// Experiments on the rules (rules.proto Experiment, Holdout): which arm a
// unit (a customer, or a guest session) is in, and the rules each arm's
// decisions follow. Built once per snapshot from rules.textproto; a request
// then costs one XXH3 hash of the unit per layer it tries (and one for the
// holdout) and a table look-up.
//
// Assignment, as documented in README "Experiments":
//   bucket(salt, unit) = XXH3_64bits_withSeed(unit key, XXH3_64bits(salt))
//                        mod 10,000
// where the unit key is "c:<customer id>" or "s:<session id>". In a layer,
// bucket b goes to the (experiment e, arm a) pair, or to "none" (weight
// 1 - sum of the layer's traffic), with the least -ln(u) / weight, where
// weight = traffic(e) * share(a) and u in (0, 1) comes from
//   XXH3_64bits(salt \0 b \0 e "/" a)
// (weighted rendezvous hashing). A pair's score depends only on its own
// weight, so changing one arm's share moves only buckets that enter or leave
// that arm: no unit moves between two arms whose shares stayed the same.
//
// Example:
//   const Assignment a = snapshot.experiments.Assign(customer, session);
//   if (a.arm != nullptr) input.rules = &a.arm->rules;
#ifndef OFFERGRAPH_EXPERIMENTS_H_
#define OFFERGRAPH_EXPERIMENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "offergraph/rule_params.h"
#include "offergraph/v1/rules.pb.h"

namespace offergraph {

inline constexpr int kExperimentBuckets = 10000;
// Bounds on the configuration: experiment and arm names become metric
// labels and report keys.
inline constexpr int kMaxExperiments = 16;
inline constexpr int kMaxArmsPerExperiment = 8;
// The name (experiment and arm) that tags holdout decisions; reserved.
inline constexpr absl::string_view kHoldoutName = "holdout";

struct ExperimentArm {
  std::string name;
  // The configured share of the experiment's units.
  double share = 0;
  // The share of the experiment's buckets this arm holds (what a
  // sample-ratio test should expect), and of all units of the layer.
  double realised_share = 0;
  double realised_share_of_layer = 0;
  // Control: decide and log, show nothing (HOLDOUT).
  bool no_offers = false;
  // The base rules with the arm's patch merged over them.
  RuleParams rules;
};

struct Experiment {
  std::string name;
  std::string layer;
  std::string salt;
  v1::ExperimentUnit unit = v1::UNIT_CUSTOMER_OR_SESSION;
  // Configured and realised share of the layer's units.
  double traffic = 1;
  double realised_traffic = 0;
  std::vector<ExperimentArm> arms;
  // The currency its revenue is measured in (ISO 4217).
  std::string currency;
};

// Where one unit is. Pointers into the ExperimentPlan (valid while it is).
struct Assignment {
  // Both null: in no experiment. In the holdout: both null and holdout set.
  const Experiment* experiment = nullptr;
  const ExperimentArm* arm = nullptr;
  bool holdout = false;

  // The decision is made and logged but not shown.
  bool ghost() const { return holdout || (arm != nullptr && arm->no_offers); }
  absl::string_view experiment_name() const {
    return holdout ? kHoldoutName
                   : experiment != nullptr ? absl::string_view(experiment->name)
                                           : absl::string_view();
  }
  absl::string_view arm_name() const {
    return holdout ? kHoldoutName
                   : arm != nullptr ? absl::string_view(arm->name)
                                    : absl::string_view();
  }
};

// The experiments and holdout of one snapshot. Default: none (every unit
// in no experiment). Thread safety: immutable after Build; safe to share.
// Copying or moving keeps Assign valid for the copy (tables hold indices).
class ExperimentPlan {
 public:
  ExperimentPlan() = default;

  // Validates `config.experiments` and `config.holdout` and precomputes each
  // arm's rules (base = `config` without its experiments) and each layer's
  // bucket table. Errors are INVALID_ARGUMENT whose message starts with the
  // path of the offending field, e.g. "experiments[1].arms[0].share: must be
  // in [0, 1], got 1.5" (the rules loader turns it into file:line:column).
  static absl::StatusOr<ExperimentPlan> Build(const v1::RuleConfig& config);

  // The unit's assignment. Units with neither id are in nothing.
  Assignment Assign(absl::string_view customer_id,
                    absl::string_view session_id) const;

  // The arm named so, for previews ("holdout" and "holdout": the holdout,
  // configured or not); nullopt when there is none.
  std::optional<Assignment> Find(absl::string_view experiment,
                                 absl::string_view arm) const;

  // The bucket, in [0, 10000), of a unit key ("c:<customer id>" or
  // "s:<session id>") under `salt`.
  static int Bucket(absl::string_view salt, absl::string_view unit_key);

  const std::vector<Experiment>& experiments() const { return experiments_; }
  // Configured and realised share of units in the holdout (0 when none).
  double holdout_share() const { return holdout_share_; }
  double realised_holdout_share() const {
    return static_cast<double>(holdout_buckets_) / kExperimentBuckets;
  }
  bool empty() const { return experiments_.empty() && holdout_buckets_ == 0; }
  // The currency each experiment, and "holdout" when there is one, measures
  // revenue in: orders that would count in one in another currency are
  // refused (OrderRecord::revenue_currencies).
  const absl::flat_hash_map<std::string, std::string>& revenue_currencies()
      const {
    return revenue_currencies_;
  }

 private:
  static constexpr uint8_t kNone = 0xff;
  struct Layer {
    std::string name;
    std::string salt;
    uint64_t seed = 0;  // XXH3_64bits(salt)
    int first = 0;      // its first experiment (index)
    v1::ExperimentUnit unit = v1::UNIT_CUSTOMER_OR_SESSION;
    // Per bucket: experiment index * kMaxArmsPerExperiment + arm index, or
    // kNone.
    std::vector<uint8_t> table;
  };

  std::vector<Experiment> experiments_;
  std::vector<Layer> layers_;  // in order of their first experiment
  double holdout_share_ = 0;
  absl::flat_hash_map<std::string, std::string> revenue_currencies_;
  int holdout_buckets_ = 0;
  uint64_t holdout_seed_ = 0;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_EXPERIMENTS_H_
