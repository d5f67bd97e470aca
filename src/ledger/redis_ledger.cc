#include "ledger/redis_ledger.h"

#include <hiredis/hiredis.h>
#include <signal.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ledger/customer_view.h"
#include "ledger/redis_client.h"
#include "ledger/redis_evidence_store.h"
#include "ledger/stored_records.h"
#include "util/status_macros.h"

namespace offergraph {
namespace {

// Event members of a contact key's sorted set (score: Unix microseconds):
// type byte, sku length, ':', sku, decision id. Unique per event.
constexpr char kResponse = 'R';
constexpr char kPresented = 'P';
constexpr char kDeclined = 'X';
constexpr char kAccepted = 'A';

std::string EventMember(char type, absl::string_view sku,
                        absl::string_view decision_id) {
  return absl::StrCat(absl::string_view(&type, 1), sku.size(), ":", sku,
                      decision_id);
}

// Parses a member into its type and sku; false when malformed.
bool ParseMember(absl::string_view member, char* type, absl::string_view* sku) {
  if (member.empty()) return false;
  *type = member[0];
  const size_t colon = member.find(':', 1);
  size_t len = 0;
  if (colon == absl::string_view::npos ||
      !absl::SimpleAtoi(member.substr(1, colon - 1), &len) ||
      member.size() - colon - 1 < len) {
    return false;
  }
  *sku = member.substr(colon + 1, len);
  return true;
}

// Records an outcome once: unless its marker or the marker of the outcome it
// contradicts exists, SET its marker and add its place in the decision's
// arrival list and its history event, atomically. Returns 1 when recorded
// as the offer's first outcome, 2 when recorded after another outcome of the
// same offer (the arrival entries are the outcome's one-digit number then
// the sku), 0 for a duplicate, -1 when contradicted.
// KEYS: marker, contradicting marker (the marker again when none), arrival
// list, [events]. ARGV: ttl ms, arrival entry, event score, event member,
// trim score (events below it go).
constexpr char kRecordOutcomeScript[] = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return -1
end
local first = 1
local sku = string.sub(ARGV[2], 2)
for _, entry in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
  if string.sub(entry, 2) == sku then first = 2 end
end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
redis.call('RPUSH', KEYS[3], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[1])
if #KEYS >= 4 then
  redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[5])
  redis.call('PEXPIRE', KEYS[4], ARGV[1])
end
return first
)lua";

// Changes the fields of a customer's state that ARGV sets ('1', '0', or ''
// for unchanged) and returns the resulting state as flags (1 complaint_open,
// 2 budget_sensitive), atomically. The value is a StoredCustomerState,
// whose two bool fields (1 and 2) encode as the bytes 0x08 0x01 and
// 0x10 0x01; an all-false state is no key at all.
// KEYS: state key. ARGV: complaint_open, budget_sensitive.
constexpr char kSetCustomerStateScript[] = R"lua(
local value = redis.call('GET', KEYS[1])
local complaint, budget = 0, 0
if value then
  for i = 1, #value - 1, 2 do
    local tag, v = string.byte(value, i, i + 1)
    if tag == 8 then complaint = v elseif tag == 16 then budget = v end
  end
end
if ARGV[1] ~= '' then complaint = tonumber(ARGV[1]) end
if ARGV[2] ~= '' then budget = tonumber(ARGV[2]) end
if complaint == 0 and budget == 0 then
  redis.call('DEL', KEYS[1])
else
  local out = ''
  if complaint ~= 0 then out = out .. '\8\1' end
  if budget ~= 0 then out = out .. '\16\1' end
  redis.call('SET', KEYS[1], out)
end
return complaint + 2 * budget
)lua";

