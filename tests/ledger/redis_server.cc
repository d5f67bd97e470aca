#include "ledger/redis_server.h"

#include <signal.h>

#include <string>

#include "gtest/gtest.h"

namespace offergraph::testing {

RedisServer::RedisServer(int port) : port_(port != 0 ? port : PickFreePort()) {
  // setpriv (util-linux) makes the kernel kill Redis if this thread dies
  // without the destructor running (a crashed or aborted test binary), so
  // no redis-server outlives its test.
  auto process = std::make_unique<Subprocess>(std::vector<std::string>{
      "/usr/bin/setpriv", "--pdeathsig", "KILL", "/usr/bin/redis-server",
      "--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "",
      "--appendonly", "no"});
  if (!process->WaitForStdoutLine("Ready to accept connections",
                                  absl::Seconds(10))) {
    ADD_FAILURE() << "redis-server on port " << port_
                  << " did not become ready:\n"
                  << process->stdout_text() << process->stderr_text();
    return;
  }
  process_ = std::move(process);
}

void RedisServer::Kill() {
  if (process_ == nullptr) return;
  process_->Signal(SIGKILL);
  EXPECT_TRUE(process_->Wait(absl::Seconds(10)).has_value());
  process_.reset();
}

}  // namespace offergraph::testing
