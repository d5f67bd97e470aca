#include "ledger/redis_ledger.h"

#include <hiredis/hiredis.h>
#include <signal.h>

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/ledger_contract_test.h"
#include "ledger/ledger_factory.h"
#include "ledger/redis_client.h"
#include "ledger/redis_server.h"
#include "testing/temp_dir.h"

namespace offergraph::testing {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1800000000);

// One Redis for the contract suite, started before the first test and
// stopped after the last.
RedisServer* shared_redis = nullptr;

class RedisEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { shared_redis = new RedisServer(); }
  void TearDown() override {
    delete shared_redis;
    shared_redis = nullptr;
  }
};
const auto* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new RedisEnvironment);

// Each store gets its own key prefix, so every test starts empty.
std::unique_ptr<OfferLedger> MakeRedisLedger(const LedgerOptions& options) {
  static int next = 0;
  LedgerOptions o = options;
  o.redis_key_prefix = absl::StrCat("t", next++, ":");
  absl::StatusOr<std::unique_ptr<OfferLedger>> ledger =
      NewRedisLedger("127.0.0.1", shared_redis->port(), o);
  EXPECT_TRUE(ledger.ok()) << ledger.status();
  return ledger.ok() ? *std::move(ledger) : nullptr;
}

INSTANTIATE_TEST_SUITE_P(Redis, LedgerContractTest,
                         ::testing::Values(LedgerStore{"redis",
                                                       &MakeRedisLedger}));

DecisionRecord Decision(const std::string& id, const std::string& customer) {
  DecisionRecord d;
  d.decision_id = id;
  d.customer_id = customer;
  d.contact_key = ContactKeyFor(customer, "");
  d.channel = v1::CHECKOUT;
  d.time = kT0;
  d.offers.push_back({"BAG", v1::CROSS_SELL, 4900, "USD"});
  return d;
}

OutcomeRecord Outcome(const std::string& id, v1::Outcome outcome) {
  OutcomeRecord o;
  o.decision_id = id;
  o.sku = "BAG";
  o.outcome = outcome;
  o.time = kT0;
  return o;
}

// Every key under `prefix` with its remaining time to live (ms; -1: none).
std::vector<std::pair<std::string, long long>> KeysWithTtl(
    RedisClient* redis, const std::string& prefix) {
  std::vector<std::pair<std::string, long long>> out;
  absl::StatusOr<RedisReply> keys = redis->Run({"KEYS", prefix + "*"});
  EXPECT_TRUE(keys.ok()) << keys.status();
  if (!keys.ok()) return out;
  for (size_t i = 0; i < (*keys)->elements; ++i) {
    std::string key((*keys)->element[i]->str, (*keys)->element[i]->len);
    absl::StatusOr<RedisReply> ttl = redis->Run({"PTTL", key});
    EXPECT_TRUE(ttl.ok());
    out.emplace_back(std::move(key), ttl.ok() ? (*ttl)->integer : -3);
  }
  return out;
}

TEST(RedisLedgerTest, EveryKeyButStateExpiresWithinRetention) {
  RedisClient redis("127.0.0.1", shared_redis->port(), absl::Seconds(1),
                    absl::Seconds(1), 1);
  LedgerOptions options;
  options.redis_key_prefix = "ttl:";
  options.retention = absl::Hours(48);
  auto ledger = NewRedisLedger("127.0.0.1", shared_redis->port(), options);
  ASSERT_TRUE(ledger.ok());
  ASSERT_TRUE((*ledger)->RecordDecision(Decision("d1", "alice")).ok());
  ASSERT_TRUE((*ledger)->RecordOutcome(Outcome("d1", v1::DECLINED)).ok());
  CustomerStateUpdate state;
  state.complaint_open = true;
  ASSERT_TRUE((*ledger)->SetCustomerState("alice", state).ok());
  const auto keys = KeysWithTtl(&redis, "ttl:");
  EXPECT_EQ(keys.size(),
            6u);  // decision, marker, arrivals, events, index, state
  for (const auto& [key, ttl] : keys) {
    if (key == "ttl:s:alice") {
      EXPECT_EQ(ttl, -1) << "state is kept until changed";
    } else {
      EXPECT_GT(ttl, 0) << key;
      EXPECT_LE(ttl, absl::ToInt64Milliseconds(options.retention)) << key;
    }
  }
}

