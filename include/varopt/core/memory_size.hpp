#pragma once
// Size guards (D19): an input whose memory grows faster than its size (n × n matrices, the edges
// of a dense graph) is refused up front with a message naming what it would take, instead of
// failing with std::bad_alloc, or swapping, after minutes. memory_size() writes that need.
#include <string>

namespace varopt {

// bytes in the largest unit that keeps a number >= 1, to 2 significant digits below 10:
// "640 bytes", "7.6 MB", "40 GB", "1.2 TB" (decimal units, 1 GB = 10⁹ bytes).
std::string memory_size(double bytes);

}  // namespace varopt
