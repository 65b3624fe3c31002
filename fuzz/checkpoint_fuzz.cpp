// Fuzz target: a checkpoint's solver state (varopt minimize --resume, Solver.load): parse_json
// and RestartSolver::restore_state into a CMA-ES run on a 3-dimensional space. A state is either
// restored — and the run then continues — or refused with a message.
#include <cstdint>

#include "fuzz_input.hpp"
#include "varopt/solve/run_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace varopt;
  const SearchSpace space = SearchSpace::continuous(3);
  RunOptions options;
  options.method = "cma";
  options.stop.max_evaluations = 200;
  RestartSolver solver = make_run_solver(options, space, Vec::Zero(3), 1.0);
  fuzz::expect_only_varopt_errors([&] {
    solver.restore_state(parse_json(fuzz::text_of(data, size), "checkpoint"));
    for (int g = 0; g < 3 && !solver.done(); ++g)
      solver.tell(Vec::LinSpaced(solver.ask().size(), 1.0, 2.0));
  });
  return 0;
}
