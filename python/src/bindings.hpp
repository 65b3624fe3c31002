#pragma once
// The parts of the varopt._core extension module, one file each (python/src/*.cpp).
#include <pybind11/pybind11.h>

namespace varopt::python {

void bind_solver(pybind11::module_& m);   // Solver (solver_binding.cpp)
void bind_catalog(pybind11::module_& m);  // the registry's names (catalog_binding.cpp)
void bind_relax(pybind11::module_& m);    // the relaxation kernels, _core.relax (relax_binding.cpp)

}  // namespace varopt::python
