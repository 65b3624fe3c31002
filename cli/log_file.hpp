#pragma once
// The run's log (--log): one JSON line per generation, appended as the generation ends. A resumed
// run first cuts the log back to its checkpoint's generation: the lines of the generations run
// after the checkpoint before the run was stopped (killed) would otherwise come twice.
#include <optional>
#include <string>

#include "varopt/core/json.hpp"
#include "varopt/core/types.hpp"

namespace varopt::cli {

class LogFile {
 public:
  // Opens path for a fresh run (emptied), or for a run resumed from a checkpoint of generation
  // `resumed_generation` (a regular file keeps its complete lines of generations up to that one;
  // anything after them, a line cut short included, is removed). Throws FileError
  // "--log: cannot open '<path>': <reason>".
  LogFile(std::string path, std::optional<Index> resumed_generation);
  ~LogFile();
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  // Appends `line` and a newline. Throws FileError "--log: cannot write '<path>': <reason>".
  void write(const Json& line);

 private:
  std::string path_;
  int fd_;
};

}  // namespace varopt::cli
