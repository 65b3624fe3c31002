#pragma once
// Live progress on a terminal: one line rewritten in place on stderr, at most ~10 times a
// second, and only when stderr is a terminal (quiet when piped or redirected).
#include <chrono>
#include <cstdio>

#include "varopt/solve/solver.hpp"

namespace varopt::cli {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  // Ends the line: an error thrown past the line is printed on a fresh one.
  ~ProgressLine() { finish(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  void update(const GenerationRecord& record, double sign);
  // Ends the line so later output starts on a fresh one.
  void finish();

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace varopt::cli
