#include "checks.hpp"

#include <cmath>
#include <cstdint>

#include "varopt/core/error.hpp"

namespace varopt::relax::detail {

void require_tau(double tau, std::string_view where) {
  require(tau > 0.0 && std::isfinite(tau), where, "temperature tau > 0 and finite", tau);
}

void require_size(std::size_t size, std::size_t expected, std::string_view where,
                  std::string_view what) {
  require(size == expected, where,
          varopt::detail::concat(what, ".size() == ", expected), size);
}

std::size_t require_rows(std::size_t size, Index classes, std::string_view where) {
  require(classes >= 1 && classes < (Index{1} << 31), where, "classes in [1, 2^31)", classes);
  const auto cols = static_cast<std::size_t>(classes);
  require(size % cols == 0, where,
          varopt::detail::concat("logits.size() a multiple of classes = ", cols), size);
  return size / cols;
}

}  // namespace varopt::relax::detail
