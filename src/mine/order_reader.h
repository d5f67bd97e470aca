// File: order_reader.h
// -----------------------------------------------------------------------------
// Reads order lines (one row per item of an order) from a CSV file with a
// header row, plain or gzip. Column names are configurable; other columns are
// ignored. Rows of one order need not be adjacent.
//
// Example:
//   OrderColumns cols;  // order_id, sku
//   cols.sku = "product_id";
//   ASSIGN_OR_RETURN(auto reader, OrderReader::Open(path, cols));
//   OrderRow row;
//   while (true) {
//     ASSIGN_OR_RETURN(bool more, reader->Next(&row));
//     if (!more) break;
//   }
#ifndef OFFERGRAPH_MINE_ORDER_READER_H_
#define OFFERGRAPH_MINE_ORDER_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "mine/line_reader.h"

namespace offergraph::mine {

// Which columns hold what. Empty optional names mean "not read".
struct OrderColumns {
  std::string order = "order_id";  // required
  std::string sku = "sku";         // required
  std::string customer;            // optional
  std::string timestamp;           // optional
};

// One order line. Views are valid until the next Next().
struct OrderRow {
  absl::string_view order;
  absl::string_view sku;  // empty: the order exists but this row has no item
  absl::string_view customer;
  absl::string_view timestamp;
};

// Splits one CSV record held on a single line into *fields (RFC 4180 quotes
// with "" escapes allowed). On error returns a message fragment. Quoted fields
// are unescaped into *scratch, which must outlive the views.
absl::Status SplitCsvLine(absl::string_view line,
                          std::vector<absl::string_view>* fields,
                          std::vector<std::string>* scratch);

// Owns its LineReader. Not thread-safe.
class OrderReader {
 public:
  // Opens the file and reads its header. Errors: NOT_FOUND for a missing
  // file; INVALID_ARGUMENT "<file>:1: missing column 'x' (columns: ...)".
  static absl::StatusOr<std::unique_ptr<OrderReader>> Open(
      const std::string& path, const OrderColumns& columns);

  // Reads the next row; false at the end. Blank lines are skipped. Errors
  // read "<file>:<line>: <what is wrong>": INVALID_ARGUMENT for a malformed
  // row (wrong field count, bad quoting, empty order id), DATA_LOSS for a
  // truncated gzip stream.
  absl::StatusOr<bool> Next(OrderRow* row);

  int64_t line_number() const { return lines_->line_number(); }
  uint64_t file_position() const { return lines_->file_position(); }
  uint64_t file_size() const { return lines_->file_size(); }
  const std::string& path() const { return lines_->path(); }

 private:
  OrderReader() = default;

  std::unique_ptr<LineReader> lines_;
  size_t field_count_ = 0;
  int order_ = -1, sku_ = -1, customer_ = -1, timestamp_ = -1;
  std::vector<absl::string_view> fields_;
  std::vector<std::string> scratch_;
};

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_ORDER_READER_H_
