// File: subprocess.h
// -----------------------------------------------------------------------------
// Runs a program with its stdout and stderr captured through pipes, for tests
// that exercise real binaries (the server, the miner). Waits are event-driven:
// poll() on the pipes and on a pidfd, each with a deadline so a broken
// program fails the test instead of hanging it.
#ifndef OFFERGRAPH_TESTS_TESTING_SUBPROCESS_H_
#define OFFERGRAPH_TESTS_TESTING_SUBPROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace offergraph::testing {

// Owns one child process; kills it (SIGKILL) if still running on destruction.
// Not thread-safe.
class Subprocess {
 public:
  // Starts argv[0] (a path) with the given arguments. Aborts if it cannot.
  explicit Subprocess(const std::vector<std::string>& argv);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }

  // Reads stdout until a line containing `needle` arrives (returns it), the
  // stream closes or the timeout passes (returns nullopt). Everything read is
  // kept in stdout_text().
  std::optional<std::string> WaitForStdoutLine(const std::string& needle,
                                               absl::Duration timeout);
  // Likewise for stderr.
  std::optional<std::string> WaitForStderrLine(const std::string& needle,
                                               absl::Duration timeout);

  // Sends a signal.
  void Signal(int sig);
  // Waits for the process to exit; returns its wait status, or nullopt on
  // timeout. Drains both pipes meanwhile.
  std::optional<int> Wait(absl::Duration timeout);

  const std::string& stdout_text() const { return out_[0]; }
  const std::string& stderr_text() const { return out_[1]; }

 private:
  // Reads whatever is available on the pipes until `done` or the deadline.
  bool Pump(absl::Time deadline, int stream, const std::string& needle,
            std::string* line, bool until_exit);

  pid_t pid_ = -1;
  int pidfd_ = -1;
  int fds_[2] = {-1, -1};  // stdout, stderr read ends
  std::string out_[2];
  size_t scanned_[2] = {0, 0};
  std::optional<int> exit_status_;
};

// A free TCP port on 127.0.0.1 (bound and released; for programs such as
// redis-server that cannot pick one themselves).
int PickFreePort();

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_TESTING_SUBPROCESS_H_
