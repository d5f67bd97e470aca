#include "util/thread_priority.h"

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace offergraph {

bool ParseBackgroundPriority(absl::string_view text, BackgroundPriority* out) {
  if (text == "idle") {
    *out = BackgroundPriority::kIdle;
  } else if (text == "lowest") {
    *out = BackgroundPriority::kLowest;
  } else if (text == "low") {
    *out = BackgroundPriority::kLow;
  } else if (text == "normal") {
    *out = BackgroundPriority::kNormal;
  } else {
    return false;
  }
  return true;
}

int CurrentThreadId() { return static_cast<int>(syscall(SYS_gettid)); }

void SetThreadPriorityOf(int tid, BackgroundPriority priority) {
  const auto nice_and_other = [tid](int nice) {
    // The nice value first: an unprivileged thread may leave SCHED_IDLE only
    // for a nice value its RLIMIT_NICE allows.
    setpriority(PRIO_PROCESS, static_cast<id_t>(tid), nice);
    sched_param param{};
    sched_setscheduler(tid, SCHED_OTHER, &param);
  };
  switch (priority) {
    case BackgroundPriority::kIdle: {
      sched_param param{};
      sched_setscheduler(tid, SCHED_IDLE, &param);
      return;
    }
    case BackgroundPriority::kLowest:
      nice_and_other(19);
      return;
    case BackgroundPriority::kLow:
      nice_and_other(10);
      return;
    case BackgroundPriority::kNormal:
      return;
  }
}

void SetThreadPriority(BackgroundPriority priority) {
  SetThreadPriorityOf(CurrentThreadId(), priority);
}

}  // namespace offergraph
