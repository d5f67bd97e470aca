// File: thread_priority.h
// -----------------------------------------------------------------------------
// The CPU priority of a background thread (snapshot reloads, propensity
// model refreshes), so that its work does not take cores from requests.
#ifndef OFFERGRAPH_UTIL_THREAD_PRIORITY_H_
#define OFFERGRAPH_UTIL_THREAD_PRIORITY_H_

#include "absl/strings/string_view.h"

namespace offergraph {

enum class BackgroundPriority {
  // SCHED_IDLE: runs only on CPU time no other thread wants; a request
  // thread preempts it at once. Background work under load takes several
  // times as long, and does not finish while the cores are saturated.
  kIdle,
  // nice 19: request threads win all but about 1.5% of a contended core;
  // the work still progresses (slowly) under saturation.
  kLowest,
  // nice 10: request threads win most of the CPU; the work still
  // progresses under saturation.
  kLow,
  // The server's own priority.
  kNormal,
};

// "idle", "lowest", "low" or "normal"; false for anything else.
bool ParseBackgroundPriority(absl::string_view text, BackgroundPriority* out);

// Applies `priority` to the calling thread (Linux: scheduling policy and
// nice value are per thread). Best effort: a container may forbid it.
void SetThreadPriority(BackgroundPriority priority);

// The calling thread's id, for SetThreadPriorityOf.
int CurrentThreadId();

// Applies `priority` to thread `tid` of this process (from another
// thread): from idle to lowest and back, say. kNormal leaves it as it is.
void SetThreadPriorityOf(int tid, BackgroundPriority priority);

}  // namespace offergraph

#endif  // OFFERGRAPH_UTIL_THREAD_PRIORITY_H_
