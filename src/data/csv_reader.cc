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
  unescaped_.clear();
  const size_t n = s_.size();
  // Skip empty lines.
  while (pos_ < n && pos_ < limit_) {
    if (s_[pos_] == '\n') {
      ++pos_;
    } else if (s_[pos_] == '\r' && pos_ + 1 < n && s_[pos_ + 1] == '\n') {
      pos_ += 2;
    } else {
      break;
    }
    ++line_;
    line_start_ = pos_;
  }
  if (pos_ >= n || pos_ >= limit_) return false;
  record_line_ = line_;

  while (true) {
    CsvField field;
    field.line = line_;
    field.column = static_cast<int>(pos_ - line_start_ + 1);
    if (pos_ < n && s_[pos_] == '"') {
      const size_t start = ++pos_;
      bool escaped = false;
      while (true) {
        if (pos_ >= n) {
          return DataError(filename_, field.line, field.column,
                           "unterminated quoted field");
        }
        const char c = s_[pos_];
        if (c == '"') {
          if (pos_ + 1 < n && s_[pos_ + 1] == '"') {
            escaped = true;
            pos_ += 2;
            continue;
          }
          break;
        }
        if (c == '\n') {
          ++line_;
          line_start_ = pos_ + 1;
        }
        ++pos_;
      }
      absl::string_view raw = s_.substr(start, pos_ - start);
      if (escaped) {
        unescaped_.push_back(absl::StrReplaceAll(raw, {{"\"\"", "\""}}));
        field.value = unescaped_.back();
      } else {
        field.value = raw;
      }
      ++pos_;  // the closing quote
      if (pos_ < n && s_[pos_] != ',' && s_[pos_] != '\n' &&
          !(s_[pos_] == '\r' && (pos_ + 1 == n || s_[pos_ + 1] == '\n'))) {
        return DataError(filename_, line_,
                         static_cast<int>(pos_ - line_start_ + 1),
                         "unexpected text after a closing quote");
      }
    } else {
      const size_t start = pos_;
      while (pos_ < n && !IsSpecial(s_[pos_])) ++pos_;
      if (pos_ < n && s_[pos_] == '"') {
        return DataError(filename_, line_,
                         static_cast<int>(pos_ - line_start_ + 1),
                         "quote inside an unquoted field (quote the whole "
                         "field and double the quote)");
      }
      size_t end = pos_;
      if (end > start && s_[end - 1] == '\r' &&
          (pos_ >= n || s_[pos_] == '\n')) {
        --end;
      }
      field.value = s_.substr(start, end - start);
    }
    fields->push_back(field);
    if (pos_ >= n) return true;
    if (s_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (s_[pos_] == '\r') ++pos_;
    if (pos_ < n && s_[pos_] == '\n') {
      ++pos_;
      ++line_;
      line_start_ = pos_;
    }
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
