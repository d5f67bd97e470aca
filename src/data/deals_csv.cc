#include "data/deals_csv.h"

#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "data/field_parsers.h"
#include "offergraph/deals.h"
#include "util/money.h"

namespace offergraph {

absl::Status DealsCsv::Start() {
  if (absl::Status s = reader_.CheckUtf8(); !s.ok()) return s;
  absl::StatusOr<CsvHeader> header = CsvHeader::Read(reader_);
  if (!header.ok()) return header.status();
  header_ = *std::move(header);
  return absl::OkStatus();
}

size_t DealsCsv::MaxRecords() const {
  size_t n = 1;
  for (const char *p = contents_.data(), *end = p + contents_.size();
       (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr;
       ++p) {
    ++n;
  }
  return n;
}

absl::StatusOr<bool> DealsCsv::Next() {
  absl::StatusOr<bool> got = reader_.Next(&f_);
  if (!got.ok() || !*got) return got;
  if (f_.size() != header_.size()) {
    return DataError(
        filename_, reader_.record_line(), 1,
        absl::StrCat("expected ", header_.size(),
                     " fields (as in the header), got ", f_.size()));
  }
  return true;
}

absl::Status DealsCsv::Error(int c, absl::string_view column,
                             absl::string_view what) const {
  return DataError(filename_, line(), Column(c),
                   absl::StrCat(column, ": ", what));
}

absl::StatusOr<int> DealsCsv::OneOf(int a, absl::string_view a_name, int b,
                                    absl::string_view b_name) const {
  const bool has_a = Has(a);
  const bool has_b = Has(b);
  if (has_a != has_b) return has_a ? a : b;
  const std::string both = absl::StrCat(a_name, ", ", b_name);
  if (has_a) {
    return Error(b, both, "give exactly one of the two, not both");
  }
  return Error(a >= 0 ? a : b, both, "give exactly one of the two, got none");
}

absl::StatusOr<absl::string_view> DealsCsv::NonEmpty(
    int c, absl::string_view column) const {
  if (!Has(c)) return Error(c, column, "must not be empty");
  return Value(c);
}

absl::StatusOr<int64_t> DealsCsv::PriceBelowList(int c,
                                                 absl::string_view column,
                                                 const Product& product) const {
  absl::StatusOr<int64_t> price =
      ParseMinorUnits(Value(c), CurrencyExponent(product.currency));
  if (!price.ok()) return Error(c, column, price.status().message());
  if (*price >= product.price) {
    return Error(
        c, column,
        absl::StrCat("\"", Value(c), "\" must be below the list price ",
                     FormatMoney(product.price, product.currency), " of \"",
                     product.sku, "\""));
  }
  return *price;
}

absl::StatusOr<int32_t> DealsCsv::Discount(int c) const {
  absl::StatusOr<int32_t> bp = ParseDiscountPercent(Value(c));
  if (!bp.ok()) return Error(c, "discount_percent", bp.status().message());
  return *bp;
}

absl::Status DealsCsv::Validity(int from_col, int until_col,
                                bool until_required, absl::Time* from,
                                absl::Time* until) const {
  if (Has(from_col)) {
    absl::StatusOr<absl::Time> t = ParseRfc3339(Value(from_col));
    if (!t.ok()) return Error(from_col, "valid_from", t.status().message());
    *from = *t;
  }
  if (Has(until_col)) {
    absl::StatusOr<absl::Time> t = ParseRfc3339(Value(until_col));
    if (!t.ok()) return Error(until_col, "valid_until", t.status().message());
    *until = *t;
  } else if (until_required) {
    return Error(until_col, "valid_until", "must not be empty");
  }
  if (*until <= *from) {
    return Error(
        until_col, "valid_until",
        absl::StrCat("\"", Value(until_col), "\" must be after valid_from \"",
                     Value(from_col), "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<int32_t> ParseDiscountPercent(absl::string_view text) {
  // Hundredths of a percent are basis points: two decimals, like cents.
  absl::StatusOr<int64_t> bp = ParseMinorUnits(text, 2);
  if (!bp.ok() || *bp <= 0 || *bp > kBasisPointsPerUnit) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", text,
        "\" must be a percentage in (0, 100] with at most 2 decimals"));
  }
  return static_cast<int32_t>(*bp);
}

namespace {

// "YYYY-MM-DDTHH:MM:SSZ", the form files usually hold, without the time
// zone machinery of absl::ParseTime (several times faster); false for any
// other form or an impossible date, which ParseTime then judges.
bool ParseUtcSeconds(absl::string_view s, absl::Time* out) {
  if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
      s[13] != ':' || s[16] != ':' || s[19] != 'Z') {
    return false;
  }
  auto num = [&](size_t at, size_t len, int* v) {
    *v = 0;
    for (size_t i = at; i < at + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      *v = *v * 10 + (s[i] - '0');
    }
    return true;
  };
  int y, mo, d, h, mi, se;
  if (!num(0, 4, &y) || !num(5, 2, &mo) || !num(8, 2, &d) || !num(11, 2, &h) ||
      !num(14, 2, &mi) || !num(17, 2, &se)) {
    return false;
  }
  const absl::CivilSecond cs(y, mo, d, h, mi, se);
  // CivilSecond normalises out-of-range fields (Feb 30 -> Mar 2): only an
  // unchanged value was a real date.
  if (cs.year() != y || cs.month() != mo || cs.day() != d || cs.hour() != h ||
      cs.minute() != mi || cs.second() != se) {
    return false;
  }
  *out = absl::FromCivil(cs, absl::UTCTimeZone());
  return true;
}

}  // namespace

absl::StatusOr<absl::Time> ParseRfc3339(absl::string_view text) {
  absl::Time t;
  if (ParseUtcSeconds(text, &t)) return t;
  std::string err;
  // ParseTime also takes "infinite-future"; a deal's window is finite.
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &err) ||
      t == absl::InfiniteFuture() || t == absl::InfinitePast()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", text, "\" is not an RFC 3339 time such as 2026-12-24T00:00:00Z"));
  }
  return t;
}

}  // namespace offergraph
