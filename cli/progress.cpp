#include "progress.hpp"

#include <unistd.h>

namespace varopt::cli {

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO)) {}

void ProgressLine::update(const GenerationRecord& record, double sign) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  shown_ = true;
  std::fprintf(stderr, "\r\033[Kgeneration %lld  evaluations %lld  best f %.6g  mean f %.4g  σ %.3g",
               static_cast<long long>(record.generation),
               static_cast<long long>(record.evaluations), sign * record.best_f,
               sign * record.mean_f, record.spread);
  std::fflush(stderr);
}

void ProgressLine::finish() {
  if (shown_) std::fputs("\n", stderr);
  shown_ = false;
}

}  // namespace varopt::cli
