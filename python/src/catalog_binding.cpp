// The registry's components by name (the lists of `varopt list`), for varopt.list_methods()
// and friends, and the keys of the shared run options (solve/run_options.hpp).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "bindings.hpp"
#include "varopt/core/simd.hpp"
#include "varopt/solve/presets.hpp"
#include "varopt/solve/run_options.hpp"

namespace py = pybind11;

namespace varopt::python {
namespace {

std::vector<std::pair<std::string, std::string>> pairs(const std::vector<ComponentInfo>& list) {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(list.size());
  for (const auto& c : list) out.emplace_back(c.name, c.description);
  return out;
}

}  // namespace

void bind_catalog(py::module_& m) {
  m.def("methods", [] { return pairs(preset_list()); });
  m.def("distributions", [] { return pairs(distribution_list()); });
  m.def("estimators", [] { return pairs(estimator_list()); });
  m.def("option_keys", [] {
    std::set<std::string> keys;
    for (const auto& row : RunOptions::options()) keys.insert(row.key);
    return keys;
  });
  m.def("option_flag_keys", [] {  // the command's long flag names (as keywords) → their keys
    std::map<std::string, std::string> keys;
    for (const auto& row : RunOptions::options()) {
      std::string flags = row.flag + ",";
      for (std::size_t at = flags.find("--"); at != std::string::npos; at = flags.find("--", at)) {
        std::string name = flags.substr(at + 2, flags.find(',', at) - at - 2);
        std::replace(name.begin(), name.end(), '-', '_');
        if (name != row.key) keys[name] = row.key;
        at += 2;
      }
    }
    return keys;
  });
  m.def("resumable_option_keys", [] {  // what a saved run may continue with another value of
    std::set<std::string> keys;
    for (const auto& row : RunOptions::options())
      if (row.may_change_on_resume) keys.insert(row.key);
    return keys;
  });
  m.def("simd_level", [] { return simd_level(); });
}

}  // namespace varopt::python
