#include "varopt/core/json.hpp"

#include "varopt/core/error.hpp"

namespace varopt {

Json to_json(ConstVecRef v) { return Json(std::vector<double>(v.data(), v.data() + v.size())); }

Vec vec_from_json(const Json& j, const char* what, Index expected_size) {
  if (!j.is_array()) throw FileError(std::string(what) + ": expected an array of numbers");
  if (expected_size >= 0 && static_cast<Index>(j.size()) != expected_size) {
    throw FileError(std::string(what) + ": expected " + std::to_string(expected_size) +
                    " numbers, got " + std::to_string(j.size()));
  }
  Vec v(static_cast<Index>(j.size()));
  for (Index i = 0; i < v.size(); ++i) {
    const auto& e = j[static_cast<std::size_t>(i)];
    if (!e.is_number()) throw FileError(std::string(what) + ": expected numbers, got " + e.dump());
    v[i] = e.get<double>();
  }
  return v;
}

}  // namespace varopt
