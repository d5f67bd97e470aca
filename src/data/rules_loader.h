// File: rules_loader.h
// -----------------------------------------------------------------------------
// Parses rules.textproto (a v1.RuleConfig in protobuf text format) into
// RuleParams with defaults applied.
#ifndef OFFERGRAPH_DATA_RULES_LOADER_H_
#define OFFERGRAPH_DATA_RULES_LOADER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "offergraph/experiments.h"
#include "offergraph/rule_params.h"

namespace offergraph {

// Errors (INVALID_ARGUMENT) read "<filename>:<line>:<column>: <what is
// wrong>" for syntax errors, and "<filename>:<line>:<column>: <field>: <what
// is wrong>" for values out of range or repeated, at the field that is
// wrong (e.g. the second channel_policy for one channel).
absl::StatusOr<RuleParams> ParseRulesTextproto(absl::string_view contents,
                                               absl::string_view filename);

// The rules and their experiments (rules.proto Experiment, Holdout).
struct LoadedRules {
  RuleParams params;
  ExperimentPlan experiments;
};

// As ParseRulesTextproto, and validates and builds the experiments too
// ("rules.textproto:12:7: experiments[0].arms[1].share: must be in [0, 1],
// got 1.5"). An error in an arm's patch points at the patch's field, or at
// the patch when the field that fails is the base's.
absl::StatusOr<LoadedRules> ParseRulesConfig(absl::string_view contents,
                                             absl::string_view filename);

// Reads and parses a file (NOT_FOUND when it does not exist).
absl::StatusOr<RuleParams> LoadRulesFile(const std::string& path);

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_RULES_LOADER_H_
