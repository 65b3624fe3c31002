#include "run_files.hpp"

#include <filesystem>
#include <string>
#include <string_view>

#include "varopt/core/error.hpp"

namespace varopt::cli {
namespace {

// Absolute first: weakly_canonical leaves a relative path whose first part does not exist
// relative ("x.json"), but makes "./x.json" absolute, and the two would differ.
std::filesystem::path canonical_path(const std::string& path) {
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(path).lexically_normal();
  const std::filesystem::path canonical = std::filesystem::weakly_canonical(absolute, error);
  return error ? absolute : canonical;
}

}  // namespace

void require_distinct_files(const RunFiles& files) {
  struct Role {
    std::string_view flag;
    const std::string& path;
    bool written;
  };
  const Role roles[] = {
      {"--config", files.config, false},        {"--space", files.space, false},
      {"--resume", files.resume, false},        {"--log", files.log, true},
      {"--checkpoint", files.checkpoint, true}, {"--worker-log", files.worker_log, true}};
  for (auto a = std::begin(roles); a != std::end(roles); ++a) {
    for (auto b = a + 1; b != std::end(roles); ++b) {
      if (a->path.empty() || b->path.empty() || !(a->written || b->written)) continue;
      if (a->flag == "--resume" && b->flag == "--checkpoint") continue;
      if (canonical_path(a->path) != canonical_path(b->path)) continue;
      const std::string paths =
          a->path == b->path ? "'" + a->path + "'" : "'" + a->path + "' and '" + b->path + "'";
      throw InvalidArgument(detail::concat(
          a->flag, " and ", b->flag, ": expected different files, got one file (", paths, ")"));
    }
  }
}

}  // namespace varopt::cli
