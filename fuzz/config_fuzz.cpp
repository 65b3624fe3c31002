// Fuzz target: a run's options as a config file or Python keyword arguments give them
// (solve/run_options.hpp): parse_json, RunOptions::from_json, the method's fields, and the solver
// they build on a small continuous space.
#include <cstdint>

#include "fuzz_input.hpp"
#include "varopt/solve/run_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace varopt;
  fuzz::expect_only_varopt_errors([&] {
    const RunOptions options = RunOptions::from_json(parse_json(fuzz::text_of(data, size), "config"));
    Json back = Json::object();
    options.to_json(back);
    const SearchSpace space = SearchSpace::continuous(3);
    RestartSolver solver = make_run_solver(options, space, Vec::Zero(3), 1.0);
    solver.tell(Vec::LinSpaced(solver.ask().size(), 1.0, 2.0));
  });
  return 0;
}
