// varopt._core.Solver: the library's RestartSolver (solve/restarts.hpp) built from the shared run
// options (solve/run_options.hpp), with numpy in and out. The Python layer (varopt/_solver.py)
// builds the config, turns rows into points of a space and applies the failure policy; this file
// only moves numbers. The GIL is released while the library samples and updates.
// A Solver may be shared between Python threads: every call holds the solver's mutex while it
// touches the run, and waits for it with the GIL released (ask and tell take the GIL again while
// they hold it), so calls are serialized and never deadlock. Two threads in one ask/tell loop
// still race on which generation a tell answers; that is for the caller to order.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "bindings.hpp"
#include "varopt/core/atomic_file.hpp"
#include "varopt/core/error.hpp"
#include "varopt/dist/space_json.hpp"
#include "varopt/dist/space_point.hpp"
#include "varopt/solve/run_options.hpp"

namespace py = pybind11;

namespace varopt::python {
namespace {

using Rows = py::array_t<double, py::array::c_style>;

// The space of a config: its "space" object, or a continuous block "x" of "dim" variables.
SearchSpace config_space(const Json& config) {
  if (config.contains("space") && !config.at("space").is_null())
    return space_from_json(config.at("space"));
  Index dim = 0;
  read_config_value(config, "dim", dim);
  require(dim >= 1 && dim <= kMaxBlockDim, "Solver",
          "x0 (or a space) with 1 to 10000000 coordinates", dim);
  return SearchSpace::continuous(dim);
}

class PySolver {
 public:
  explicit PySolver(const std::string& config_text)
      : config_(parse(config_text)),
        options_(RunOptions::from_json(config_)),
        space_(config_space(config_)),
        method_(run_method(options_, space_)),
        solver_(make_run_solver(options_, space_, space_start(space_),
                                space_sigma0(space_).value_or(1.0))) {
    // Python objectives give f only: an estimator that needs ∇f would fail at the first tell.
    require(!solver_.current().update_rule().needs_objective_gradient(), "Solver",
            "an estimator that needs f only (the Python package passes no ∇f)", "'pathwise'");
  }

  std::string method() const { return method_; }
  Index dim() const { return space_.dim(); }
  Index population_size() const { return (locked(), solver_.ask().size()); }
  bool done() const { return (locked(), solver_.done()); }
  std::string termination() const { return (locked(), name_of(solver_.summary().termination)); }
  Index evaluations() const { return (locked(), solver_.evaluations()); }
  Index generations() const { return (locked(), solver_.summary().generations); }
  Index restarts() const { return (locked(), solver_.restarts()); }
  std::uint32_t generation() const { return (locked(), solver_.ask().generation()); }

  // The points to evaluate in this generation as the rows of an array: (λ, n), or with noise
  // handling one row per evaluation (Population::key); the same until tell().
  Rows ask() const {
    const auto lock = locked();
    require_running("Solver.ask", "its result is final, and values told now would be thrown away");
    const Population population = [&] {
      py::gil_scoped_release release;
      return solver_.ask();
    }();
    const Index n = population.dim();
    const Index count = population.evaluation_count();
    Rows rows({static_cast<py::ssize_t>(count), static_cast<py::ssize_t>(n)});
    double* out = rows.mutable_data();
    {
      py::gil_scoped_release release;
      for (Index e = 0; e < count; ++e) {
        Eigen::Map<Vec> row(out + e * n, n);
        population.evaluation_point(e, row);
      }
    }
    return rows;
  }

  // values: one per row of ask(); failures: row → message for rows whose evaluation failed
  // (their value is ignored), applied by the solver's non-finite policy.
  void tell(const py::array_t<double, py::array::c_style | py::array::forcecast>& values,
            const std::map<Index, std::string>& failures) {
    const auto lock = locked();
    require_running("Solver.tell", "the values would be thrown away");  // stop() after ask()
    const Population population = solver_.ask();
    const Index count = population.evaluation_count();
    require(values.ndim() == 1 && values.shape(0) == count, "Solver.tell",
            detail::concat("one value per row of ask(): ", count),
            detail::concat(values.size(), " values"));
    Evaluations e = Evaluations::pending(count, population.generation());
    const double* v = values.data();
    for (Index i = 0; i < count; ++i) e.set_value(i, v[i]);
    for (const auto& [member, message] : failures) {
      require(member >= 0 && member < count, "Solver.tell", "failed rows of ask()", member);
      e.set_failure(member, EvaluationStatus::failed, message);
    }
    py::gil_scoped_release release;
    solver_.tell(e);
  }

  void stop() {
    const auto lock = locked();
    solver_.stop();
  }

