#pragma once
// Transparent huge pages for a large output buffer that a kernel is about to write.
//
// The outputs of varopt.torch are fresh torch tensors; glibc serves blocks over 32 MiB (and,
// after its heap is trimmed, smaller ones) with new mappings that the kernel's first writes
// fault in 4 KiB page by page. Advising the 2 MiB-aligned part of the buffer as MADV_HUGEPAGE
// first makes 512 times fewer faults (measured in docs/python.md, "PyTorch": "Benchmark").
// Only advice: where THP is off, or off Linux, nothing changes.
#include <cstddef>
#include <cstdint>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace varopt::python {

inline void advise_huge_pages(void* data, std::size_t bytes) {
#ifdef __linux__
  constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
  if (bytes < 2 * huge) return;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1);
  const std::uintptr_t last = (begin + bytes) & ~(huge - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  static_cast<void>(data);
  static_cast<void>(bytes);
#endif
}

}  // namespace varopt::python
