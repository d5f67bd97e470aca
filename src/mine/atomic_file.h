// File: atomic_file.h
// -----------------------------------------------------------------------------
// Writes a file through "<path>.tmp" and a rename, so that a server
// reloading the directory never sees half a file, and so that a big output
// can be streamed (appended piece by piece) instead of built in memory.
//
// Example:
//   ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> w,
//                    AtomicFileWriter::Create("data/edges.csv"));
//   RETURN_IF_ERROR(w->Append(header));
//   RETURN_IF_ERROR(w->Commit());
#ifndef OFFERGRAPH_MINE_ATOMIC_FILE_H_
#define OFFERGRAPH_MINE_ATOMIC_FILE_H_

#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace offergraph::mine {

// Owns the temporary file (a stdio stream, buffered). Destroying the writer
// without a successful Commit removes the temporary file and leaves `path`
// as it was. Not thread-safe.
class AtomicFileWriter {
 public:
  static absl::StatusOr<std::unique_ptr<AtomicFileWriter>> Create(
      std::string path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  absl::Status Append(absl::string_view bytes);
  // Flushes, closes and renames the temporary file over `path`. Once only.
  absl::Status Commit();

 private:
  AtomicFileWriter(std::string path, std::string tmp, std::FILE* file)
      : path_(std::move(path)), tmp_(std::move(tmp)), file_(file) {}

  std::string path_;
  std::string tmp_;
  std::FILE* file_;  // null after Commit
  bool failed_ = false;
};

// The whole of `contents` through an AtomicFileWriter.
absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view contents);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_ATOMIC_FILE_H_