// Erases a customer's or a guest session's records atomically and returns
// how many went: the decisions in the index sorted set with their markers
// and arrival lists, the index, the events, (when named) the state, and the
// unit's experiment aggregates and orders found through its "u:" set and
// "q:" sorted set, which go too. Builds the decision, marker, aggregate and
// order key names as RedisLedger does (so Redis Cluster is not supported).
// ARGV: key prefix, index key, events key, state key or '', the unit's key
// (contact key), its aggregate set key, its order set key.
constexpr char kEraseOwnerScript[] = R"lua(
local p, index, events, state = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local unit, arms, orders = ARGV[5], ARGV[6], ARGV[7]
local n = 0
for _, m in ipairs(redis.call('SMEMBERS', arms)) do
  local nul = string.find(m, '\0', 1, true)
  if nul then
    n = n + redis.call('HDEL', p .. 'x:' .. string.sub(m, 1, nul - 1),
                       string.sub(m, nul + 1) .. '\0' .. unit)
  end
end
redis.call('DEL', arms)
for _, id in ipairs(redis.call('ZRANGE', orders, 0, -1)) do
  n = n + redis.call('DEL', p .. 'r:' .. id)
end
redis.call('DEL', orders)
for _, id in ipairs(redis.call('ZRANGE', index, 0, -1)) do
  n = n + redis.call('DEL', p .. 'd:' .. id)
  local arrivals = p .. 'l:' .. id
  for _, entry in ipairs(redis.call('LRANGE', arrivals, 0, -1)) do
    n = n + redis.call('DEL', p .. 'o:' .. #id .. ':' .. id .. entry)
  end
  redis.call('DEL', arrivals)
end
redis.call('DEL', index)
n = n + redis.call('ZCARD', events)
redis.call('DEL', events)
if state ~= '' then
  n = n + redis.call('DEL', state)
end
return n
)lua";

// Experiment aggregates (experiment_aggregates.h) are hash fields
// "<arm>\0<unit key>" of "P x:<experiment>", each holding the eight counts of
// a UnitAggregate as decimal integers separated by spaces. Lua numbers are
// doubles: exact up to 2^53 minor units per unit.
constexpr char kAggregateLua[] = R"lua(
local function read(v)
  local a = {0, 0, 0, 0, 0, 0, 0, 0}
  if v then
    local i = 1
    for n in string.gmatch(v, '%-?%d+') do a[i] = tonumber(n); i = i + 1 end
  end
  return a
end
local function write(a)
  local out = {}
  for i = 1, 8 do out[i] = string.format('%d', a[i]) end
  return table.concat(out, ' ')
end
local function add_order(key, field, total)
  local a = read(redis.call('HGET', key, field))
  if a[1] == 0 then
    a[7] = a[7] + 1; a[8] = a[8] + total
  else
    a[5] = a[5] + 1; a[6] = a[6] + total
  end
  redis.call('HSET', key, field, write(a))
end
)lua";

// Adds the eight deltas ARGV[1..8] to the aggregate in each of KEYS but the
// last (one experiment hash each, n of them) at field ARGV[8 + i], and adds
// ARGV[8 + n + i] ("<experiment>\0<arm>") to the unit's set, the last KEY.
constexpr char kAddAggregateScript[] = R"lua(
local n = #KEYS - 1
for i = 1, n do
  local field = ARGV[8 + i]
  local a = read(redis.call('HGET', KEYS[i], field))
  for j = 1, 8 do a[j] = a[j] + tonumber(ARGV[j]) end
  redis.call('HSET', KEYS[i], field, write(a))
  redis.call('SADD', KEYS[#KEYS], ARGV[8 + n + i])
end
return 1
)lua";

// Records an order once. KEYS: the order's hash, then, when the unit is
// known, the unit's aggregate set, its order set and the n experiment
// hashes the order counts in. ARGV: fingerprint ("<total> <currency>"),
// StoredOrder bytes, ttl ms, total, the order's score (time), the trim
// score (orders below it leave the unit's set), the order id, then the
// field in each experiment hash, then each one's "<experiment>\0<arm>".
// Returns {1, ''} when recorded, {0, stored bytes} for a duplicate, {-1, ''}
// when the order id holds another fingerprint.
constexpr char kRecordOrderScript[] = R"lua(
local old = redis.call('HGET', KEYS[1], 'f')
if old then
  if old == ARGV[1] then return {0, redis.call('HGET', KEYS[1], 'r')} end
  return {-1, ''}
end
redis.call('HSET', KEYS[1], 'f', ARGV[1])
redis.call('HSET', KEYS[1], 'r', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if #KEYS >= 3 then
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[7])
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[6])
  redis.call('PEXPIRE', KEYS[3], ARGV[3])
  local n = #KEYS - 3
  for i = 1, n do
    add_order(KEYS[3 + i], ARGV[7 + i], tonumber(ARGV[4]))
    redis.call('SADD', KEYS[2], ARGV[7 + n + i])
  end
