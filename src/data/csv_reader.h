// File: csv_reader.h
// -----------------------------------------------------------------------------
// A strict RFC 4180 reader over a whole file held in memory, that knows the
// line and column of every field so data errors can point at them.
//
// Accepts LF and CRLF line ends, a leading UTF-8 byte-order mark, quoted
// fields with "" escapes and embedded newlines; skips empty lines. Rejects
// invalid UTF-8, unterminated quotes, quotes inside unquoted fields and text
// after a closing quote.
#ifndef OFFERGRAPH_DATA_CSV_READER_H_
#define OFFERGRAPH_DATA_CSV_READER_H_

#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace offergraph {

// One field. `value` points into the file's bytes, or into the reader's
// storage for quoted fields with escapes; valid until the next Next().
struct CsvField {
  absl::string_view value;
  int line = 0;    // 1-based line where the field starts
  int column = 0;  // 1-based byte column where the field starts
};

// Returns INVALID_ARGUMENT "<file>:<line>:<column>: <message>".
absl::Status DataError(absl::string_view file, int line, int column,
                       absl::string_view message);

// Reads records one at a time. Does not own `contents`, which must outlive
// it. Not thread-safe.
class CsvReader {
 public:
  CsvReader(absl::string_view contents, absl::string_view filename);

  // Validates the whole file as UTF-8. Call once before Next().
  absl::Status CheckUtf8() const;

  // Validates the UTF-8 sequences that start in [begin, end) (a sequence
  // that starts before `end` is read to its last byte). Returns where the
  // next sequence starts (>= end), or the error of the first invalid byte,
  // located as CheckUtf8 would. `begin` must start a sequence.
  absl::StatusOr<size_t> CheckUtf8Range(size_t begin, size_t end) const;

  // Continues reading at byte `pos`, which must start a line, numbering that
  // line `line`. For parsing one stretch of a file while another thread
  // parses the rest.
  void Seek(size_t pos, int line);
  // Next() returns false once a record would start at or after `limit`.
  void set_limit(size_t limit) { limit_ = limit; }

  // Reads the next record into *fields. Returns false at the end of input.
  absl::StatusOr<bool> Next(std::vector<CsvField>* fields);

  // The line of the record last returned by Next().
  int record_line() const { return record_line_; }
  // Bytes of the input consumed so far (for progress reports).
  size_t position() const { return pos_; }
  absl::string_view filename() const { return filename_; }
  // The line number the reader is at (of the next byte it reads).
  int line() const { return line_; }
  // Where the data starts: 3 after a UTF-8 byte-order mark, else 0.
  size_t data_start() const { return data_start_; }

 private:
  absl::string_view s_;
  std::string filename_;
  size_t pos_ = 0;
  size_t data_start_ = 0;
  size_t limit_ = absl::string_view::npos;
  int line_ = 1;
  size_t line_start_ = 0;
  int record_line_ = 0;
  std::deque<std::string> unescaped_;
};

// Column positions of a header row.
class CsvHeader {
 public:
  // Fails on an empty file (no header) or a duplicate column name.
  static absl::StatusOr<CsvHeader> Read(CsvReader& reader);

  // The column's index, or -1 when absent.
  int Index(absl::string_view name) const;
  // Like Index, but a missing column is an error naming it.
  absl::StatusOr<int> Required(absl::string_view name) const;
  size_t size() const { return names_.size(); }

 private:
  std::string filename_;
  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, int> index_;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_CSV_READER_H_
