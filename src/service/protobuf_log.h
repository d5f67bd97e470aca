// File: protobuf_log.h
// -----------------------------------------------------------------------------
// Routes libprotobuf's own log lines into spdlog, throttled, and keeps the
// last one per thread for the code that just called protobuf.
//
// Why: a request with invalid UTF-8 in a string field made libprotobuf write
// one unthrottled "[libprotobuf ERROR ...]" line to stderr per call, so bad
// requests could flood the logs; and the line (which field is wrong) is the
// only place the parse failure is explained. RequestDecodeInterceptor takes
// it to tell the client.
#ifndef OFFERGRAPH_SERVICE_PROTOBUF_LOG_H_
#define OFFERGRAPH_SERVICE_PROTOBUF_LOG_H_

#include <string>

namespace offergraph {

// Installs the handler (process-wide; idempotent). Lines at WARNING and
// above go to spdlog at warning level, at most one per 10 s with the count
// of those held back; lower levels are dropped.
void InstallProtobufLogHandler();

// Returns and clears the last line libprotobuf logged on this thread (empty
// when none since the last call).
std::string TakeLastProtobufLogLine();

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_PROTOBUF_LOG_H_
