#include "support/allocation_counter.hpp"

#include <atomic>
#include <cerrno>
#include <cstddef>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VAROPT_ALLOCATIONS_UNCOUNTED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define VAROPT_ALLOCATIONS_UNCOUNTED 1
#endif

namespace {

std::atomic<std::uint64_t> allocation_total{0};

[[maybe_unused]] void count_one() { allocation_total.fetch_add(1, std::memory_order_relaxed); }

}  // namespace

namespace varopt::testing {

#ifdef VAROPT_ALLOCATIONS_UNCOUNTED
bool AllocationCount::available() { return false; }
#else
bool AllocationCount::available() { return true; }
#endif

std::uint64_t AllocationCount::total() { return allocation_total.load(std::memory_order_relaxed); }

}  // namespace varopt::testing

#ifndef VAROPT_ALLOCATIONS_UNCOUNTED
// glibc's allocator under its own names: the replacements below count and forward to it, so
// free() (not replaced) releases what they return.
extern "C" {
void* __libc_malloc(std::size_t size) noexcept;
void* __libc_calloc(std::size_t count, std::size_t size) noexcept;
void* __libc_realloc(void* pointer, std::size_t size) noexcept;
void* __libc_memalign(std::size_t alignment, std::size_t size) noexcept;

void* malloc(std::size_t size) noexcept {
  count_one();
  return __libc_malloc(size);
}

void* calloc(std::size_t count, std::size_t size) noexcept {
  count_one();
  return __libc_calloc(count, size);
}

void* realloc(void* pointer, std::size_t size) noexcept {
  count_one();
  return __libc_realloc(pointer, size);
}

void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  count_one();
  return __libc_memalign(alignment, size);
}

void* memalign(std::size_t alignment, std::size_t size) noexcept {
  count_one();
  return __libc_memalign(alignment, size);
}

int posix_memalign(void** pointer, std::size_t alignment, std::size_t size) noexcept {
  // glibc's checks: a power of two that is a multiple of sizeof(void*).
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
  count_one();
  void* p = __libc_memalign(alignment, size);
  if (p == nullptr) return ENOMEM;
  *pointer = p;
  return 0;
}
}  // extern "C"
#endif
