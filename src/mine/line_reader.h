// File: line_reader.h
// -----------------------------------------------------------------------------
// Streams the lines of a plain or gzip-compressed text file (gzip detected by
// its magic bytes 1f 8b, decompressed with zlib's gzread), so that inputs far
// larger than memory can be read front to back.
//
// Example:
//   ASSIGN_OR_RETURN(std::unique_ptr<LineReader> in, LineReader::Open(path));
//   absl::string_view line;
//   while (true) {
//     ASSIGN_OR_RETURN(bool more, in->Next(&line));
//     if (!more) break;
//     ...  // in->line_number() is the 1-based number of `line`
//   }
#ifndef OFFERGRAPH_MINE_LINE_READER_H_
#define OFFERGRAPH_MINE_LINE_READER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace offergraph::mine {

// Owns the open file. Not thread-safe.
class LineReader {
 public:
  // NOT_FOUND when the file does not exist.
  static absl::StatusOr<std::unique_ptr<LineReader>> Open(
      const std::string& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Reads the next line without its "\n" or "\r\n" into *line (valid until
  // the next call). Returns false at the end of the input. A gzip stream cut
  // short or corrupt is DATA_LOSS "<file>:<line>: ...".
  absl::StatusOr<bool> Next(absl::string_view* line);

  // 1-based number of the line last returned.
  int64_t line_number() const { return line_number_; }
  // Bytes of the file (compressed, for gzip) consumed so far, and its size:
  // for progress reports.
  uint64_t file_position() const;
  uint64_t file_size() const { return file_size_; }
  bool gzip() const { return gz_ != nullptr; }
  const std::string& path() const { return path_; }

 private:
  LineReader() = default;
  // Appends more input after the unread bytes; false at the end of input.
  absl::StatusOr<bool> Refill();

  std::string path_;
  int fd_ = -1;
  void* gz_ = nullptr;  // gzFile when the input is gzip
  uint64_t file_size_ = 0;
  uint64_t plain_position_ = 0;
  std::unique_ptr<char[]> buf_;
  size_t capacity_ = 0;
  size_t begin_ = 0;  // first unread byte
  size_t end_ = 0;    // one past the last byte read
  bool eof_ = false;
  int64_t line_number_ = 0;
};

// Reads a whole plain or gzip file into memory (for small tables such as a
// product list). Same errors as LineReader.
absl::StatusOr<std::string> ReadMaybeGzipFile(const std::string& path);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_LINE_READER_H_
