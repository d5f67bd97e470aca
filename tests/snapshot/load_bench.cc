// Loads one data directory with LoadSnapshot and prints the load's wall
// time, its phases and the process's peak resident memory, for comparing
// loader builds side by side. Not a test: it asserts nothing.
//
//   load_bench <data_dir>
#include <cstdio>
#include <fstream>
#include <string>

#include "absl/time/time.h"
#include "offergraph/snapshot_loader.h"

namespace {

// The value of a "Name:   123 kB" line of /proc/self/status, in kB.
long StatusKb(const std::string& name) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, name.size() + 1, name + ":") == 0) {
      return std::stol(line.substr(name.size() + 1));
    }
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <data_dir>\n", argv[0]);
    return 2;
  }
  offergraph::SnapshotLoadOptions options;
  options.data_dir = argv[1];
  auto snapshot = offergraph::LoadSnapshot(options, 1);
  if (!snapshot.ok()) {
    std::fprintf(stderr, "%s\n", snapshot.status().ToString().c_str());
    return 1;
  }
  const offergraph::Snapshot& s = **snapshot;
  std::printf(
      "load_s=%.3f peak_rss_gib=%.3f rss_gib=%.3f products=%zu cross=%zu "
      "upsell=%zu version=%s\nphases: %s\n",
      absl::ToDoubleSeconds(s.load_duration), StatusKb("VmHWM") / 1048576.0,
      StatusKb("VmRSS") / 1048576.0, s.catalog.size(),
      s.graph.edge_count(offergraph::EdgeKind::kCrossSell),
      s.graph.edge_count(offergraph::EdgeKind::kUpsell), s.version.c_str(),
      s.load_phases.c_str());
  return 0;
}
