// File: load_phases.h
// -----------------------------------------------------------------------------
// Wall time of each phase of a load (parse, index, sort, checks), recorded by
// the loaders when the caller asks for it, so a slow load can be broken down
// without a profiler.
//
// Example:
//   LoadPhases phases;
//   ... phases.Mark("edges: parse"); ...
//   std::string summary = phases.Summary();  // "edges: parse 2.31 s, ..."
#ifndef OFFERGRAPH_DATA_LOAD_PHASES_H_
#define OFFERGRAPH_DATA_LOAD_PHASES_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace offergraph {

// Each Mark() closes the phase that began at the previous Mark() (or at
// construction). Not thread-safe; cheap enough to call a few dozen times.
class LoadPhases {
 public:
  LoadPhases() : last_(absl::Now()) {}

  void Mark(absl::string_view name) {
    const absl::Time now = absl::Now();
    phases_.emplace_back(std::string(name), now - last_);
    last_ = now;
  }

  const std::vector<std::pair<std::string, absl::Duration>>& phases() const {
    return phases_;
  }

  // "name 1.234 s, name 0.050 s".
  std::string Summary() const {
    std::string out;
    for (const auto& [name, d] : phases_) {
      if (!out.empty()) out += ", ";
      absl::StrAppendFormat(&out, "%s %.3f s", name, absl::ToDoubleSeconds(d));
    }
    return out;
  }

 private:
  absl::Time last_;
  std::vector<std::pair<std::string, absl::Duration>> phases_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_LOAD_PHASES_H_
