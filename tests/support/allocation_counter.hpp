#pragma once
// Counts heap allocations, for the tests and benches that check a loop allocates nothing.
//
// Linking the library `varopt_allocation_counter` replaces malloc, calloc, realloc and the
// aligned allocators of the C library in the whole program (operator new and Eigen both allocate
// through them) by versions that add one to a process-wide atomic counter and forward to glibc's
// own (__libc_malloc, ...). Allocations on every thread count, OpenMP's workers included.
// Under AddressSanitizer, which owns malloc, nothing is replaced and available() is false.
//
//   AllocationCount count;            // starts counting here
//   loop();
//   EXPECT_EQ(count.allocations(), 0);
#include <cstdint>

namespace varopt::testing {

class AllocationCount {
 public:
  // Whether allocations are counted in this build (false under AddressSanitizer).
  static bool available();
  // The allocations of the whole process since it started.
  static std::uint64_t total();

  AllocationCount() : start_(total()) {}
  // The allocations since this object was made (or reset).
  std::uint64_t allocations() const { return total() - start_; }
  void reset() { start_ = total(); }

 private:
  std::uint64_t start_;
};

}  // namespace varopt::testing
