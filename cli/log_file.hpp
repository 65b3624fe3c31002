#pragma once
// The run's log (--log): one JSON line per generation, appended as the generation ends.
#include <string>

#include "varopt/core/json.hpp"

namespace varopt::cli {

class LogFile {
 public:
  // Opens path for the run, emptied (a fresh run) or to append to (a resumed run). Throws
  // FileError "--log: cannot open '<path>': <reason>".
  LogFile(std::string path, bool resumed);
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
