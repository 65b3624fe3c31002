#include "varopt/core/rank_order.hpp"

#include <algorithm>
#include <numeric>

namespace varopt {

void rank_order(ConstVecRef f, std::vector<Index>& order) {
  order.resize(static_cast<std::size_t>(f.size()));
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(),
            [&](Index a, Index b) { return f[a] < f[b] || (f[a] == f[b] && a < b); });
}

}  // namespace varopt
