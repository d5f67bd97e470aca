#include "ledger/redis_evidence_store.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "util/status_macros.h"

namespace offergraph {
namespace {

// Buckets read per round trip.
constexpr int64_t kBucketsPerPipeline = 256;

}  // namespace

RedisEvidenceStore::RedisEvidenceStore(std::string host, int port,
                                       const LedgerOptions& options)
    : retention_(options.retention),
      prefix_(options.redis_key_prefix),
      ttl_ms_(std::to_string(absl::ToInt64Milliseconds(options.retention))),
      redis_(std::move(host), port, options.redis_connect_timeout,
             std::max(options.redis_command_timeout, kMinCommandTimeout),
             /*pool_size=*/1) {}

std::string RedisEvidenceStore::Key(int64_t bucket) const {
  return absl::StrCat(prefix_, "v:", bucket);
}

absl::Status RedisEvidenceStore::Add(
    int64_t bucket, const std::vector<EvidenceCounter>& counters) {
  if (counters.empty()) return absl::OkStatus();
  const std::string key = Key(bucket);
  std::vector<std::vector<std::string>> commands;
  commands.reserve(counters.size() + 3);
  commands.push_back({"MULTI"});
  for (const EvidenceCounter& c : counters) {
    commands.push_back({"HINCRBY", key, c.field, std::to_string(c.value)});
  }
  commands.push_back({"PEXPIRE", key, ttl_ms_});
  commands.push_back({"EXEC"});
  ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                   redis_.RunPipeline(commands));
  const redisReply* exec = replies.back().get();
  if (exec->type != REDIS_REPLY_ARRAY) return RedisReplyError("EXEC", exec);
  for (size_t i = 0; i < exec->elements; ++i) {
    if (exec->element[i]->type == REDIS_REPLY_ERROR) {
      return RedisReplyError("HINCRBY evidence", exec->element[i]);
    }
  }
  return absl::OkStatus();
}

absl::Status RedisEvidenceStore::Scan(int64_t first, int64_t last,
                                      const Visitor& visit) {
  for (int64_t from = first; from <= last; from += kBucketsPerPipeline) {
    const int64_t to = std::min(last, from + kBucketsPerPipeline - 1);
    std::vector<std::vector<std::string>> commands;
    for (int64_t b = from; b <= to; ++b) commands.push_back({"HGETALL", Key(b)});
    ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                     redis_.RunPipeline(commands));
    for (int64_t b = from; b <= to; ++b) {
      const redisReply* r = replies[b - from].get();
      if (r->type != REDIS_REPLY_ARRAY) {
        // Not a hash (WRONGTYPE): the whole bucket is unreadable.
        visit(b, Key(b), RedisReplyError("HGETALL evidence", r));
        continue;
      }
      for (size_t i = 0; i + 1 < r->elements; i += 2) {
        const redisReply* f = r->element[i];
        const redisReply* v = r->element[i + 1];
        const absl::string_view field(f->str, f->len);
        const absl::string_view text(v->str, v->len);
        int64_t value = 0;
        if (absl::SimpleAtoi(text, &value)) {
          visit(b, field, value);
        } else {
          visit(b, field,
                absl::InvalidArgumentError(absl::StrCat(
                    "value \"", absl::CHexEscape(text), "\" is not a count")));
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace offergraph
