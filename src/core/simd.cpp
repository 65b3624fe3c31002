#include "varopt/core/simd.hpp"

#include "kernels/instruction_set.hpp"

namespace varopt {

std::string simd_level() { return kernels::instruction_set(); }

}  // namespace varopt
