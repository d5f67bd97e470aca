#include "data/csv_reader.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace offergraph {
namespace {

// Bytes that end an unquoted field's plain run: ',', '\n' and '"'.
struct SpecialBytes {
  bool table[256] = {};
  constexpr SpecialBytes() : table() {
    table[static_cast<unsigned char>(',')] = true;
    table[static_cast<unsigned char>('\n')] = true;
    table[static_cast<unsigned char>('"')] = true;
  }
};
constexpr SpecialBytes kSpecial;

inline bool IsSpecial(char c) {
  return kSpecial.table[static_cast<unsigned char>(c)];
}

// The first position at or after `pos` holding ',', '\n' or '"' (or n).
// Eight bytes at a time: a byte equal to c is a zero byte of w ^ (c * ones),
// and (x - ones) & ~x & high flags the lowest zero byte of x exactly (it can
// also flag bytes above it, never below), so the lowest flag over the three
// tests is the first special byte.
inline size_t ScanPlain(const char* s, size_t pos, size_t n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  while (pos + 8 <= n) {
    uint64_t w;
    std::memcpy(&w, s + pos, 8);
    const uint64_t a = w ^ (kOnes * ',');
    const uint64_t b = w ^ (kOnes * '\n');
    const uint64_t c = w ^ (kOnes * '"');
    const uint64_t m =
        (((a - kOnes) & ~a) | ((b - kOnes) & ~b) | ((c - kOnes) & ~c)) & kHigh;
    if (m != 0) return pos + (__builtin_ctzll(m) >> 3);
    pos += 8;
  }
#endif
  while (pos < n && !IsSpecial(s[pos])) ++pos;
  return pos;
}

}  // namespace

absl::Status DataError(absl::string_view file, int line, int column,
                       absl::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s:%d:%d: %s", file, line, column, message));
}

CsvReader::CsvReader(absl::string_view contents, absl::string_view filename)
    : s_(contents), filename_(filename) {
  if (s_.size() >= 3 && s_.substr(0, 3) == "\xEF\xBB\xBF") {
    pos_ = 3;
    line_start_ = 3;
    data_start_ = 3;
  }
}

void CsvReader::Seek(size_t pos, int line) {
  pos_ = pos;
  line_ = line;
  line_start_ = pos;
}

absl::Status CsvReader::CheckUtf8() const {
  return CheckUtf8Range(data_start_, s_.size()).status();
}

absl::StatusOr<size_t> CsvReader::CheckUtf8Range(size_t from,
                                                 size_t end) const {
  const auto* p = reinterpret_cast<const unsigned char*>(s_.data());
  const size_t n = s_.size();
  if (end > n) end = n;
  const size_t begin = data_start_;  // after a byte-order mark
  size_t i = from;
  while (i < end) {
    // ASCII fast path, eight bytes at a time.
    if (i + 8 <= end) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    }
    bool ok = len > 0 && i + len <= n;
    for (int k = 1; ok && k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid too.
    if (ok && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
               (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
               (cp >= 0xD800 && cp <= 0xDFFF))) {
      ok = false;
    }
    if (!ok) {
      // Errors are rare: find the position only now.
      absl::string_view before = s_.substr(begin, i - begin);
      const int line =
          1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
      const size_t nl = before.rfind('\n');
      const size_t line_start = nl == absl::string_view::npos ? 0 : nl + 1;
      return DataError(filename_, line,
                       static_cast<int>(before.size() - line_start + 1),
                       absl::StrFormat("invalid UTF-8 (byte 0x%02X)", c));
    }
    i += len;
  }
  return i;
}