  // The run's summary as JSON text without its vectors (best_x and center: the properties best_x
  // and mean give them as arrays; through JSON they made a callback at n = 20 000 cost 5 times
  // the generation).
  std::string summary() const {
    const auto lock = locked();
    const Summary summary = solver_.summary();
    Json j = summary.to_json();
    j.erase("best_x");
    j.erase("center");
    j["spread_collapsed"] = summary.spread_collapsed();
    j["method"] = method_;
    return j.dump();
  }

  // The last generation's record as a dict (the history of minimize()).
  py::dict last_record() const {
    const auto lock = locked();
    const GenerationRecord r = solver_.last_record();
    py::dict d;
    d["nit"] = r.generation;
    d["nfev"] = r.evaluations;
    d["fun"] = r.best_f;
    d["generation_fun"] = r.generation_best_f;
    d["mean_fun"] = r.mean_f;
    d["sigma"] = r.spread;
    return d;
  }

  py::array_t<double> mean() const {
    const auto lock = locked();
    return to_numpy(solver_.current().distribution().center());
  }
  double sigma() const { return (locked(), solver_.current().distribution().spread()); }
  py::array_t<double> best_x() const {
    const auto lock = locked();
    return to_numpy(solver_.summary().best_x);
  }
  double best_f() const { return (locked(), solver_.summary().best_f); }
  // The summary's center: the distribution's, reflected into the box when there is one.
  py::array_t<double> center() const {
    const auto lock = locked();
    return to_numpy(solver_.summary().center);
  }

  // The layout of θ: (name, kind, offset, size) per block, in order.
  py::list blocks() const {
    py::list out;
    Index offset = 0;
    for (const auto& b : space_.blocks) {
      out.append(py::make_tuple(b.name, name_of(b.kind), offset, b.size));
      offset += b.size;
    }
    return out;
  }

  std::string config() const { return config_.dump(); }
  std::string state() const {
    const auto lock = locked();
    return solver_.state().dump();
  }
  void restore_state(const std::string& text) {
    Json state = parse(text);
    const auto lock = locked();
    solver_.restore_state(state);
  }

 private:
  // Once the run is done, ask and tell would hand out points whose values are thrown away
  // (Solver::tell ignores them): RuntimeError instead.
  void require_running(const char* where, const char* why) const {
    if (solver_.done())
      throw std::runtime_error(std::string(where) + ": the run is done (" +
                               name_of(solver_.summary().termination) + "): " + why);
  }
  // The run's lock, waited for without the GIL (see the top of this file).
  std::unique_lock<std::mutex> locked() const {
    py::gil_scoped_release release;
    return std::unique_lock<std::mutex>(mutex_);
  }
  static Json parse(const std::string& text) {
    return parse_json(text, "Solver");
  }
  static py::array_t<double> to_numpy(const Vec& v) {
    py::array_t<double> a(static_cast<py::ssize_t>(v.size()));
    if (v.size() > 0) std::memcpy(a.mutable_data(), v.data(), sizeof(double) * v.size());
    return a;
  }

  Json config_;
  RunOptions options_;
  SearchSpace space_;
  std::string method_;
  RestartSolver solver_;
  mutable std::mutex mutex_;
};

}  // namespace

void bind_solver(py::module_& m) {
  py::class_<PySolver>(m, "Solver")
      .def(py::init<const std::string&>(), py::arg("config"))
      .def_property_readonly("method", &PySolver::method)
      .def_property_readonly("dim", &PySolver::dim)
      .def_property_readonly("population_size", &PySolver::population_size)
      .def_property_readonly("done", &PySolver::done)
      .def_property_readonly("termination", &PySolver::termination)
      .def_property_readonly("evaluations", &PySolver::evaluations)
      .def_property_readonly("generations", &PySolver::generations)
      .def_property_readonly("generation", &PySolver::generation)
      .def_property_readonly("restarts", &PySolver::restarts)
      .def_property_readonly("mean", &PySolver::mean)
      .def_property_readonly("sigma", &PySolver::sigma)
      .def_property_readonly("best_x", &PySolver::best_x)
      .def_property_readonly("best_f", &PySolver::best_f)
      .def_property_readonly("center", &PySolver::center)
      .def("ask", &PySolver::ask)
      .def("tell", &PySolver::tell, py::arg("values"), py::arg("failures"))
      .def("stop", &PySolver::stop)
      .def("summary", &PySolver::summary)
      .def("last_record", &PySolver::last_record)
      .def("blocks", &PySolver::blocks)
      .def("config", &PySolver::config)
      .def("state", &PySolver::state)
      .def("restore_state", &PySolver::restore_state, py::arg("state"));
  m.def(
      "write_file_atomically",
      [](const std::string& path, const std::string& text) { write_file_atomically(path, text); },
      py::arg("path"), py::arg("text"));
}

}  // namespace varopt::python
