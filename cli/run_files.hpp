#pragma once
// The files one run reads and writes, each in one role: two outputs in one file (--log x
// --checkpoint x) would destroy one of them, an output over an input the input.
#include <string>

namespace varopt::cli {

struct RunFiles {
  std::string config, space, resume;        // read; empty: none
  std::string log, checkpoint, worker_log;  // written; empty: none
};

// Throws InvalidArgument "--log and --checkpoint: expected different files, got one file ('x')"
// when two of the files are one (as canonical paths: links, "." and ".." resolved) and at least
// one of them is written. A checkpoint may be written over the one it resumes.
void require_distinct_files(const RunFiles& files);

}  // namespace varopt::cli
