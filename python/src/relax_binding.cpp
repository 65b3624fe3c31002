// varopt._core.relax: the fused relaxation kernels (relax/*.hpp) on numpy arrays, for varopt.torch
// (python/varopt/torch/). Arrays are C-contiguous and all of one dtype, float32 or float64;
// results are written into the caller's output arrays, so that the Python layer can pass numpy
// views of fresh torch tensors (tensor.numpy() shares the memory) and nothing is copied. The
// Gumbel-softmax family takes its classes in the last dimension; the Bernoulli kernels work
// element-wise. Noise comes from the Philox stream StreamId{seed, 0, 0} (relax/noise.hpp:
// element e of the flat array takes noise number e). The GIL is released while a kernel runs.
// Outputs must not overlap the inputs (the Python layer allocates them fresh); large ones are
// advised as huge pages before the kernel writes them (huge_pages.hpp).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "bindings.hpp"
#include "huge_pages.hpp"
#include "varopt/core/error.hpp"
#include "varopt/relax/gumbel_softmax.hpp"
#include "varopt/relax/noise.hpp"
#include "varopt/relax/relaxed_bernoulli.hpp"
#include "varopt/relax/straight_through.hpp"

namespace py = pybind11;

namespace varopt::python {
namespace {

using Out = std::optional<py::array>;

StreamId stream_of(std::uint64_t seed) {
  return StreamId{.seed = seed, .generation = 0, .member = 0};
}

// The checks every array passes: C-contiguous, of the dtype T, and of `size` elements when
// size ≥ 0; outputs also writeable.
template <class T>
void check_array(const py::array& a, const char* where, const char* name, py::ssize_t size,
                 bool output) {
  if (!a.dtype().is(py::dtype::of<T>())) {
    throw py::type_error(detail::concat(where, ": expected ", name, " of dtype ",
                                        std::string(py::str(py::dtype::of<T>())), ", got ",
                                        std::string(py::str(a.dtype()))));
  }
  require((a.flags() & py::array::c_style) != 0, where, detail::concat(name, " C-contiguous"),
          "a strided array");
  if (output) require(a.writeable(), where, detail::concat(name, " writeable"), "read-only");
  if (size >= 0)
    require(a.size() == size, where, detail::concat(name, " of ", size, " elements"), a.size());
}

template <class T>
std::span<const T> input(const py::array& a, const char* where, const char* name,
                         py::ssize_t size = -1) {
  check_array<T>(a, where, name, size, false);
  return {static_cast<const T*>(a.data()), static_cast<std::size_t>(a.size())};
}

template <class T>
std::span<T> output(const Out& a, const char* where, const char* name, py::ssize_t size) {
  if (!a.has_value()) return {};
  py::array target = *a;
  check_array<T>(target, where, name, size, true);
  advise_huge_pages(target.mutable_data(), static_cast<std::size_t>(target.nbytes()));
  return {static_cast<T*>(target.mutable_data()), static_cast<std::size_t>(target.size())};
}

// Calls body.template operator()<T>() with T the element type of `first` (float or double).
template <class Body>
void dispatch(const py::array& first, const char* where, const char* name, const Body& body) {
  if (first.dtype().is(py::dtype::of<float>())) {
    body.template operator()<float>();
  } else if (first.dtype().is(py::dtype::of<double>())) {
    body.template operator()<double>();
  } else {
    throw py::type_error(detail::concat(where, ": expected ", name,
                                        " of dtype float32 or float64, got ",
                                        std::string(py::str(first.dtype()))));
  }
}

// The length of the last dimension (the classes of the Gumbel-softmax family).
Index classes_of(const py::array& a, const char* where, const char* name) {
  require(a.ndim() >= 1, where, detail::concat(name, " with at least one dimension"), a.ndim());
  return static_cast<Index>(a.shape(a.ndim() - 1));
}

void gumbel_softmax(const py::array& logits, double tau, std::uint64_t seed, const Out& soft,
                    const Out& hard, const Out& noise) {
  constexpr const char* where = "varopt._core.relax.gumbel_softmax";
  require(soft.has_value() || hard.has_value(), where, "a soft or a hard output", "neither");
  const Index classes = classes_of(logits, where, "logits");
  dispatch(logits, where, "logits", [&]<class T>() {
    const std::span<const T> x = input<T>(logits, where, "logits");
    const auto n = static_cast<py::ssize_t>(x.size());
    const std::span<T> s = output<T>(soft, where, "soft", n);
    const std::span<T> h = output<T>(hard, where, "hard", n);
    const relax::GumbelNoise<T> g = noise.has_value()
                                        ? relax::GumbelNoise<T>(input<T>(*noise, where, "noise", n))
                                        : relax::GumbelNoise<T>(stream_of(seed));
    py::gil_scoped_release release;
    if (hard.has_value()) {
      relax::gumbel_softmax_hard<T>(x, classes, tau, g, h, s);
    } else {
      relax::gumbel_softmax<T>(x, classes, tau, g, s);
    }
  });
}

void gumbel_softmax_backward(const py::array& soft, const py::array& grad_output, double tau,
                             const py::array& grad_logits) {
  constexpr const char* where = "varopt._core.relax.gumbel_softmax_backward";
  const Index classes = classes_of(soft, where, "soft");
  dispatch(soft, where, "soft", [&]<class T>() {
    const std::span<const T> y = input<T>(soft, where, "soft");
    const auto n = static_cast<py::ssize_t>(y.size());
    const std::span<const T> v = input<T>(grad_output, where, "grad_output", n);
    const std::span<T> g = output<T>(grad_logits, where, "grad_logits", n);
    py::gil_scoped_release release;
    relax::gumbel_softmax_backward<T>(y, v, classes, tau, g);
  });
}

void relaxed_bernoulli(const py::array& logits, double tau, std::uint64_t seed, const Out& soft,
                       const Out& hard) {
  constexpr const char* where = "varopt._core.relax.relaxed_bernoulli";
  require(soft.has_value() || hard.has_value(), where, "a soft or a hard output", "neither");
  dispatch(logits, where, "logits", [&]<class T>() {
    const std::span<const T> x = input<T>(logits, where, "logits");
    const auto n = static_cast<py::ssize_t>(x.size());
    const std::span<T> s = output<T>(soft, where, "soft", n);
    const std::span<T> h = output<T>(hard, where, "hard", n);
    py::gil_scoped_release release;
    if (hard.has_value()) {
      relax::relaxed_bernoulli_hard<T>(x, tau, stream_of(seed), h, s);
    } else {
      relax::relaxed_bernoulli<T>(x, tau, stream_of(seed), s);
    }
  });
}

void relaxed_bernoulli_backward(const py::array& soft, const py::array& grad_output, double tau,
                                const py::array& grad_logits) {
  constexpr const char* where = "varopt._core.relax.relaxed_bernoulli_backward";
  dispatch(soft, where, "soft", [&]<class T>() {
    const std::span<const T> y = input<T>(soft, where, "soft");
    const auto n = static_cast<py::ssize_t>(y.size());
    const std::span<const T> v = input<T>(grad_output, where, "grad_output", n);
    const std::span<T> g = output<T>(grad_logits, where, "grad_logits", n);
    py::gil_scoped_release release;
    relax::relaxed_bernoulli_backward<T>(y, v, tau, g);
  });
}

void bernoulli_sample(const py::array& logits, std::uint64_t seed, const py::array& sample) {
  constexpr const char* where = "varopt._core.relax.bernoulli_sample";
  dispatch(logits, where, "logits", [&]<class T>() {
    const std::span<const T> x = input<T>(logits, where, "logits");
    const std::span<T> b = output<T>(sample, where, "sample", static_cast<py::ssize_t>(x.size()));
    py::gil_scoped_release release;
    relax::bernoulli_sample<T>(x, stream_of(seed), b);
  });
}

void straight_through_bernoulli_backward(const py::array& logits, const py::array& grad_output,
                                         const py::array& grad_logits) {
  constexpr const char* where = "varopt._core.relax.straight_through_bernoulli_backward";
  dispatch(logits, where, "logits", [&]<class T>() {
    const std::span<const T> x = input<T>(logits, where, "logits");
    const auto n = static_cast<py::ssize_t>(x.size());
    const std::span<const T> v = input<T>(grad_output, where, "grad_output", n);
    const std::span<T> g = output<T>(grad_logits, where, "grad_logits", n);
    py::gil_scoped_release release;
    relax::straight_through_bernoulli_backward<T>(x, v, g);
  });
}

// out = noise numbers 0, 1, … of the stream: what the kernels above add to element e.
void gumbel_noise(std::uint64_t seed, const py::array& out) {
  constexpr const char* where = "varopt._core.relax.gumbel_noise";
  dispatch(out, where, "out", [&]<class T>() {
    const std::span<T> g = output<T>(out, where, "out", out.size());
    py::gil_scoped_release release;
    relax::fill_gumbel_noise<T>(stream_of(seed), 0, g);
  });
}

void logistic_noise(std::uint64_t seed, const py::array& out) {
  constexpr const char* where = "varopt._core.relax.logistic_noise";
  dispatch(out, where, "out", [&]<class T>() {
    const std::span<T> l = output<T>(out, where, "out", out.size());
    py::gil_scoped_release release;
    relax::fill_logistic_noise<T>(stream_of(seed), 0, l);
  });
}

}  // namespace

void bind_relax(py::module_& m) {
  py::module_ relax = m.def_submodule(
      "relax", "The fused relaxation kernels on numpy arrays (use varopt.torch, not this module)");
  relax.def("gumbel_softmax", &gumbel_softmax, py::arg("logits"), py::arg("tau"), py::arg("seed"),
            py::arg("soft") = py::none(), py::arg("hard") = py::none(),
            py::arg("noise") = py::none());
  relax.def("gumbel_softmax_backward", &gumbel_softmax_backward, py::arg("soft"),
            py::arg("grad_output"), py::arg("tau"), py::arg("grad_logits"));
  relax.def("relaxed_bernoulli", &relaxed_bernoulli, py::arg("logits"), py::arg("tau"),
            py::arg("seed"), py::arg("soft") = py::none(), py::arg("hard") = py::none());
  relax.def("relaxed_bernoulli_backward", &relaxed_bernoulli_backward, py::arg("soft"),
            py::arg("grad_output"), py::arg("tau"), py::arg("grad_logits"));
  relax.def("bernoulli_sample", &bernoulli_sample, py::arg("logits"), py::arg("seed"),
            py::arg("sample"));
  relax.def("straight_through_bernoulli_backward", &straight_through_bernoulli_backward,
            py::arg("logits"), py::arg("grad_output"), py::arg("grad_logits"));
  relax.def("gumbel_noise", &gumbel_noise, py::arg("seed"), py::arg("out"));
  relax.def("logistic_noise", &logistic_noise, py::arg("seed"), py::arg("out"));
}

}  // namespace varopt::python
