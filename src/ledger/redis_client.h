// File: redis_client.h
// -----------------------------------------------------------------------------
// A small synchronous Redis client on hiredis: a pool of connections, binary-
// safe commands and pipelines, and Redis failures as absl::Status
// (UNAVAILABLE for connection problems and timeouts, INTERNAL for error
// replies).
//
// Example:
//   RedisClient redis("127.0.0.1", 6379, options);
//   ASSIGN_OR_RETURN(RedisReply r, redis.Run({"GET", key}));
#ifndef OFFERGRAPH_LEDGER_REDIS_CLIENT_H_
#define OFFERGRAPH_LEDGER_REDIS_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "util/mutex.h"

struct redisContext;
struct redisReply;

namespace offergraph {

struct RedisReplyDeleter {
  void operator()(redisReply* reply) const;
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

// INTERNAL naming the command: Redis's error text, or the reply's type when
// it is not the one expected.
absl::Status RedisReplyError(absl::string_view what, const redisReply* reply);

// Thread-safe: each call checks a connection out of the pool (or opens one)
// and returns it afterwards unless it broke. Owns its connections.
class RedisClient {
 public:
  RedisClient(std::string host, int port, absl::Duration connect_timeout,
              absl::Duration command_timeout, int pool_size);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Runs one command; an error reply is INTERNAL.
  absl::StatusOr<RedisReply> Run(const std::vector<std::string>& args);

  // Sends the commands in one round trip and returns their replies in
  // order. Error replies are returned as replies, not as a status.
  absl::StatusOr<std::vector<RedisReply>> RunPipeline(
      const std::vector<std::vector<std::string>>& commands);

 private:
  // An idle connection, or a new one (waiting at most `max_wait` or the
  // connect timeout, whichever is shorter).
  absl::StatusOr<redisContext*> Acquire(absl::Duration max_wait);
  void Release(redisContext* c, bool healthy);
  absl::Status Broken(redisContext* c, absl::string_view what);

  const std::string host_;
  const int port_;
  const absl::Duration connect_timeout_;
  const absl::Duration command_timeout_;
  const size_t pool_size_;
  Mutex mu_;
  std::vector<redisContext*> idle_ ABSL_GUARDED_BY(mu_);
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEDGER_REDIS_CLIENT_H_
