// The `varopt` command. Bad input gets one clear message on stderr and exit code 2 (an output
// file that cannot be written is found before any evaluation); a run that fails exits 1: an
// objective error under --nonfinite error, or a log or checkpoint write that fails during the run
// (which stops there and prints its summary first); a run stopped by SIGINT/SIGTERM writes its
// checkpoint and summary and exits 128 + the signal (130, 143). Under mpirun (cli/ranks.hpp) an
// error on any rank ends every rank with its exit code.
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "bench_command.hpp"
#include "list_command.hpp"
#include "minimize_command.hpp"
#include "plot_command.hpp"
#include "ranks.hpp"
#include "varopt/core/closest_name.hpp"
#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"

namespace {

// CLI11's messages quote the arguments they reject in full (one word each, or many words): the
// message with each word cut by excerpt(), a few lines at most.
std::string parse_message(const CLI::ParseError& error) {
  const std::string_view message = error.what();
  std::string words;
  for (std::size_t start = 0; start <= message.size();) {
    const std::size_t end = std::min(message.find(' ', start), message.size());
    words += varopt::excerpt(message.substr(start, end - start));
    if (end < message.size()) words += ' ';
    start = end + 1;
  }
  return varopt::excerpt(words, 4 * varopt::kExcerptLength);
}

// Prints the error and returns its exit code; with several MPI ranks, ends them all (the others
// may be waiting for this one).
int fail(int code, const char* message) {
  if (varopt::cli::rank_count() > 1) {
    std::fprintf(stderr, "varopt (rank %d): %s\n", varopt::cli::rank(), message);
    varopt::cli::exit_all_ranks(code);
  }
  std::fprintf(stderr, "varopt: %s\n", message);
  return code;
}

// `varopt NAME ...` where no command is NAME: names it and lists the commands (CLI11 would say
// only that a command is required).
void require_known_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return;  // an option (--help) or nothing: CLI11's messages
  std::string names;
  for (const CLI::App* command : app.get_subcommands({})) {
    if (command->check_name(argv[1])) return;
    names += (names.empty() ? "" : ", ") + command->get_name();
  }
  throw varopt::InvalidArgument("unknown command '" + varopt::excerpt(argv[1]) +
                                "'; the commands are " + names);
}

// "unknown option '--targt' (did you mean --target?)" for the first word of `varopt COMMAND
// ...` that looks like a long option the command lacks, else "" (CLI11 says only "The following
// arguments were not expected", listing them last first).
std::string unknown_option(const CLI::App& app, int argc, char** argv) {
  if (argc < 3) return "";
  const CLI::App* command = nullptr;
  for (const CLI::App* c : app.get_subcommands({}))
    if (c->check_name(argv[1])) command = c;
  if (command == nullptr) return "";
  for (int i = 2; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word.size() < 3 || word.substr(0, 2) != "--") continue;
    const std::string name(word.substr(0, word.find('=')));
    if (command->get_option_no_throw(name) != nullptr) continue;
    std::vector<std::string> long_names;
    for (const CLI::Option* option : command->get_options())
      for (const std::string& long_name : option->get_lnames()) long_names.push_back(long_name);
    const std::string closest = varopt::closest_name(name.substr(2), long_names);
    return "unknown option '" + varopt::excerpt(name) + "'" +
           (closest.empty() ? "" : " (did you mean --" + closest + "?)") + "; see 'varopt " +
           command->get_name() + " --help'";
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  // Started with stdin, stdout or stderr closed, the files varopt opens (a log, a checkpoint, a
  // worker's pipes) would take their numbers and receive what is printed there: /dev/null holds
  // them instead.
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) == -1 && ::open("/dev/null", O_RDWR) != fd) return 2;
  const varopt::cli::RankSession ranks(argc, argv);
  CLI::App app{"varopt: Variational Optimization of black-box functions", "varopt"};
  app.require_subcommand(1);
  // A closed pipe (a worker that exited, `varopt ... | head`) is an error code, never a signal.
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> objective_cmd;
  try {
    objective_cmd = varopt::cli::take_objective_command(argc, argv);
  } catch (const varopt::InvalidArgument& e) {
    return fail(2, e.what());
  }
  varopt::cli::add_minimize_command(app, std::move(objective_cmd));
  varopt::cli::add_list_command(app);
  varopt::cli::add_plot_command(app);
  varopt::cli::add_bench_command(app);
  try {
    require_known_command(app, argc, argv);
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::string unknown = unknown_option(app, argc, argv);
    return fail(2, (unknown.empty() ? parse_message(e) + "; see 'varopt --help'" : unknown).c_str());
  } catch (const varopt::InvalidArgument& e) {
    return fail(2, e.what());
  } catch (const varopt::FileError& e) {
    return fail(2, e.what());
  } catch (const std::exception& e) {
    return fail(1, e.what());
  }
  return varopt::cli::minimize_exit_code();
}
