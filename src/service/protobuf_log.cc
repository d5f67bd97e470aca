#include "service/protobuf_log.h"

#include <utility>

#include "absl/time/time.h"
#include "google/protobuf/stubs/logging.h"
#include "observability/log_throttle.h"
#include "spdlog/spdlog.h"

namespace offergraph {
namespace {

thread_local std::string last_line;

LogThrottle& Throttle() {
  static LogThrottle* throttle = new LogThrottle(absl::Seconds(10));
  return *throttle;
}

void Handle(google::protobuf::LogLevel level, const char* filename, int line,
            const std::string& message) {
  if (level < google::protobuf::LOGLEVEL_WARNING) return;
  last_line = message;
  int64_t suppressed = 0;
  if (Throttle().ShouldLog(&suppressed)) {
    spdlog::warn("libprotobuf: {} ({} more held back in the last 10 s)",
                 message, suppressed);
  }
}

}  // namespace

void InstallProtobufLogHandler() { google::protobuf::SetLogHandler(&Handle); }

std::string TakeLastProtobufLogLine() { return std::exchange(last_line, {}); }

}  // namespace offergraph
