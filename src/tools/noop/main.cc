// offergraph-noop-server: the floor. Serves OfferService.Suggest with a
// prebuilt response through the same gRPC settings as offergraph-server.
// Prints "offergraph-noop-server ready grpc_port=N" on stdout; stops on
// SIGTERM or SIGINT.
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/synchronization/mutex.h"
#include "tools/noop_server.h"
#include "util/program_flags.h"

ABSL_FLAG(std::string, grpc_address, "127.0.0.1:50061",
          "Address to listen on (port 0 picks a free one).");

int main(int argc, char** argv) {
  // As in offergraph-server (src/server/main.cc), so the floor runs the same
  // gRPC stack.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // Block the stop signals before gRPC starts threads; one thread waits.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  offergraph::ParseProgramFlags(
      argc, argv,
      "No-op OfferService.Suggest server (benchmark floor).\n"
      "Usage: offergraph-noop-server [--grpc_address=HOST:PORT]");
  auto server =
      offergraph::tools::NoopServer::Start(absl::GetFlag(FLAGS_grpc_address));
  if (!server.ok()) {
    std::fprintf(stderr, "offergraph-noop-server: %s\n",
                 std::string(server.status().message()).c_str());
    return 1;
  }
  std::printf("offergraph-noop-server ready grpc_port=%d\n", (*server)->port());
  std::fflush(stdout);
  std::thread stopper([&server, &set] {
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    (*server)->Shutdown();
  });
  (*server)->Wait();
  stopper.join();
  return 0;
}
