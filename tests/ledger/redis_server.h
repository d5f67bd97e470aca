// File: redis_server.h
// -----------------------------------------------------------------------------
// A throwaway redis-server on a free loopback port, for tests: no
// persistence, started on construction (returns once Redis says it is ready
// to accept connections), killed on destruction.
#ifndef OFFERGRAPH_TESTS_LEDGER_REDIS_SERVER_H_
#define OFFERGRAPH_TESTS_LEDGER_REDIS_SERVER_H_

#include <memory>

#include "testing/subprocess.h"

namespace offergraph::testing {

// Not thread-safe; owned by one test or test environment.
class RedisServer {
 public:
  // Starts on `port`, or on a free port when 0. Fails the current test (and
  // leaves running() false) when Redis does not become ready within 10 s.
  explicit RedisServer(int port = 0);

  int port() const { return port_; }
  bool running() const { return process_ != nullptr; }
  // The process, to stop (SIGSTOP), resume or kill it.
  Subprocess& process() { return *process_; }
  // Kills Redis and waits for it to exit.
  void Kill();

 private:
  int port_;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_LEDGER_REDIS_SERVER_H_
