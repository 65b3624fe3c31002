#include "log_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "varopt/core/error.hpp"

namespace varopt::cli {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, int error) {
  throw FileError("--log: cannot " + what + " '" + path + "': " + std::strerror(error));
}

// The length of the lines of the log at path that a run resumed at `generation` keeps: its
// complete lines up to the first one that is not of a generation <= `generation` (a later one,
// or a line cut short by a kill).
std::uintmax_t kept_length(const std::string& path, Index generation) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("read", path, errno);
  std::uintmax_t kept = 0;
  std::string line;
  while (std::getline(in, line) && !in.eof()) {  // eof: a last line without its newline
    try {
      const Json record = parse_json(line, "log line");
      const auto it = record.is_object() ? record.find("generation") : record.end();
      if (it == record.end() || !it->is_number_integer() || it->get<Index>() > generation) break;
    } catch (const FileError&) {
      break;
    }
    kept += line.size() + 1;
  }
  return kept;
}

}  // namespace

LogFile::LogFile(std::string path, std::optional<Index> resumed_generation)
    : path_(std::move(path)) {
  if (resumed_generation && std::filesystem::is_regular_file(path_)) {
    std::error_code error;
    std::filesystem::resize_file(path_, kept_length(path_, *resumed_generation), error);
    if (error) fail("truncate", path_, error.value());
  }
  fd_ =
      ::open(path_.c_str(),
             O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (resumed_generation ? 0 : O_TRUNC), 0644);
  if (fd_ < 0) fail("open", path_, errno);
}

LogFile::~LogFile() { ::close(fd_); }

void LogFile::write(const Json& line) {
  const std::string text = line.dump() + '\n';
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t written = ::write(fd_, data, left);
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) fail("write", path_, errno);
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

}  // namespace varopt::cli
