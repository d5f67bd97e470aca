#include "mine/order_reader.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace offergraph::mine {

absl::Status SplitCsvLine(absl::string_view line,
                          std::vector<absl::string_view>* fields,
                          std::vector<std::string>* scratch) {
  fields->clear();
  scratch->clear();
  if (line.find('"') == absl::string_view::npos) {
    // Fast path: no quoting anywhere on the line.
    size_t start = 0;
    while (true) {
      const size_t comma = line.find(',', start);
      if (comma == absl::string_view::npos) {
        fields->push_back(line.substr(start));
        return absl::OkStatus();
      }
      fields->push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
  }
  // Reserve so that views into scratch stay valid while it grows.
  scratch->reserve(line.size() / 2 + 1);
  size_t i = 0;
  while (true) {
    if (i < line.size() && line[i] == '"') {
      std::string value;
      size_t j = i + 1;
      bool closed = false;
      while (j < line.size()) {
        if (line[j] == '"') {
          if (j + 1 < line.size() && line[j + 1] == '"') {
            value.push_back('"');
            j += 2;
            continue;
          }
          closed = true;
          ++j;
          break;
        }
        value.push_back(line[j++]);
      }
      if (!closed) {
        return absl::InvalidArgumentError(
            absl::StrCat("column ", i + 1,
                         ": unterminated quoted field (order files "
                         "must hold one record per line)"));
      }
      if (j < line.size() && line[j] != ',') {
        return absl::InvalidArgumentError(
            absl::StrCat("column ", j + 1, ": text after a closing quote"));
      }
      scratch->push_back(std::move(value));
      fields->push_back(scratch->back());
      if (j >= line.size()) return absl::OkStatus();
      i = j + 1;
      continue;
    }
    size_t comma = line.find(',', i);
    absl::string_view f = line.substr(i, comma == absl::string_view::npos
                                             ? absl::string_view::npos
                                             : comma - i);
    if (f.find('"') != absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "column ", i + 1 + f.find('"'), ": quote inside an unquoted field"));
    }
    fields->push_back(f);
    if (comma == absl::string_view::npos) return absl::OkStatus();
    i = comma + 1;
  }
}

absl::StatusOr<std::unique_ptr<OrderReader>> OrderReader::Open(
    const std::string& path, const OrderColumns& columns) {
  absl::StatusOr<std::unique_ptr<LineReader>> lines = LineReader::Open(path);
  if (!lines.ok()) return lines.status();
  std::unique_ptr<OrderReader> r(new OrderReader());
  r->lines_ = *std::move(lines);
  absl::string_view header;
  absl::StatusOr<bool> more = r->lines_->Next(&header);
  if (!more.ok()) return more.status();
  if (!*more) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":1: empty file (expected a header row)"));
  }
  if (absl::StartsWith(header, "\xEF\xBB\xBF")) header.remove_prefix(3);
  absl::Status split = SplitCsvLine(header, &r->fields_, &r->scratch_);
  if (!split.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":1: header: ", split.message()));
  }
  std::vector<std::string> names(r->fields_.begin(), r->fields_.end());
  r->field_count_ = names.size();
  auto find = [&](const std::string& name, bool required,
                  int* index) -> absl::Status {
    if (name.empty()) {
      if (!required) return absl::OkStatus();
      return absl::InvalidArgumentError("empty column name");
    }
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) {
        *index = static_cast<int>(i);
        return absl::OkStatus();
      }
    }
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":1: missing column '", name,
                     "' (columns: ", absl::StrJoin(names, ","), ")"));
  };
  if (absl::Status s = find(columns.order, true, &r->order_); !s.ok()) {
    return s;
  }
  if (absl::Status s = find(columns.sku, true, &r->sku_); !s.ok()) return s;
  if (absl::Status s = find(columns.customer, false, &r->customer_); !s.ok()) {
    return s;
  }
  if (absl::Status s = find(columns.timestamp, false, &r->timestamp_);
      !s.ok()) {
    return s;
  }
  return r;
}

absl::StatusOr<bool> OrderReader::Next(OrderRow* row) {
  absl::string_view line;
  while (true) {
    absl::StatusOr<bool> more = lines_->Next(&line);
    if (!more.ok()) return more.status();
    if (!*more) return false;
    if (!line.empty()) break;
  }
  auto error = [&](absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat(lines_->path(), ":", lines_->line_number(), ": ", what));
  };
  if (absl::Status s = SplitCsvLine(line, &fields_, &scratch_); !s.ok()) {
    return error(s.message());
  }
  if (fields_.size() != field_count_) {
    return error(absl::StrCat("expected ", field_count_, " fields, got ",
                              fields_.size()));
  }
  row->order = fields_[order_];
  if (row->order.empty()) return error("empty order id");
  row->sku = fields_[sku_];
  row->customer = customer_ >= 0 ? fields_[customer_] : absl::string_view();
  row->timestamp = timestamp_ >= 0 ? fields_[timestamp_] : absl::string_view();
  return true;
}

}  // namespace offergraph::mine
