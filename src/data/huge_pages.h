// File: huge_pages.h
// -----------------------------------------------------------------------------
// Asks the kernel to back a large, not yet touched allocation with
// transparent huge pages (2 MiB). The loaders fill hundreds of MB of
// catalog, index and adjacency arrays once: huge pages cut the page faults
// (and their zeroing round trips) by 512 and the TLB misses of the random
// lookups and scatters that fill them. A hint only: where the system has
// transparent huge pages off, or the range holds no whole huge page,
// nothing changes.
//
// Example:
//   std::vector<Edge> edges;
//   edges.reserve(n);
//   AdviseHugePages(edges.data(), n * sizeof(Edge));
//   edges.resize(n);
#ifndef OFFERGRAPH_DATA_HUGE_PAGES_H_
#define OFFERGRAPH_DATA_HUGE_PAGES_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>

namespace offergraph {

// The whole 2 MiB pages inside [p, p + bytes) get MADV_HUGEPAGE.
inline void AdviseHugePages(const void* p, size_t bytes) {
#ifdef MADV_HUGEPAGE
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const uintptr_t begin =
      (reinterpret_cast<uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(p) + bytes) & ~(kHuge - 1);
  if (end > begin) {
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
#else
  (void)p;
  (void)bytes;
#endif
}

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_HUGE_PAGES_H_
