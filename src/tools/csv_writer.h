// File: csv_writer.h
// -----------------------------------------------------------------------------
// What offergraph-gen's writers share: a buffered output file and the
// formatting of generated skus and fixed-point numbers.
#ifndef OFFERGRAPH_TOOLS_CSV_WRITER_H_
#define OFFERGRAPH_TOOLS_CSV_WRITER_H_

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace offergraph {
namespace tools {

inline constexpr int kSkuDigits = 8;
inline constexpr int kSkuWidth = 3 + kSkuDigits;  // "SKU" + zero-padded index

// Appends to a big in-memory buffer and hands it to fwrite in large blocks:
// one syscall per few MB instead of one stream operation per field.
// Owns its FILE; not thread-safe.
class BufferedFile {
 public:
  static absl::StatusOr<std::unique_ptr<BufferedFile>> Open(
      const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
      return absl::InternalError(
          absl::StrCat("cannot create ", path, ": ", std::strerror(errno)));
    }
    return std::unique_ptr<BufferedFile>(new BufferedFile(f, path));
  }
  ~BufferedFile() {
    if (file_ != nullptr) std::fclose(file_);
  }

  std::string& buffer() { return buffer_; }
  // Call after each row: writes once the buffer is large.
  absl::Status MaybeFlush() {
    return buffer_.size() >= kFlushBytes ? Flush() : absl::OkStatus();
  }
  absl::Status Close() {
    absl::Status s = Flush();
    if (std::fclose(file_) != 0 && s.ok()) {
      s = absl::InternalError(absl::StrCat("cannot close ", path_));
    }
    file_ = nullptr;
    return s;
  }
  int64_t bytes() const { return written_ + buffer_.size(); }

 private:
  static constexpr size_t kFlushBytes = 4 << 20;
  BufferedFile(FILE* f, std::string path) : file_(f), path_(std::move(path)) {
    buffer_.reserve(kFlushBytes + 4096);
  }
  absl::Status Flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(),
                                        file_) != buffer_.size()) {
      return absl::InternalError(
          absl::StrCat("cannot write ", path_, ": ", std::strerror(errno)));
    }
    written_ += buffer_.size();
    buffer_.clear();
    return absl::OkStatus();
  }

  FILE* file_;
  std::string path_;
  std::string buffer_;
  int64_t written_ = 0;
};

inline void AppendSku(int64_t index, std::string* out) {
  char sku[kSkuWidth] = {'S', 'K', 'U'};
  for (int i = kSkuWidth - 1; i >= 3; --i) {
    sku[i] = static_cast<char>('0' + index % 10);
    index /= 10;
  }
  out->append(sku, kSkuWidth);
}

// Appends value / 10^digits with exactly `digits` decimals ("0.125").
inline void AppendFixed(int64_t value, int digits, std::string* out) {
  int64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  absl::StrAppend(out, value / scale, ".");
  std::string frac = absl::StrCat(value % scale);
  out->append(digits - frac.size(), '0');
  out->append(frac);
}

}  // namespace tools
}  // namespace offergraph

#endif  // OFFERGRAPH_TOOLS_CSV_WRITER_H_