TEST(RedisLedgerTest, EraseLeavesNoKeyOfTheCustomer) {
  RedisClient redis("127.0.0.1", shared_redis->port(), absl::Seconds(1),
                    absl::Seconds(1), 1);
  LedgerOptions options;
  options.redis_key_prefix = "erase:";
  auto ledger = NewRedisLedger("127.0.0.1", shared_redis->port(), options);
  ASSERT_TRUE(ledger.ok());
  for (int i = 0; i < 10; ++i) {
    const std::string id = absl::StrCat("dec-alice-", i);
    ASSERT_TRUE((*ledger)->RecordDecision(Decision(id, "alice")).ok());
    ASSERT_TRUE((*ledger)->RecordOutcome(Outcome(id, v1::PRESENTED)).ok());
  }
  ASSERT_TRUE((*ledger)->RecordDecision(Decision("dec-bob", "bob")).ok());
  // Experiment figures and orders name the unit too (issue 12); bob's stay.
  for (const char* customer : {"alice", "bob"}) {
    DecisionRecord tagged =
        Decision(absl::StrCat("dec-x-", customer), customer);
    tagged.experiment = "promo";
    tagged.arm = "treatment";
    ASSERT_TRUE(RecordExperimentFigures(
        **ledger, tagged,
        absl::StrCat("order-", std::string(1, customer[0]), "-")));
  }
  CustomerStateUpdate state;
  state.budget_sensitive = true;
  ASSERT_TRUE((*ledger)->SetCustomerState("alice", state).ok());

  absl::StatusOr<int64_t> erased = (*ledger)->EraseCustomer("alice");
  ASSERT_TRUE(erased.ok()) << erased.status();
  // decision + response event + marker + presentation event each, and
  // state; the tagged decision, its response, its aggregate, two orders.
  EXPECT_EQ(*erased, 10 * 4 + 1 + 5);
  std::vector<std::string> left;
  for (const auto& [key, ttl] : KeysWithTtl(&redis, "erase:")) {
    left.push_back(key);
    EXPECT_FALSE(absl::StrContains(key, "alice")) << key;
    absl::StatusOr<RedisReply> type = redis.Run({"TYPE", key});
    ASSERT_TRUE(type.ok());
    const std::string kind = (*type)->str;
    std::vector<std::string> read;
    if (kind == "string") {
      read = {"GET", key};
    } else if (kind == "hash") {
      read = {"HGETALL", key};
    } else if (kind == "set") {
      read = {"SMEMBERS", key};
    } else if (kind == "zset") {
      read = {"ZRANGE", key, "0", "-1"};
    } else if (kind == "list") {
      read = {"LRANGE", key, "0", "-1"};
    }
    ASSERT_FALSE(read.empty()) << key << " " << kind;
    absl::StatusOr<RedisReply> value = redis.Run(read);
    ASSERT_TRUE(value.ok());
    std::string text((*value)->str == nullptr ? "" : (*value)->str,
                     (*value)->len);
    for (size_t i = 0; i < (*value)->elements; ++i) {
      text.append((*value)->element[i]->str, (*value)->element[i]->len);
    }
    EXPECT_FALSE(absl::StrContains(text, "alice")) << key;
  }
  EXPECT_THAT(left, ::testing::Contains("erase:d:dec-bob"));
  EXPECT_THAT(left, ::testing::Contains("erase:r:order-b-2"));
  EXPECT_THAT(left, ::testing::Contains("erase:x:promo"));
}

// Runs `call` and expects UNAVAILABLE within `bound`.
template <typename Call>
void ExpectUnavailableWithin(absl::Duration bound, Call call) {
  const absl::Time start = absl::Now();
  const absl::Status status = call();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("redis"));
  EXPECT_LT(absl::Now() - start, bound);
}

