// File: file_util.h
// -----------------------------------------------------------------------------
// Whole-file reads with canonical errors, and a read-only memory map for large
// data files whose parsed pages can be handed back to the kernel.
//
// Example:
//   ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
//   Parse(file.contents(), [&](size_t done) { file.ReleaseBefore(done); });
#ifndef OFFERGRAPH_UTIL_FILE_UTIL_H_
#define OFFERGRAPH_UTIL_FILE_UTIL_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace offergraph {

// The file's bytes; NOT_FOUND when it does not exist, another error when it
// cannot be read.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

bool FileExists(const std::string& path);

// The last component of `path` ("data/edges.csv" -> "edges.csv"), used to
// label data errors.
absl::string_view BaseName(absl::string_view path);

// A private read-only mapping of a whole file. contents() stays valid and
// unchanged for the object's life (pages released with ReleaseBefore are
// re-read from the file on the next access), as long as the file is replaced
// by rename rather than rewritten in place.
//
// Owns the mapping; movable, not copyable. Not thread-safe, except
// contents() and ReleaseRange().
class MappedFile {
 public:
  // NOT_FOUND when the file does not exist; FAILED_PRECONDITION for a
  // directory; another error when it cannot be mapped.
  static absl::StatusOr<MappedFile> Open(const std::string& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  absl::string_view contents() const { return {data_, size_}; }

  // Drops the resident pages wholly before `offset` from this process's
  // memory (they stay in the page cache). Keeps resident memory flat while a
  // large file is parsed front to back.
  void ReleaseBefore(size_t offset);

  // Drops the resident pages wholly inside [begin, end), like ReleaseBefore
  // but for any stretch. Thread-safe (it keeps no state), so a thread parsing
  // the second half of the file can release behind itself.
  void ReleaseRange(size_t begin, size_t end) const;

 private:
  MappedFile() = default;

  const char* data_ = nullptr;
  size_t size_ = 0;
  size_t released_ = 0;  // bytes from the start already released
};

}  // namespace offergraph

#endif  // OFFERGRAPH_UTIL_FILE_UTIL_H_
