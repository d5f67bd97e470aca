#include "util/program_flags.h"

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"

namespace offergraph {
namespace {

// Flags of this program (any file of ours), not Abseil's --flagfile,
// --fromenv and the like, which --helpfull still lists.
bool IsProgramFlagFile(absl::string_view file) {
  return !absl::StrContains(file, "absl/");
}

}  // namespace

std::vector<char*> ParseProgramFlags(int argc, char** argv,
                                     absl::string_view usage) {
  absl::FlagsUsageConfig config;
  config.contains_helpshort_flags = &IsProgramFlagFile;
  config.contains_help_flags = &IsProgramFlagFile;
  absl::SetFlagsUsageConfig(config);
  absl::SetProgramUsageMessage(usage);
  return absl::ParseCommandLine(argc, argv);
}

}  // namespace offergraph
