#include "ledger/history_codec.h"

#include <algorithm>
#include <vector>

#include "absl/time/clock.h"
#include "ledger/big_endian.h"
#include "ledger/stored_records.h"

namespace offergraph::history_codec {
namespace {

constexpr size_t kEventHeader = 1 + 8 + 2;

// One parsed record; `size` is its length in the value.
struct Record {
  char type = 0;
  absl::Time time;
  absl::string_view sku;
  uint8_t flags = 0;
  size_t size = 0;
};

// Parses the record at the front of `in`; false when malformed.
bool Next(absl::string_view in, Record* r) {
  if (in.empty()) return false;
  r->type = in[0];
  if (r->type == kState) {
    if (in.size() < 2) return false;
    r->flags = static_cast<uint8_t>(in[1]);
    r->size = 2;
    return true;
  }
  if (in.size() < kEventHeader) return false;
  r->time = FromMicros(
      static_cast<int64_t>(big_endian::Load<uint64_t>(in.data() + 1)));
  const size_t len = big_endian::Load<uint16_t>(in.data() + 9);
  if (in.size() - kEventHeader < len) return false;
  r->sku = in.substr(kEventHeader, len);
  r->size = kEventHeader + len;
  return true;
}

class HistoryMerge final : public rocksdb::MergeOperator {
 public:
  explicit HistoryMerge(absl::Duration retention) : retention_(retention) {}

  const char* Name() const override { return "offergraph.HistoryMerge.v1"; }

  bool FullMergeV2(const MergeOperationInput& in,
                   MergeOperationOutput* out) const override {
    std::string all;
    if (in.existing_value != nullptr) {
      all.assign(in.existing_value->data(), in.existing_value->size());
    }
    for (const rocksdb::Slice& op : in.operand_list) {
      all.append(op.data(), op.size());
    }
    out->new_value = Trim(all, absl::Now() - retention_);
    return true;
  }

  bool PartialMergeMulti(const rocksdb::Slice& key,
                         const std::deque<rocksdb::Slice>& operands,
                         std::string* new_value,
                         rocksdb::Logger* logger) const override {
    new_value->clear();
    for (const rocksdb::Slice& op : operands) {
      new_value->append(op.data(), op.size());
    }
    return true;
  }

 private:
  const absl::Duration retention_;
};

}  // namespace

std::string Event(char type, absl::Time t, absl::string_view sku) {
  sku = sku.substr(0, 0xffff);
  std::string out(kEventHeader, '\0');
  out[0] = type;
  big_endian::Store<uint64_t>(&out[1], static_cast<uint64_t>(ToMicros(t)));
  big_endian::Store<uint16_t>(&out[9], static_cast<uint16_t>(sku.size()));
  out.append(sku.data(), sku.size());
  return out;
}

std::string State(const CustomerState& state) {
  std::string out(2, '\0');
  out[0] = kState;
  out[1] = static_cast<char>((state.complaint_open ? 1 : 0) |
                             (state.budget_sensitive ? 2 : 0));
  return out;
}

void Decode(absl::string_view value, absl::Time oldest, absl::Time day_ago,
            ContactHistory* h) {
  Record r;
  for (; Next(value, &r); value.remove_prefix(r.size)) {
    if (r.type == kState) {
      h->state.complaint_open = (r.flags & 1) != 0;
      h->state.budget_sensitive = (r.flags & 2) != 0;
      continue;
    }
    if (r.time < oldest) continue;
    switch (r.type) {
      case kResponse:
        if (r.time >= day_ago) h->offer_responses.push_back(r.time);
        break;
      case kPresented:
        h->skus[r.sku].presented.push_back(r.time);
        break;
      case kDeclined: {
        SkuContact& c = h->skus[r.sku];
        c.last_declined = std::max(c.last_declined, r.time);
        break;
      }
      case kAccepted:
        h->last_accepted = std::max(h->last_accepted, r.time);
        break;
      default:
        break;
    }
  }
  // Records are in arrival order; readers want times ascending.
  std::sort(h->offer_responses.begin(), h->offer_responses.end());
  for (auto& [sku, contact] : h->skus) {
    std::sort(contact.presented.begin(), contact.presented.end());
  }
}

int64_t CountRecords(absl::string_view value) {
  int64_t n = 0;
  uint8_t flags = 0;
  Record r;
  for (; Next(value, &r); value.remove_prefix(r.size)) {
    if (r.type == kState) {
      flags = r.flags;
    } else {
      ++n;
    }
  }
  return n + (flags != 0 ? 1 : 0);
}

std::string Trim(absl::string_view value, absl::Time oldest) {
  std::string out;
  out.reserve(value.size());
  absl::string_view state;
  Record r;
  for (; Next(value, &r); value.remove_prefix(r.size)) {
    if (r.type == kState) {
      state = value.substr(0, r.size);
    } else if (r.time >= oldest) {
      out.append(value.data(), r.size);
    }
  }
  if (!state.empty() && state[1] != 0) out.append(state.data(), state.size());
  return out;
}

std::shared_ptr<rocksdb::MergeOperator> NewHistoryMergeOperator(
    absl::Duration retention) {
  return std::make_shared<HistoryMerge>(retention);
}

}  // namespace offergraph::history_codec
