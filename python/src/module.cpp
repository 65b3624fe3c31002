// varopt._core: the C++ library under the varopt Python package (python/varopt/). Library
// errors become Python's: InvalidArgument → ValueError, FileError → OSError, ObjectiveError →
// RuntimeError (pybind11 maps the std:: bases).
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "varopt/core/error.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "varopt's C++ core (use the varopt package, not this module)";
  pybind11::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const varopt::FileError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    }
  });
  varopt::python::bind_solver(m);
  varopt::python::bind_catalog(m);
  varopt::python::bind_relax(m);
}
