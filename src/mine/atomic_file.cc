#include "mine/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace offergraph::mine {

absl::StatusOr<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Create(
    std::string path) {
  std::string tmp = absl::StrCat(path, ".tmp");
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return absl::UnknownError(
        absl::StrCat(tmp, ": cannot create: ", std::strerror(errno)));
  }
  return std::unique_ptr<AtomicFileWriter>(
      new AtomicFileWriter(std::move(path), std::move(tmp), f));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (file_ == nullptr) return;
  std::fclose(file_);
  std::remove(tmp_.c_str());
}

absl::Status AtomicFileWriter::Append(absl::string_view bytes) {
  if (file_ == nullptr) return absl::FailedPreconditionError("committed");
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    failed_ = true;
    return absl::UnknownError(absl::StrCat(tmp_, ": write failed"));
  }
  return absl::OkStatus();
}

absl::Status AtomicFileWriter::Commit() {
  if (file_ == nullptr) return absl::FailedPreconditionError("committed");
  const bool ok = !failed_ && std::fflush(file_) == 0;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!ok || !closed) {
    std::remove(tmp_.c_str());
    return absl::UnknownError(absl::StrCat(tmp_, ": write failed"));
  }
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    std::remove(tmp_.c_str());
    return absl::UnknownError(
        absl::StrCat(path_, ": rename: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view contents) {
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> w =
      AtomicFileWriter::Create(path);
  if (!w.ok()) return w.status();
  if (absl::Status s = (*w)->Append(contents); !s.ok()) return s;
  return (*w)->Commit();
}

}  // namespace offergraph::mine