end
return {1, ''}
)lua";

// The scripts with the aggregate helpers in front, put together once.
const std::string& AddAggregateLua() {
  static const std::string* const lua =
      new std::string(absl::StrCat(kAggregateLua, kAddAggregateScript));
  return *lua;
}
const std::string& RecordOrderLua() {
  static const std::string* const lua =
      new std::string(absl::StrCat(kAggregateLua, kRecordOrderScript));
  return *lua;
}

// Scores are whole microseconds, but Redis may print a double in exponent
// form.
bool ParseScore(absl::string_view text, int64_t* micros) {
  if (absl::SimpleAtoi(text, micros)) return true;
  double d = 0;
  if (!absl::SimpleAtod(text, &d)) return false;
  *micros = static_cast<int64_t>(std::llround(d));
  return true;
}

// OfferLedger on Redis. Thread-safe: all state is in Redis; the client pools
// connections. Key layout (P = options.redis_key_prefix):
//   P d:<decision>        StoredDecision                     TTL retention
//   P o:<len>:<decision><outcome digit><sku>  marker, SET NX TTL retention
//   P l:<decision>        list of "<outcome digit><sku>", arrival order
//   P e:<contact key>     sorted set of events by time       TTL retention
//   P c:<customer>        sorted set of decision ids by time TTL retention
//   P g:<session>         the same for a guest session's    TTL retention
//   P s:<customer>        StoredCustomerState  (no TTL: kept until changed)
//   P v:<hour>            learning evidence (redis_evidence_store.h)
//   P x:<experiment>      hash "<arm>\0<unit>" -> aggregate  (no TTL)
//   P r:<order>           hash f: fingerprint, r: StoredOrder TTL retention
//   P u:<unit key>        set of "<experiment>\0<arm>" the unit has an
//                         aggregate in, for erasure          (no TTL)
//   P q:<unit key>        sorted set of the unit's order ids TTL retention
class RedisLedger final : public OfferLedger {
 public:
  RedisLedger(std::string host, int port, const LedgerOptions& options)
      : options_(options),
        p_(options.redis_key_prefix),
        ttl_ms_(std::to_string(absl::ToInt64Milliseconds(options.retention))),
        redis_(host, port, options.redis_connect_timeout,
               options.redis_command_timeout, options.redis_pool_size),
        evidence_(std::move(host), port, options) {}

  absl::string_view name() const override { return "redis"; }

  EvidenceStore* evidence_store() override { return &evidence_; }

