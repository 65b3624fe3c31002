// The `varopt` command. Bad input gets one clear message on stderr and exit code 2; a run that
// fails (an objective error under --nonfinite error, a file that cannot be written) exits 1; a run
// stopped by SIGINT/SIGTERM writes its checkpoint and summary and exits 128 + the signal (130,
// 143).
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>

#include "bench_command.hpp"
#include "list_command.hpp"
#include "minimize_command.hpp"
#include "plot_command.hpp"
#include "varopt/core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"varopt: Variational Optimization of black-box functions", "varopt"};
  app.require_subcommand(1);
  // A closed pipe (a worker that exited, `varopt ... | head`) is an error code, never a signal.
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> objective_cmd;
  try {
    objective_cmd = varopt::cli::take_objective_command(argc, argv);
  } catch (const varopt::InvalidArgument& e) {
    std::fprintf(stderr, "varopt: %s\n", e.what());
    return 2;
  }
  varopt::cli::add_minimize_command(app, std::move(objective_cmd));
  varopt::cli::add_list_command(app);
  varopt::cli::add_plot_command(app);
  varopt::cli::add_bench_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "varopt: %s\nRun 'varopt --help' for usage.\n", e.what());
    return 2;
  } catch (const varopt::InvalidArgument& e) {
    std::fprintf(stderr, "varopt: %s\n", e.what());
    return 2;
  } catch (const varopt::FileError& e) {
    std::fprintf(stderr, "varopt: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "varopt: %s\n", e.what());
    return 1;
  }
  return varopt::cli::minimize_exit_code();
}
