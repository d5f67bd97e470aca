#include "ledger/rocksdb_write.h"

#include <string>

#include "absl/strings/str_cat.h"

#if defined(__SANITIZE_THREAD__)
#define OFFERGRAPH_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define OFFERGRAPH_TSAN 1
#endif
#endif

#ifdef OFFERGRAPH_TSAN
// From the ThreadSanitizer runtime (not declared in its public header).
extern "C" void __tsan_ignore_thread_begin();
extern "C" void __tsan_ignore_thread_end();
#endif

namespace offergraph {
namespace {

// While alive, ThreadSanitizer ignores this thread's memory accesses; a no-op
// in other builds. Only for a call into RocksDB, whose internal hand-offs
// TSan cannot see (see the header).
class IgnoredByTsanScope {
 public:
#ifdef OFFERGRAPH_TSAN
  IgnoredByTsanScope() { __tsan_ignore_thread_begin(); }
  ~IgnoredByTsanScope() { __tsan_ignore_thread_end(); }
#else
  // User-provided, so compilers take the scope object as used.
  IgnoredByTsanScope() {}  // NOLINT(modernize-use-equals-default)
#endif
  IgnoredByTsanScope(const IgnoredByTsanScope&) = delete;
  IgnoredByTsanScope& operator=(const IgnoredByTsanScope&) = delete;
};

}  // namespace

absl::Status RocksDbStatus(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  const std::string message =
      absl::StrCat("rocksdb ", what, ": ", s.ToString());
  if (s.IsBusy() || s.IsTimedOut() || s.IsTryAgain() ||
      (s.IsIOError() && s.ToString().find("lock") != std::string::npos)) {
    return absl::UnavailableError(message);
  }
  return absl::InternalError(message);
}

absl::Status RocksDbWrite(rocksdb::DB* db, const rocksdb::WriteOptions& wo,
                          rocksdb::WriteBatch* batch, absl::string_view what) {
  rocksdb::Status written;
  {
    IgnoredByTsanScope rocksdb_internal;
    written = db->Write(wo, batch);
  }
  return RocksDbStatus(written, what);
}

}  // namespace offergraph
