// File: resources.h
// -----------------------------------------------------------------------------
// Wall time and peak resident memory (getrusage) for tool summaries and
// benchmarks.
#ifndef OFFERGRAPH_MINE_RESOURCES_H_
#define OFFERGRAPH_MINE_RESOURCES_H_

#include <sys/resource.h>

#include <cstdint>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace offergraph::mine {

// Peak resident set size of this process so far, in bytes.
inline int64_t PeakRssBytes() {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
  return static_cast<int64_t>(ru.ru_maxrss) * 1024;  // Linux: KiB
}

// Seconds since construction. Not thread-safe.
class Stopwatch {
 public:
  Stopwatch() : start_(absl::Now()) {}
  double Seconds() const { return absl::ToDoubleSeconds(absl::Now() - start_); }

 private:
  absl::Time start_;
};

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_RESOURCES_H_
