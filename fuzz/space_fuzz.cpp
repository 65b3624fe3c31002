// Fuzz target: a search space file (varopt minimize --space, varopt.Solver(space=...)):
// parse_json, space_from_json, and for a valid space its start, its point writer and a solver.
#include <cstdint>
#include <string>

#include "fuzz_input.hpp"
#include "varopt/dist/space_json.hpp"
#include "varopt/solve/run_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace varopt;
  fuzz::expect_only_varopt_errors([&] {
    const SearchSpace space = space_from_json(parse_json(fuzz::text_of(data, size), "space"));
    if (space.dim() > 1000) return;  // valid, and large: building a solver proves nothing more
    const Vec start = space_start(space);
    std::string line;
    PointWriter(space).append(start, line);
    space_to_json(space);
    RestartSolver solver = make_run_solver(RunOptions{}, space, start,
                                           space_sigma0(space).value_or(1.0));
    solver.ask();
  });
  return 0;
}