  absl::StatusOr<ContactHistory> GetHistory(absl::string_view contact_key,
                                            absl::Time now) override {
    ContactHistory out;
    std::vector<std::vector<std::string>> commands = {
        {"ZRANGEBYSCORE", EventsKey(contact_key),
         Score(now - options_.retention), "+inf", "WITHSCORES"}};
    const bool customer = contact_key.substr(0, 2) == "c:";
    if (customer) commands.push_back({"GET", StateKey(contact_key.substr(2))});
    ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                     redis_.RunPipeline(commands));
    const redisReply* events = replies[0].get();
    if (events->type != REDIS_REPLY_ARRAY) {
      return RedisReplyError("ZRANGEBYSCORE", events);
    }
    const absl::Time day_ago = now - absl::Hours(24);
    for (size_t i = 0; i + 1 < events->elements; i += 2) {
      const redisReply* m = events->element[i];
      const redisReply* s = events->element[i + 1];
      int64_t micros = 0;
      char type = 0;
      absl::string_view sku;
      if (!ParseMember(absl::string_view(m->str, m->len), &type, &sku) ||
          !ParseScore(absl::string_view(s->str, s->len), &micros)) {
        continue;
      }
      const absl::Time t = FromMicros(micros);
      switch (type) {
        case kResponse:
          if (t >= day_ago) out.offer_responses.push_back(t);
          break;
        case kPresented:
          out.skus[sku].presented.push_back(t);
          break;
        case kDeclined: {
          SkuContact& c = out.skus[sku];
          c.last_declined = std::max(c.last_declined, t);
          break;
        }
        case kAccepted:
          out.last_accepted = std::max(out.last_accepted, t);
          break;
        default:
          break;
      }
    }
    // Same-time events come back in member order; keep times ascending.
    std::sort(out.offer_responses.begin(), out.offer_responses.end());
    for (auto& [sku, contact] : out.skus) {
      std::sort(contact.presented.begin(), contact.presented.end());
    }
    if (customer) {
      const redisReply* state = replies[1].get();
      if (state->type == REDIS_REPLY_STRING) {
        internal::StoredCustomerState stored;
        if (stored.ParseFromArray(state->str, static_cast<int>(state->len))) {
          out.state.complaint_open = stored.complaint_open();
          out.state.budget_sensitive = stored.budget_sensitive();
        }
      } else if (state->type != REDIS_REPLY_NIL) {
        return RedisReplyError("GET", state);
      }
    }
    return out;
  }

  absl::Status RecordDecision(const DecisionRecord& record) override {
    const std::string score = Score(record.time);
    const std::string cut = Score(record.time - options_.retention);
    std::vector<std::vector<std::string>> commands = {
        {"MULTI"},
        {"SET", DecisionKey(record.decision_id),
         ToStored(record).SerializeAsString(), "PX", ttl_ms_}};
    auto add_to_set = [&](const std::string& key, std::string member) {
      commands.push_back({"ZADD", key, score, std::move(member)});
      commands.push_back({"ZREMRANGEBYSCORE", key, "-inf", "(" + cut});
      commands.push_back({"PEXPIRE", key, ttl_ms_});
    };
    // A ghost decision was never shown: no offer response to count.
    if (!record.contact_key.empty() && !record.ghost) {
      add_to_set(EventsKey(record.contact_key),
                 EventMember(kResponse, "", record.decision_id));
    }
    if (!record.customer_id.empty()) {
      add_to_set(IndexKey(record.customer_id), record.decision_id);
    } else if (absl::StartsWith(record.contact_key, "s:")) {
      add_to_set(SessionIndexKey(record.contact_key.substr(2)),
                 record.decision_id);
    }
    std::vector<std::string> count = CountDecisionCommand(
        record, static_cast<int64_t>(record.offers.size()));
    if (!count.empty()) commands.push_back(std::move(count));
    commands.push_back({"EXEC"});
    ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                     redis_.RunPipeline(commands));
    const redisReply* exec = replies.back().get();
    if (exec->type != REDIS_REPLY_ARRAY) return RedisReplyError("EXEC", exec);
    for (size_t i = 0; i < exec->elements; ++i) {
      if (exec->element[i]->type == REDIS_REPLY_ERROR) {
        return RedisReplyError("EXEC", exec->element[i]);
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<OutcomeResult> RecordOutcome(
      const OutcomeRecord& record) override {
    ASSIGN_OR_RETURN(RedisReply got,
                     redis_.Run({"GET", DecisionKey(record.decision_id)}));
    if (got->type == REDIS_REPLY_NIL)
      return DecisionNotFound(record.decision_id);
    if (got->type != REDIS_REPLY_STRING) return RedisReplyError("GET", got.get());
    internal::StoredDecision stored;
    if (!stored.ParseFromArray(got->str, static_cast<int>(got->len))) {
      return absl::DataLossError(absl::StrCat(
          "redis: decision ", record.decision_id, " is unreadable"));
    }
    if (FromMicros(stored.time_unix_micros()) <
        record.time - options_.retention) {
      return DecisionNotFound(record.decision_id);
    }
    absl::StatusOr<OutcomeResult> result = CheckOutcome(stored, record);
    if (!result.ok()) return result;

    const std::string entry =
        absl::StrCat(static_cast<int>(record.outcome), record.sku);
    const v1::Outcome contradicting = ContradictingOutcome(record.outcome);
    const std::string marker = MarkerKey(record.decision_id, entry);
    std::vector<std::string> eval = {
        "EVAL",
        kRecordOutcomeScript,
        "3",
        marker,
        contradicting == v1::OUTCOME_UNSPECIFIED
            ? marker
            : MarkerKey(
                  record.decision_id,
                  absl::StrCat(static_cast<int>(contradicting), record.sku)),
        ArrivalsKey(record.decision_id)};
    const char type = EventType(record.outcome);
    if (type != 0 && !stored.contact_key().empty()) {
      eval[2] = "4";
      eval.push_back(EventsKey(stored.contact_key()));
    }
    eval.insert(eval.end(), {ttl_ms_, entry, Score(record.time),
                             EventMember(type, record.sku, record.decision_id),
                             Score(record.time - options_.retention)});
    ASSIGN_OR_RETURN(RedisReply added, redis_.Run(eval));
    if (added->type != REDIS_REPLY_INTEGER) {
      return RedisReplyError("EVAL", added.get());
    }
    if (added->integer < 0) {
      return ContradictionError(record.decision_id, record.sku, record.outcome);
    }
    result->duplicate = added->integer == 0;
    result->already_presented = added->integer == 2;
    if (!result->duplicate && record.outcome == v1::ACCEPTED &&
        !stored.contact_key().empty()) {
      // After the marker, not with it: a failure here loses one accepted
      // offer from the experiment's figures, never records one twice.
      UnitAggregate delta;
      delta.offers_accepted = 1;
      std::vector<std::string> eval = AddAggregateCommand(
          ArmsFor(stored.experiment(), stored.arm(), stored.holdout_arm()),
          stored.contact_key(), delta);
      if (!eval.empty()) {
        ASSIGN_OR_RETURN(RedisReply counted, redis_.Run(eval));
        if (counted->type != REDIS_REPLY_INTEGER) {
          return RedisReplyError("EVAL", counted.get());
        }
      }
    }
    return result;
  }

  absl::Status RecordExposure(const DecisionRecord& record) override {
    std::vector<std::string> eval = CountDecisionCommand(record, 0);
    if (eval.empty()) return absl::OkStatus();
    ASSIGN_OR_RETURN(RedisReply counted, redis_.Run(eval));
    if (counted->type != REDIS_REPLY_INTEGER) {
      return RedisReplyError("EVAL", counted.get());
    }
    return absl::OkStatus();
  }

  absl::StatusOr<OrderResult> RecordOrder(const OrderRecord& record) override {
    OrderRecord order = record;
    if (!record.decision_id.empty()) {
      ASSIGN_OR_RETURN(RedisReply got,
                       redis_.Run({"GET", DecisionKey(record.decision_id)}));
      internal::StoredDecision decision;
      if (got->type == REDIS_REPLY_STRING &&
          decision.ParseFromArray(got->str, static_cast<int>(got->len))) {
        AttributeToDecision(decision, &order);
      } else if (got->type != REDIS_REPLY_NIL &&
                 got->type != REDIS_REPLY_STRING) {
        return RedisReplyError("GET", got.get());
      } else if (record.unit_key.empty()) {
        return DecisionNotFoundForOrder(record.decision_id);
      }
    }
    RETURN_IF_ERROR(CheckOrderCurrency(order));
    const std::vector<ArmTag> arms =
        order.unit_key.empty()
            ? std::vector<ArmTag>()
            : ArmsFor(order.experiment, order.arm, order.holdout_arm);
    std::vector<std::string> eval = {
        "EVAL", RecordOrderLua(), "1",
        absl::StrCat(p_, "r:", order.order_id)};
    if (!order.unit_key.empty()) {
      eval[2] = std::to_string(3 + arms.size());
      eval.push_back(UnitArmsKey(order.unit_key));
      eval.push_back(UnitOrdersKey(order.unit_key));
      for (const ArmTag& tag : arms) {
        eval.push_back(AggregatesKey(tag.experiment));
      }
    }
    eval.insert(eval.end(),
                {absl::StrCat(order.total, " ", order.currency),
                 ToStored(order).SerializeAsString(), ttl_ms_,
                 std::to_string(order.total), Score(order.time),
                 Score(order.time - options_.retention), order.order_id});
    for (const ArmTag& tag : arms) {
      eval.push_back(AggregateField(tag.arm, order.unit_key));
    }
    for (const ArmTag& tag : arms) eval.push_back(UnitArmMember(tag));
    ASSIGN_OR_RETURN(RedisReply reply, redis_.Run(eval));
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
        reply->element[0]->type != REDIS_REPLY_INTEGER) {
      return RedisReplyError("EVAL", reply.get());
    }
    const long long code = reply->element[0]->integer;
    if (code < 0) return OrderConflictError(order.order_id);
    if (code == 0) {
      internal::StoredOrder stored;
      const redisReply* bytes = reply->element[1];
      if (bytes->type == REDIS_REPLY_STRING) {
        stored.ParseFromArray(bytes->str, static_cast<int>(bytes->len));
      }
      return OrderResult{true, stored.experiment(), stored.arm()};
    }
    return OrderResult{false, order.experiment, order.arm};
  }

  absl::Status ScanExperiment(absl::string_view experiment,
                              const UnitVisitor& visit) override {
    // HSCAN may repeat a field only when the hash shrinks during the scan:
    // aggregates are deleted only by erasure, so a unit is visited twice
    // only when a scan meets the rare rehash an erasure may cause.
    const std::string key = AggregatesKey(experiment);
    std::string cursor = "0";
    do {
      ASSIGN_OR_RETURN(RedisReply reply,
                       redis_.Run({"HSCAN", key, cursor, "COUNT", "1000"}));
      if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
          reply->element[1]->type != REDIS_REPLY_ARRAY) {
        return RedisReplyError("HSCAN", reply.get());
      }
      cursor.assign(reply->element[0]->str, reply->element[0]->len);
      const redisReply* items = reply->element[1];
      for (size_t i = 0; i + 1 < items->elements; i += 2) {
        const absl::string_view field(items->element[i]->str,
                                      items->element[i]->len);
        const size_t nul = field.find('\0');
        UnitAggregate unit;
        if (nul == absl::string_view::npos ||
            !ParseAggregate(absl::string_view(items->element[i + 1]->str,
                                              items->element[i + 1]->len),
                            &unit)) {
          continue;
        }
        if (!visit(field.substr(0, nul), unit)) {
          return ScanCancelledError(experiment);
        }
      }
    } while (cursor != "0");
    return absl::OkStatus();
  }

  absl::StatusOr<CustomerState> SetCustomerState(
      absl::string_view customer_id,
      const CustomerStateUpdate& update) override {
    auto arg = [](const std::optional<bool>& field) -> std::string {
      if (!field.has_value()) return "";
      return *field ? "1" : "0";
    };
    ASSIGN_OR_RETURN(
        RedisReply flags,
        redis_.Run({"EVAL", kSetCustomerStateScript, "1", StateKey(customer_id),
                    arg(update.complaint_open), arg(update.budget_sensitive)}));
    if (flags->type != REDIS_REPLY_INTEGER) {
      return RedisReplyError("EVAL", flags.get());
    }
    CustomerState state;
    state.complaint_open = (flags->integer & 1) != 0;
    state.budget_sensitive = (flags->integer & 2) != 0;
    return state;
  }

  absl::StatusOr<CustomerView> GetCustomerView(absl::string_view customer_id,
                                               const RuleParams& rules,
                                               absl::Time now) override {
    ASSIGN_OR_RETURN(ContactHistory history,
                     GetHistory(ContactKeyFor(customer_id, ""), now));
    ASSIGN_OR_RETURN(
        RedisReply ids,
        redis_.Run({"ZREVRANGEBYSCORE", IndexKey(customer_id), "+inf",
                    Score(now - options_.retention), "LIMIT", "0",
                    std::to_string(kMaxViewDecisions)}));
    if (ids->type != REDIS_REPLY_ARRAY)
      return RedisReplyError("ZREVRANGE", ids.get());
    std::vector<DecisionView> decisions;
    if (ids->elements > 0) {
      std::vector<std::vector<std::string>> commands;
      for (size_t i = 0; i < ids->elements; ++i) {
        const std::string id(ids->element[i]->str, ids->element[i]->len);
        commands.push_back({"GET", DecisionKey(id)});
        commands.push_back({"LRANGE", ArrivalsKey(id), "0", "-1"});
      }
      ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                       redis_.RunPipeline(commands));
      for (size_t i = 0; i + 1 < replies.size(); i += 2) {
        const redisReply* d = replies[i].get();
        const redisReply* arrivals = replies[i + 1].get();
        internal::StoredDecision stored;
        if (d->type != REDIS_REPLY_STRING ||
            !stored.ParseFromArray(d->str, static_cast<int>(d->len))) {
          continue;  // expired meanwhile
        }
        DecisionView view = ToView(stored);
        if (arrivals->type == REDIS_REPLY_ARRAY) {
          for (size_t j = 0; j < arrivals->elements; ++j) {
            const absl::string_view entry(arrivals->element[j]->str,
                                          arrivals->element[j]->len);
            if (entry.empty()) continue;
            const auto outcome = static_cast<v1::Outcome>(entry[0] - '0');
            for (DecisionView::Offer& offer : view.offers) {
              if (offer.sku == entry.substr(1))
                offer.outcomes.push_back(outcome);
            }
          }
        }
        decisions.push_back(std::move(view));
      }
    }
    return BuildCustomerView(history, std::move(decisions), rules, now);
  }

  absl::StatusOr<int64_t> EraseCustomer(
      absl::string_view customer_id) override {
    return EraseOwner(IndexKey(customer_id), ContactKeyFor(customer_id, ""),
                      StateKey(customer_id));
  }

  absl::StatusOr<int64_t> EraseSession(absl::string_view session_id) override {
    return EraseOwner(SessionIndexKey(session_id),
                      ContactKeyFor("", session_id), "");
  }

 private:
  absl::StatusOr<int64_t> EraseOwner(const std::string& index,
                                     const std::string& unit,
                                     const std::string& state) {
    ASSIGN_OR_RETURN(
        RedisReply n,
        redis_.Run({"EVAL", kEraseOwnerScript, "0", p_, index, EventsKey(unit),
                    state, unit, UnitArmsKey(unit), UnitOrdersKey(unit)}));
    if (n->type != REDIS_REPLY_INTEGER) return RedisReplyError("EVAL", n.get());
    return static_cast<int64_t>(n->integer);
  }

  static char EventType(v1::Outcome outcome) {
    switch (outcome) {
      case v1::PRESENTED:
        return kPresented;
      case v1::DECLINED:
        return kDeclined;
      case v1::ACCEPTED:
        return kAccepted;
      default:
        return 0;
    }
  }

  static std::string Score(absl::Time t) { return std::to_string(ToMicros(t)); }

  // The EVAL that adds one decision with `offers` offers to its unit's
  // aggregates; empty when it counts nowhere.
  std::vector<std::string> CountDecisionCommand(const DecisionRecord& record,
                                                int64_t offers) const {
    if (record.contact_key.empty()) return {};
    return AddAggregateCommand(
        ArmsFor(record.experiment, record.arm, record.holdout_arm),
        record.contact_key, DecisionDelta(record.ghost, offers));
  }

  // The EVAL that adds `delta` to the aggregates of `unit_key` in `arms`;
  // empty when `arms` is.
  std::vector<std::string> AddAggregateCommand(
      const std::vector<ArmTag>& arms, absl::string_view unit_key,
      const UnitAggregate& d) const {
    if (arms.empty()) return {};
    std::vector<std::string> eval = {
        "EVAL", AddAggregateLua(),
        std::to_string(arms.size() + 1)};
    for (const ArmTag& tag : arms) eval.push_back(AggregatesKey(tag.experiment));
    eval.push_back(UnitArmsKey(unit_key));
    for (int64_t v : {d.decisions, d.ghost_decisions, d.offers_shown,
                      d.offers_accepted, d.orders, d.revenue, d.pre_orders,
                      d.pre_revenue}) {
      eval.push_back(std::to_string(v));
    }
    for (const ArmTag& tag : arms) {
      eval.push_back(AggregateField(tag.arm, unit_key));
    }
    for (const ArmTag& tag : arms) eval.push_back(UnitArmMember(tag));
    return eval;
  }

  static bool ParseAggregate(absl::string_view text, UnitAggregate* out) {
    const std::vector<absl::string_view> parts =
        absl::StrSplit(text, ' ', absl::SkipEmpty());
    if (parts.size() != 8) return false;
    int64_t* fields[] = {&out->decisions,   &out->ghost_decisions,
                         &out->offers_shown, &out->offers_accepted,
                         &out->orders,      &out->revenue,
                         &out->pre_orders,  &out->pre_revenue};
    for (size_t i = 0; i < 8; ++i) {
      if (!absl::SimpleAtoi(parts[i], fields[i])) return false;
    }
    return true;
  }

  std::string AggregatesKey(absl::string_view experiment) const {
    return absl::StrCat(p_, "x:", experiment);
  }
  static std::string AggregateField(absl::string_view arm,
                                    absl::string_view unit_key) {
    return absl::StrCat(arm, absl::string_view("\0", 1), unit_key);
  }

  std::string UnitArmsKey(absl::string_view unit_key) const {
    return absl::StrCat(p_, "u:", unit_key);
  }
  std::string UnitOrdersKey(absl::string_view unit_key) const {
    return absl::StrCat(p_, "q:", unit_key);
  }
  static std::string UnitArmMember(const ArmTag& tag) {
    return absl::StrCat(tag.experiment, absl::string_view("\0", 1), tag.arm);
  }

  std::string DecisionKey(absl::string_view id) const {
    return absl::StrCat(p_, "d:", id);
  }
  std::string MarkerKey(absl::string_view id, absl::string_view entry) const {
    return absl::StrCat(p_, "o:", id.size(), ":", id, entry);
  }
  std::string ArrivalsKey(absl::string_view id) const {
    return absl::StrCat(p_, "l:", id);
  }
  std::string EventsKey(absl::string_view contact_key) const {
    return absl::StrCat(p_, "e:", contact_key);
  }
  std::string IndexKey(absl::string_view customer_id) const {
    return absl::StrCat(p_, "c:", customer_id);
  }
  std::string SessionIndexKey(absl::string_view session_id) const {
    return absl::StrCat(p_, "g:", session_id);
  }
  std::string StateKey(absl::string_view customer_id) const {
    return absl::StrCat(p_, "s:", customer_id);
  }

  const LedgerOptions options_;
  const std::string p_;
  const std::string ttl_ms_;
  RedisClient redis_;
  RedisEvidenceStore evidence_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<OfferLedger>> NewRedisLedger(
    absl::string_view host, int port, const LedgerOptions& options) {
  if (host.empty() || port <= 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("redis address: need host and a port in 1..65535, got \"",
                     host, ":", port, "\""));
  }
  if (options.retention < absl::Milliseconds(1)) {
    return absl::InvalidArgumentError("retention: must be at least 1 ms");
  }
  // A write to a connection Redis closed must fail, not kill the process.
  struct sigaction current;
  if (sigaction(SIGPIPE, nullptr, &current) == 0 &&
      current.sa_handler == SIG_DFL) {
    signal(SIGPIPE, SIG_IGN);
  }
  return std::make_unique<RedisLedger>(std::string(host), port, options);
}

}  // namespace offergraph
