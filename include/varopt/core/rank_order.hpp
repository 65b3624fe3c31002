#pragma once
// The members in rank order, best (smallest f) first, ties in index order: what std::stable_sort
// of the indices by f gives, but sorted with std::sort under the total order (f, index), so that
// no temporary buffer is allocated. `order` keeps its storage from one call to the next.
#include <vector>

#include "varopt/core/types.hpp"

namespace varopt {

// f must hold no NaN.
void rank_order(ConstVecRef f, std::vector<Index>& order);

}  // namespace varopt