TEST(RedisLedgerTest, UnreachableRedisIsUnavailableAndRecovers) {
  RedisServer server;
  ASSERT_TRUE(server.running());
  LedgerOptions options;
  options.redis_connect_timeout = absl::Milliseconds(200);
  options.redis_command_timeout = absl::Milliseconds(200);
  auto ledger = NewRedisLedger("127.0.0.1", server.port(), options);
  ASSERT_TRUE(ledger.ok());
  OfferLedger& l = **ledger;
  ASSERT_TRUE(l.RecordDecision(Decision("d1", "alice")).ok());
  const absl::Duration bound = absl::Seconds(2);

  // Hung Redis: commands time out.
  server.process().Signal(SIGSTOP);
  ExpectUnavailableWithin(
      bound, [&] { return l.GetHistory("c:alice", kT0).status(); });
  ExpectUnavailableWithin(bound, [&] {
    return l.RecordOutcome(Outcome("d1", v1::PRESENTED)).status();
  });
  server.process().Signal(SIGCONT);
  EXPECT_TRUE(l.GetHistory("c:alice", kT0).ok());

  // Dead Redis: connections are refused.
  const int port = server.port();
  server.Kill();
  ExpectUnavailableWithin(
      bound, [&] { return l.GetHistory("c:alice", kT0).status(); });
  ExpectUnavailableWithin(
      bound, [&] { return l.RecordDecision(Decision("d2", "alice")); });
  ExpectUnavailableWithin(bound, [&] {
    return l.SetCustomerState("alice", CustomerStateUpdate()).status();
  });
  ExpectUnavailableWithin(bound, [&] {
    return l.GetCustomerView("alice", RuleParams(), kT0).status();
  });
  ExpectUnavailableWithin(bound,
                          [&] { return l.EraseCustomer("alice").status(); });

  // A new Redis on the same address: the ledger works again (and, having no
  // persistence, starts empty).
  RedisServer again(port);
  ASSERT_TRUE(again.running());
  absl::StatusOr<ContactHistory> h = l.GetHistory("c:alice", kT0);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_TRUE(h->empty());
  EXPECT_TRUE(l.RecordDecision(Decision("d3", "alice")).ok());
}

TEST(OpenLedgerTest, OpensEachStoreByName) {
  TempDir dir;
  LedgerConfig config;
  config.store = "memory";
  EXPECT_EQ((*OpenLedger(config))->name(), "memory");
  config.store = "rocksdb";
  config.dir = dir.path() + "/ledger";
  EXPECT_EQ((*OpenLedger(config))->name(), "rocksdb");
  config.store = "redis";
  config.redis_address = absl::StrCat("127.0.0.1:", shared_redis->port());
  absl::StatusOr<std::unique_ptr<OfferLedger>> redis = OpenLedger(config);
  ASSERT_TRUE(redis.ok()) << redis.status();
  EXPECT_EQ((*redis)->name(), "redis");
  EXPECT_TRUE((*redis)->GetHistory("c:x", kT0).ok());
}

TEST(OpenLedgerTest, RejectsBadConfigsNamingTheFlag) {
  LedgerConfig config;
  config.store = "cassandra";
  EXPECT_THAT(std::string(OpenLedger(config).status().message()),
              ::testing::HasSubstr("--ledger_store"));
  config.store = "rocksdb";
  config.dir = "";
  EXPECT_THAT(std::string(OpenLedger(config).status().message()),
              ::testing::HasSubstr("--ledger_dir"));
  config.store = "redis";
  for (const char* bad :
       {"localhost", "localhost:", ":6379", "host:99999", "host:port"}) {
    config.redis_address = bad;
    absl::StatusOr<std::unique_ptr<OfferLedger>> l = OpenLedger(config);
    EXPECT_EQ(l.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(l.status().message()),
                ::testing::HasSubstr("--redis_address"));
  }
}

}  // namespace
}  // namespace offergraph::testing
