#include "testing/subprocess.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/time/clock.h"

extern char** environ;

namespace offergraph::testing {
namespace {

void Die(const char* what) {
  std::fprintf(stderr, "subprocess: %s: %s\n", what, std::strerror(errno));
  std::abort();
}

}  // namespace

Subprocess::Subprocess(const std::vector<std::string>& argv) {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) Die("pipe2");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  // The child must not inherit a blocked signal mask from the test.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  if (posix_spawn(&pid_, args[0], &actions, &attr, args.data(), environ) != 0) {
    Die(("posix_spawn " + argv[0]).c_str());
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(out[1]);
  close(err[1]);
  fds_[0] = out[0];
  fds_[1] = err[0];
  fcntl(fds_[0], F_SETFL, O_NONBLOCK);
  fcntl(fds_[1], F_SETFL, O_NONBLOCK);
  pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd_ < 0) Die("pidfd_open");
}

Subprocess::~Subprocess() {
  if (!exit_status_.has_value() && pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  for (int fd : fds_) {
    if (fd >= 0) close(fd);
  }
  if (pidfd_ >= 0) close(pidfd_);
}

void Subprocess::Signal(int sig) {
  if (!exit_status_.has_value()) kill(pid_, sig);
}

bool Subprocess::Pump(absl::Time deadline, int stream,
                      const std::string& needle, std::string* line,
                      bool until_exit) {
  while (true) {
    // Look for a complete line holding the needle in what we have so far.
    if (!until_exit) {
      std::string& text = out_[stream];
      size_t pos = scanned_[stream];
      size_t nl;
      while ((nl = text.find('\n', pos)) != std::string::npos) {
        std::string candidate = text.substr(pos, nl - pos);
        pos = nl + 1;
        scanned_[stream] = pos;
        if (candidate.find(needle) != std::string::npos) {
          *line = candidate;
          return true;
        }
      }
    }
    if (until_exit && exit_status_.has_value() && fds_[0] < 0 && fds_[1] < 0) {
      return true;
    }
    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    pollfd pfds[3];
    int n = 0;
    int which[3];
    for (int s = 0; s < 2; ++s) {
      if (fds_[s] >= 0) {
        pfds[n] = {fds_[s], POLLIN, 0};
        which[n++] = s;
      }
    }
    if (!exit_status_.has_value()) {
      pfds[n] = {pidfd_, POLLIN, 0};
      which[n++] = 2;
    }
    if (n == 0) return until_exit;
    int ms = static_cast<int>(absl::ToInt64Milliseconds(left)) + 1;
    int r = poll(pfds, n, ms);
    if (r < 0 && errno != EINTR) Die("poll");
    for (int i = 0; i < n && r > 0; ++i) {
      if (pfds[i].revents == 0) continue;
      if (which[i] == 2) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) exit_status_ = status;
        continue;
      }
      char buf[4096];
      ssize_t got = read(fds_[which[i]], buf, sizeof(buf));
      if (got > 0) {
        out_[which[i]].append(buf, static_cast<size_t>(got));
      } else if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
        close(fds_[which[i]]);
        fds_[which[i]] = -1;
        if (!until_exit && which[i] == stream) {
          // Stream closed: consume any last unterminated line.
          std::string& text = out_[stream];
          if (scanned_[stream] < text.size()) text.push_back('\n');
          continue;
        }
      }
    }
    if (!until_exit && fds_[stream] < 0 &&
        out_[stream].find('\n', scanned_[stream]) == std::string::npos) {
      return false;
    }
  }
}

std::optional<std::string> Subprocess::WaitForStdoutLine(
    const std::string& needle, absl::Duration timeout) {
  std::string line;
  if (Pump(absl::Now() + timeout, 0, needle, &line, false)) return line;
  return std::nullopt;
}

std::optional<std::string> Subprocess::WaitForStderrLine(
    const std::string& needle, absl::Duration timeout) {
  std::string line;
  if (Pump(absl::Now() + timeout, 1, needle, &line, false)) return line;
  return std::nullopt;
}

std::optional<int> Subprocess::Wait(absl::Duration timeout) {
  std::string unused;
  Pump(absl::Now() + timeout, 0, "", &unused, true);
  return exit_status_;
}

int PickFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0)
    Die("bind");
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

}  // namespace offergraph::testing
