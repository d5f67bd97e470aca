// File: deals_csv.h
// -----------------------------------------------------------------------------
// What the three deals loaders (bundles, quantity breaks, promotions) share:
// a record reader that checks the field count and blames fields by line and
// column, and parsers for the fields they have in common (percentages,
// RFC 3339 times, either-or column pairs).
#ifndef OFFERGRAPH_DATA_DEALS_CSV_H_
#define OFFERGRAPH_DATA_DEALS_CSV_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "data/csv_reader.h"
#include "offergraph/catalog.h"

namespace offergraph {

// Reads a deals file's records after its header. Does not own `contents`
// (which must outlive it); not thread-safe.
class DealsCsv {
 public:
  DealsCsv(absl::string_view contents, absl::string_view filename)
      : reader_(contents, filename), contents_(contents), filename_(filename) {}

  // Checks the UTF-8 and reads the header row. Call once, first.
  absl::Status Start();
  // The column's index, or -1 when absent / an error naming it.
  int Index(absl::string_view name) const { return header_.Index(name); }
  absl::StatusOr<int> Required(absl::string_view name) const {
    return header_.Required(name);
  }

  // An upper bound of the records (newlines + 1), to reserve for them.
  size_t MaxRecords() const;

  // Reads the next record; false at the end. A record whose field count
  // differs from the header's is an error.
  absl::StatusOr<bool> Next();

  int line() const { return reader_.record_line(); }
  // Whether column `c` exists and is not empty in this record.
  bool Has(int c) const { return c >= 0 && !f_[c].value.empty(); }
  // The value of column `c` in this record ("" when the column is absent).
  absl::string_view Value(int c) const {
    return c >= 0 ? f_[c].value : absl::string_view();
  }
  int Column(int c) const { return c >= 0 ? f_[c].column : 1; }

  // "<file>:<line>:<column of c>: <column>: <what>".
  absl::Status Error(int c, absl::string_view column,
                     absl::string_view what) const;

  // Which of two either-or columns this record sets (a or b); an error
  // naming both when it sets both or neither.
  absl::StatusOr<int> OneOf(int a, absl::string_view a_name, int b,
                            absl::string_view b_name) const;

  // A required, non-empty column's value, or an error.
  absl::StatusOr<absl::string_view> NonEmpty(int c,
                                             absl::string_view column) const;

  // Column `c` (named `column`) as a price in `product`'s currency below
  // its list price, or an error.
  absl::StatusOr<int64_t> PriceBelowList(int c, absl::string_view column,
                                         const Product& product) const;
  // Column `c` (discount_percent) as basis points, or an error.
  absl::StatusOr<int32_t> Discount(int c) const;

  // valid_from and valid_until (RFC 3339) into *from / *until; absent or
  // empty leave them at InfinitePast / InfiniteFuture, unless
  // `until_required`. valid_until must be after valid_from.
  absl::Status Validity(int from_col, int until_col, bool until_required,
                        absl::Time* from, absl::Time* until) const;

 private:
  CsvReader reader_;
  absl::string_view contents_;
  absl::string_view filename_;
  CsvHeader header_;
  std::vector<CsvField> f_;
};

// A percentage in (0, 100] with at most two decimals, as basis points
// ("12.5" -> 1250). Errors are message fragments ("\"0\" must be ...").
absl::StatusOr<int32_t> ParseDiscountPercent(absl::string_view text);

// An RFC 3339 time ("2026-12-24T00:00:00Z", "2026-12-24T01:00:00+01:00").
absl::StatusOr<absl::Time> ParseRfc3339(absl::string_view text);

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_DEALS_CSV_H_
