#include "ledger/redis_client.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "ledger/call_deadline.h"

namespace offergraph {

absl::Status RedisReplyError(absl::string_view what, const redisReply* reply) {
  if (reply->type == REDIS_REPLY_ERROR) {
    return absl::InternalError(absl::StrCat(
        "redis ", what, ": ", absl::string_view(reply->str, reply->len)));
  }
  return absl::InternalError(
      absl::StrCat("redis ", what, ": unexpected reply type ", reply->type));
}

void RedisReplyDeleter::operator()(redisReply* reply) const {
  freeReplyObject(reply);
}

RedisClient::RedisClient(std::string host, int port,
                         absl::Duration connect_timeout,
                         absl::Duration command_timeout, int pool_size)
    : host_(std::move(host)),
      port_(port),
      connect_timeout_(connect_timeout),
      command_timeout_(command_timeout),
      pool_size_(pool_size > 0 ? static_cast<size_t>(pool_size) : 1) {}

RedisClient::~RedisClient() {
  MutexLock lock(&mu_);
  for (redisContext* c : idle_) redisFree(c);
}

absl::StatusOr<redisContext*> RedisClient::Acquire(absl::Duration max_wait) {
  {
    MutexLock lock(&mu_);
    if (!idle_.empty()) {
      redisContext* c = idle_.back();
      idle_.pop_back();
      return c;
    }
  }
  redisContext* c = redisConnectWithTimeout(
      host_.c_str(), port_,
      absl::ToTimeval(std::min(connect_timeout_, max_wait)));
  if (c == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("redis at ", host_, ":", port_, ": out of memory"));
  }
  if (c->err != 0) return Broken(c, "cannot connect");
  if (redisSetTimeout(c, absl::ToTimeval(command_timeout_)) != REDIS_OK) {
    return Broken(c, "cannot set the command timeout");
  }
  return c;
}

void RedisClient::Release(redisContext* c, bool healthy) {
  if (healthy && c->err == 0) {
    MutexLock lock(&mu_);
    if (idle_.size() < pool_size_) {
      idle_.push_back(c);
      return;
    }
  }
  redisFree(c);
}

absl::Status RedisClient::Broken(redisContext* c, absl::string_view what) {
  absl::Status status = absl::UnavailableError(
      absl::StrCat("redis at ", host_, ":", port_, " is unavailable (", what,
                   ": ", c->errstr[0] != '\0' ? c->errstr : "no reply", ")"));
  redisFree(c);
  return status;
}

absl::StatusOr<RedisReply> RedisClient::Run(
    const std::vector<std::string>& args) {
  absl::StatusOr<std::vector<RedisReply>> replies = RunPipeline({args});
  if (!replies.ok()) return replies.status();
  RedisReply reply = std::move(replies->front());
  if (reply->type == REDIS_REPLY_ERROR) {
    return absl::InternalError(absl::StrCat(
        "redis ", args.front(), ": ", std::string(reply->str, reply->len)));
  }
  return reply;
}

absl::StatusOr<std::vector<RedisReply>> RedisClient::RunPipeline(
    const std::vector<std::vector<std::string>>& commands) {
  // Each call waits at most until the request's deadline, when that comes
  // before the command timeout.
  const absl::Duration left = LedgerCallDeadline() - absl::Now();
  if (left <= absl::ZeroDuration()) {
    return absl::DeadlineExceededError(absl::StrCat(
        "redis at ", host_, ":", port_, ": the request's deadline passed"));
  }
  absl::StatusOr<redisContext*> acquired = Acquire(left);
  if (!acquired.ok()) return acquired.status();
  redisContext* c = *acquired;
  const bool shortened = left < command_timeout_;
  if (shortened && redisSetTimeout(c, absl::ToTimeval(left)) != REDIS_OK) {
    return Broken(c, "cannot set the command timeout");
  }
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const std::vector<std::string>& args : commands) {
    argv.clear();
    lens.clear();
    for (const std::string& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    if (redisAppendCommandArgv(c, static_cast<int>(argv.size()), argv.data(),
                               lens.data()) != REDIS_OK) {
      return Broken(c, "cannot send");
    }
  }
  std::vector<RedisReply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    void* reply = nullptr;
    if (redisGetReply(c, &reply) != REDIS_OK || reply == nullptr) {
      return Broken(c, "no reply");
    }
    replies.emplace_back(static_cast<redisReply*>(reply));
  }
  if (shortened &&
      redisSetTimeout(c, absl::ToTimeval(command_timeout_)) != REDIS_OK) {
    redisFree(c);  // not reusable with the short timeout
    return replies;
  }
  Release(c, true);
  return replies;
}

}  // namespace offergraph
