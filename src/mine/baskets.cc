#include "mine/baskets.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_format.h"

namespace offergraph::mine {

constexpr uint32_t kNoItem = 0xffffffffu;

Baskets Baskets::Select(absl::FunctionRef<bool(size_t)> keep) const {
  Baskets out;
  out.skus = skus;
  for (size_t o = 0; o < order_count(); ++o) {
    if (!keep(o)) continue;
    absl::Span<const uint32_t> b = order(o);
    out.order_ids.push_back(order_ids[o]);
    out.items.insert(out.items.end(), b.begin(), b.end());
    out.offsets.push_back(static_cast<uint32_t>(out.items.size()));
    out.lines += static_cast<int64_t>(b.size());
  }
  return out;
}

void BasketBuilder::Add(absl::string_view order, absl::string_view sku) {
  ++line_count_;
  // Grouped input (the common case): the same order as the previous line
  // needs no lookup.
  uint32_t o;
  if (!order_ids_.empty() && order_ids_[last_order_] == order) {
    o = last_order_;
  } else {
    auto [it, inserted] = order_index_.try_emplace(
        order, static_cast<uint32_t>(order_ids_.size()));
    if (inserted) order_ids_.emplace_back(order);
    o = it->second;
    last_order_ = o;
  }
  uint32_t item = kNoItem;
  if (!sku.empty()) {
    auto [it, inserted] =
        sku_index_.try_emplace(sku, static_cast<uint32_t>(skus_.size()));
    if (inserted) skus_.emplace_back(sku);
    item = it->second;
  }
  lines_.push_back(uint64_t{o} << 32 | item);
}

void BasketBuilder::AddCustomer(absl::string_view customer) {
  if (!customer.empty()) customers_.emplace(customer);
}

Baskets BasketBuilder::Finish() && {
  Baskets out;
  const size_t orders = order_ids_.size();
  // Counting sort of the lines by order index (stable, O(lines)).
  std::vector<uint32_t> start(orders + 1, 0);
  for (uint64_t l : lines_) {
    if (static_cast<uint32_t>(l) != kNoItem) ++start[(l >> 32) + 1];
  }
  for (size_t o = 0; o < orders; ++o) start[o + 1] += start[o];
  std::vector<uint32_t> items(start[orders]);
  {
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (uint64_t l : lines_) {
      const uint32_t item = static_cast<uint32_t>(l);
      if (item != kNoItem) items[fill[l >> 32]++] = item;
    }
  }
  lines_ = std::vector<uint64_t>();
  // Sort and de-duplicate each basket in place, compacting as we go.
  out.offsets.reserve(orders + 1);
  size_t w = 0;
  for (size_t o = 0; o < orders; ++o) {
    auto b = items.begin() + start[o];
    auto e = items.begin() + start[o + 1];
    std::sort(b, e);
    e = std::unique(b, e);
    const size_t n = static_cast<size_t>(e - b);
    std::move(b, e, items.begin() + w);
    w += n;
    out.offsets.push_back(static_cast<uint32_t>(w));
  }
  items.resize(w);
  items.shrink_to_fit();
  out.items = std::move(items);
  out.skus = std::move(skus_);
  out.order_ids = std::move(order_ids_);
  out.lines = line_count_;
  out.customers = static_cast<int64_t>(customers_.size());
  return out;
}

absl::StatusOr<Baskets> ReadBaskets(const std::string& path,
                                    const OrderColumns& columns,
                                    std::FILE* progress) {
  absl::StatusOr<std::unique_ptr<OrderReader>> reader =
      OrderReader::Open(path, columns);
  if (!reader.ok()) return reader.status();
  OrderReader& r = **reader;
  const uint64_t size = r.file_size();
  const bool report = progress != nullptr && size > (uint64_t{4} << 20);
  int next_quarter = 1;
  BasketBuilder builder;
  const bool customers = !columns.customer.empty();
  OrderRow row;
  while (true) {
    absl::StatusOr<bool> more = r.Next(&row);
    if (!more.ok()) return more.status();
    if (!*more) break;
    builder.Add(row.order, row.sku);
    if (customers) builder.AddCustomer(row.customer);
    if (report && (r.line_number() & 0xffff) == 0 &&
        r.file_position() * 4 >= size * next_quarter) {
      absl::FPrintF(progress, "read %d%% of %s (%d lines)\n", 25 * next_quarter,
                    path, r.line_number());
      ++next_quarter;
    }
  }
  return std::move(builder).Finish();
}

}  // namespace offergraph::mine
