#include "log_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "varopt/core/error.hpp"

namespace varopt::cli {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw FileError("--log: cannot " + what + " '" + path + "': " + std::strerror(errno));
}

}  // namespace

LogFile::LogFile(std::string path, bool resumed) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (resumed ? 0 : O_TRUNC),
               0644);
  if (fd_ < 0) fail("open", path_);
}

LogFile::~LogFile() { ::close(fd_); }

void LogFile::write(const Json& line) {
  const std::string text = line.dump() + '\n';
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t written = ::write(fd_, data, left);
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) fail("write", path_);
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

}  // namespace varopt::cli
