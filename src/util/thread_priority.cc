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

void SetThreadPriority(BackgroundPriority priority) {
  switch (priority) {
    case BackgroundPriority::kIdle: {
      sched_param param{};
      sched_setscheduler(0, SCHED_IDLE, &param);
      return;
    }
    case BackgroundPriority::kLowest:
      setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
      return;
    case BackgroundPriority::kLow:
      setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
      return;
    case BackgroundPriority::kNormal:
      return;
  }
}

}  // namespace offergraph
