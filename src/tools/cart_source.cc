#include "tools/cart_source.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace offergraph {
namespace tools {
namespace {

// Calls `line` for every line of the file, read in 1 MB blocks.
template <typename Fn>
absl::Status ForEachLine(const std::string& path, Fn line) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  std::string carry;
  std::vector<char> block(1 << 20);
  size_t got;
  while ((got = std::fread(block.data(), 1, block.size(), f)) > 0) {
    absl::string_view data(block.data(), got);
    size_t nl;
    while ((nl = data.find('\n')) != absl::string_view::npos) {
      if (carry.empty()) {
        line(data.substr(0, nl));
      } else {
        carry.append(data.data(), nl);
        line(carry);
        carry.clear();
      }
      data.remove_prefix(nl + 1);
    }
    carry.append(data.data(), data.size());
  }
  std::fclose(f);
  if (!carry.empty()) line(carry);
  return absl::OkStatus();
}

absl::string_view StripLine(absl::string_view s) {
  absl::ConsumeSuffix(&s, "\r");
  return s;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ReadSkusWithEdges(
    const std::string& data_dir) {
  std::vector<std::string> skus;
  absl::flat_hash_set<std::string> seen;
  bool header = true;
  std::string last;  // rows usually come grouped by from_sku
  absl::Status s =
      ForEachLine(data_dir + "/edges.csv", [&](absl::string_view line) {
        if (header) {
          header = false;
          return;
        }
        line = StripLine(line);
        absl::string_view from = line.substr(0, line.find(','));
        if (absl::ConsumePrefix(&from, "\"")) absl::ConsumeSuffix(&from, "\"");
        if (from.empty() || from == last) return;
        last.assign(from.data(), from.size());
        if (seen.insert(last).second) skus.push_back(last);
      });
  if (!s.ok()) return s;
  return skus;
}

absl::StatusOr<std::vector<std::string>> ReadSkusFile(const std::string& path) {
  std::vector<std::string> skus;
  absl::Status s = ForEachLine(path, [&](absl::string_view line) {
    line = StripLine(line);
    if (!line.empty()) skus.emplace_back(line);
  });
  if (!s.ok()) return s;
  return skus;
}

absl::StatusOr<std::vector<v1::SuggestRequest>> BuildRequests(
    const std::vector<std::string>& skus, const RequestMix& mix) {
  if (skus.empty()) return absl::InvalidArgumentError("no skus to draw from");
  if (mix.cart_lines < 1) {
    return absl::InvalidArgumentError("cart_lines must be >= 1");
  }
  std::mt19937_64 rng(mix.seed);
  auto u01 = [&rng] { return (rng() >> 11) * 0x1.0p-53; };
  const size_t lines = std::min<size_t>(mix.cart_lines, skus.size());
  std::vector<v1::SuggestRequest> pool(mix.pool_size);
  std::vector<size_t> picked;
  for (int64_t i = 0; i < mix.pool_size; ++i) {
    v1::SuggestRequest& r = pool[i];
    const double c = u01();
    double edge = mix.browse_share;
    if (c < edge) {
      r.set_channel(v1::BROWSE);
    } else if (c < (edge += mix.post_purchase_share)) {
      r.set_channel(v1::POST_PURCHASE);
    } else if (c < (edge += mix.support_desk_share)) {
      r.set_channel(v1::SUPPORT_DESK);
    } else {
      r.set_channel(v1::CHECKOUT);
    }
    if (u01() >= mix.guest_share && mix.customers > 0) {
      r.set_customer_id(absl::StrCat("cust-", rng() % mix.customers));
    }
    r.set_session_id(absl::StrCat("sess-", mix.seed, "-", i));
    picked.clear();
    while (picked.size() < lines) {
      const size_t k = rng() % skus.size();
      if (std::find(picked.begin(), picked.end(), k) != picked.end()) {
        continue;
      }
      picked.push_back(k);
      v1::CartLine* line = r.add_cart();
      line->set_sku(skus[k]);
      line->set_quantity(1 + static_cast<int32_t>(rng() % 3));
    }
    if (u01() < mix.complaint_share) {
      r.mutable_signals()->set_complaint_open(true);
    }
    if (u01() < mix.budget_share) {
      r.mutable_signals()->set_budget_sensitive(true);
    }
    r.mutable_signals()->set_tenure_days(static_cast<int32_t>(rng() % 2000));
  }
  return pool;
}

}  // namespace tools
}  // namespace offergraph
