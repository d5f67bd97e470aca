#include "mine/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace offergraph::mine {
namespace {

constexpr size_t kInitialBuffer = size_t{1} << 20;

gzFile AsGz(void* p) { return static_cast<gzFile>(p); }

}  // namespace

absl::StatusOr<std::unique_ptr<LineReader>> LineReader::Open(
    const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    std::string msg = absl::StrCat(path, ": ", std::strerror(err));
    return err == ENOENT ? absl::NotFoundError(msg) : absl::UnknownError(msg);
  }
  std::unique_ptr<LineReader> r(new LineReader());
  r->path_ = path;
  r->fd_ = fd;
  struct stat st;
  if (::fstat(fd, &st) == 0) r->file_size_ = static_cast<uint64_t>(st.st_size);
  if (S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": is a directory"));
  }
  unsigned char magic[2] = {0, 0};
  const ssize_t got = ::pread(fd, magic, 2, 0);
  if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    // gzdopen takes the descriptor; gzclose closes it.
    gzFile gz = gzdopen(fd, "rb");
    if (gz == nullptr) {
      return absl::ResourceExhaustedError(absl::StrCat(path, ": gzdopen"));
    }
    r->fd_ = -1;
    gzbuffer(gz, 1 << 18);
    r->gz_ = gz;
  }
  r->capacity_ = kInitialBuffer;
  r->buf_.reset(new char[r->capacity_]);
  return r;
}

LineReader::~LineReader() {
  if (gz_ != nullptr) gzclose(AsGz(gz_));
  if (fd_ >= 0) ::close(fd_);
}

uint64_t LineReader::file_position() const {
  if (gz_ != nullptr) {
    const z_off_t off = gzoffset(AsGz(gz_));
    return off < 0 ? 0 : static_cast<uint64_t>(off);
  }
  return plain_position_;
}

absl::StatusOr<bool> LineReader::Refill() {
  if (eof_) return false;
  // Move the unread tail to the front; grow when a line fills the buffer.
  const size_t tail = end_ - begin_;
  if (begin_ > 0) {
    std::memmove(buf_.get(), buf_.get() + begin_, tail);
    begin_ = 0;
    end_ = tail;
  }
  if (end_ == capacity_) {
    std::unique_ptr<char[]> bigger(new char[capacity_ * 2]);
    std::memcpy(bigger.get(), buf_.get(), end_);
    buf_ = std::move(bigger);
    capacity_ *= 2;
  }
  const size_t want = capacity_ - end_;
  if (gz_ != nullptr) {
    const int n =
        gzread(AsGz(gz_), buf_.get() + end_, static_cast<unsigned>(want));
    int errnum = Z_OK;
    const char* what = gzerror(AsGz(gz_), &errnum);
    if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
      std::string why = errnum == Z_BUF_ERROR
                            ? "gzip stream cut short (unexpected end of file)"
                            : absl::StrCat("corrupt gzip stream: ", what);
      return absl::DataLossError(
          absl::StrCat(path_, ":", line_number_ + 1, ": ", why));
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    end_ += static_cast<size_t>(n);
    return true;
  }
  ssize_t n;
  do {
    n = ::read(fd_, buf_.get() + end_, want);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    return absl::DataLossError(absl::StrCat(path_, ":", line_number_ + 1,
                                            ": read: ", std::strerror(errno)));
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  plain_position_ += static_cast<uint64_t>(n);
  end_ += static_cast<size_t>(n);
  return true;
}

absl::StatusOr<bool> LineReader::Next(absl::string_view* line) {
  size_t scanned = begin_;
  while (true) {
    const char* start = buf_.get() + scanned;
    const void* nl = std::memchr(start, '\n', end_ - scanned);
    if (nl != nullptr) {
      const char* b = buf_.get() + begin_;
      size_t len = static_cast<const char*>(nl) - b;
      begin_ += len + 1;
      if (len > 0 && b[len - 1] == '\r') --len;
      *line = absl::string_view(b, len);
      ++line_number_;
      return true;
    }
    const size_t unread = scanned - begin_ + (end_ - scanned);
    absl::StatusOr<bool> more = Refill();
    if (!more.ok()) return more.status();
    scanned = begin_ + unread;
    if (!*more) {
      if (begin_ == end_) return false;
      // Last line without a newline.
      const char* b = buf_.get() + begin_;
      size_t len = end_ - begin_;
      begin_ = end_;
      if (len > 0 && b[len - 1] == '\r') --len;
      *line = absl::string_view(b, len);
      ++line_number_;
      return true;
    }
  }
}

absl::StatusOr<std::string> ReadMaybeGzipFile(const std::string& path) {
  absl::StatusOr<std::unique_ptr<LineReader>> r = LineReader::Open(path);
  if (!r.ok()) return r.status();
  std::string out;
  absl::string_view line;
  while (true) {
    absl::StatusOr<bool> more = (*r)->Next(&line);
    if (!more.ok()) return more.status();
    if (!*more) break;
    out.append(line.data(), line.size());
    out.push_back('\n');
  }
  return out;
}

}  // namespace offergraph::mine