absl::StatusOr<bool> CsvReader::Next(std::vector<CsvField>* fields) {
  fields->clear();
  if (!unescaped_.empty()) unescaped_.clear();
  // Raw pointers and locals in the loop (string_view's checked accessors and
  // member updates per byte cost more than the scan itself); the members
  // are written back before every return.
  const char* const s = s_.data();
  const size_t n = s_.size();
  const size_t stop = limit_ < n ? limit_ : n;
  size_t pos = pos_;
  int line = line_;
  size_t line_start = line_start_;
  auto sync = [&] {
    pos_ = pos;
    line_ = line;
    line_start_ = line_start;
  };
  // Skip empty lines.
  while (pos < stop) {
    if (s[pos] == '\n') {
      ++pos;
    } else if (s[pos] == '\r' && pos + 1 < n && s[pos + 1] == '\n') {
      pos += 2;
    } else {
      break;
    }
    ++line;
    line_start = pos;
  }
  if (pos >= stop) {
    sync();
    return false;
  }
  record_line_ = line;

  while (true) {
    CsvField field;
    field.line = line;
    field.column = static_cast<int>(pos - line_start + 1);
    if (pos < n && s[pos] == '"') {
      const size_t start = ++pos;
      bool escaped = false;
      while (true) {
        if (pos >= n) {
          sync();
          return DataError(filename_, field.line, field.column,
                           "unterminated quoted field");
        }
        const char c = s[pos];
        if (c == '"') {
          if (pos + 1 < n && s[pos + 1] == '"') {
            escaped = true;
            pos += 2;
            continue;
          }
          break;
        }
        if (c == '\n') {
          ++line;
          line_start = pos + 1;
        }
        ++pos;
      }
      absl::string_view raw(s + start, pos - start);
      if (escaped) {
        unescaped_.push_back(absl::StrReplaceAll(raw, {{"\"\"", "\""}}));
        field.value = unescaped_.back();
      } else {
        field.value = raw;
      }
      ++pos;  // the closing quote
      if (pos < n && s[pos] != ',' && s[pos] != '\n' &&
          !(s[pos] == '\r' && (pos + 1 == n || s[pos + 1] == '\n'))) {
        sync();
        return DataError(filename_, line,
                         static_cast<int>(pos - line_start + 1),
                         "unexpected text after a closing quote");
      }
    } else {
      const size_t start = pos;
      pos = ScanPlain(s, pos, n);
      if (pos < n && s[pos] == '"') {
        sync();
        return DataError(filename_, line,
                         static_cast<int>(pos - line_start + 1),
                         "quote inside an unquoted field (quote the whole "
                         "field and double the quote)");
      }
      size_t end = pos;
      if (end > start && s[end - 1] == '\r' && (pos >= n || s[pos] == '\n')) {
        --end;
      }
      field.value = absl::string_view(s + start, end - start);
    }
    fields->push_back(field);
    if (pos >= n) {
      sync();
      return true;
    }
    if (s[pos] == ',') {
      ++pos;
      continue;
    }
    if (s[pos] == '\r') ++pos;
    if (pos < n && s[pos] == '\n') {
      ++pos;
      ++line;
      line_start = pos;
    }
    sync();
    return true;
  }
}

absl::StatusOr<CsvHeader> CsvHeader::Read(CsvReader& reader) {
  CsvHeader header;
  header.filename_ = std::string(reader.filename());
  std::vector<CsvField> fields;
  absl::StatusOr<bool> got = reader.Next(&fields);
  if (!got.ok()) return got.status();
  if (!*got) {
    return DataError(reader.filename(), 1, 1, "empty file: no header row");
  }
  for (const CsvField& f : fields) {
    std::string name(f.value);
    if (!header.index_.emplace(name, static_cast<int>(header.names_.size()))
             .second) {
      return DataError(reader.filename(), f.line, f.column,
                       absl::StrCat("duplicate column \"", name, "\""));
    }
    header.names_.push_back(std::move(name));
  }
  return header;
}

int CsvHeader::Index(absl::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? -1 : it->second;
}

absl::StatusOr<int> CsvHeader::Required(absl::string_view name) const {
  int i = Index(name);
  if (i < 0) {
    return DataError(filename_, 1, 1,
                     absl::StrCat("missing required column \"", name, "\""));
  }
  return i;
}

}  // namespace offergraph
