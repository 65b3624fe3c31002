#include "varopt/core/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#include "varopt/core/error.hpp"

namespace varopt {
namespace {

// A writer writes "<path><kTemporarySuffix><its process id>", then renames it to path.
constexpr std::string_view kTemporarySuffix = ".tmp.";

// Messages name the user's path, never the temporary file.
[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int error) {
  throw FileError("cannot " + what + " '" + path.string() + "': " + std::strerror(error));
}

// What a path that is not a regular file is, for messages.
const char* kind_of(mode_t mode) {
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a fifo";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// The rename would replace a link, a device, a directory or a fifo (as root, /dev/null) with a
// regular file: only a regular file, or nothing, may be at path.
void require_regular_or_absent(const std::filesystem::path& path) {
  struct stat status {};
  if (::lstat(path.c_str(), &status) != 0) return;  // absent, or unreadable: the write says
  if (!S_ISREG(status.st_mode))
    throw FileError("cannot replace '" + path.string() + "': expected a regular file, got " +
                    kind_of(status.st_mode));
}

// Removes what writers of path killed before their rename left behind: the temporary files of
// processes that no longer run.
void remove_stale_temporaries(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  const std::string prefix = path.filename().string() + std::string(kTemporarySuffix);
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string_view digits = std::string_view(name).substr(prefix.size());
    pid_t pid = 0;
    const auto [stop, parsed] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (parsed != std::errc() || stop != digits.data() + digits.size() || pid <= 0) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // running (perhaps as another user)
    std::error_code ignored;
    if (it->symlink_status(ignored).type() == fs::file_type::regular)
      fs::remove(it->path(), ignored);
  }
}

// Creates (or empties) this process's temporary file for path and returns its descriptor.
int create_temporary(const std::filesystem::path& path, std::filesystem::path& temp) {
  require_regular_or_absent(path);
  remove_stale_temporaries(path);
  temp =
      path.string() + std::string(kTemporarySuffix) + std::to_string(static_cast<long>(::getpid()));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, "create", errno);
  return fd;
}

}  // namespace

void require_atomically_writable(const std::filesystem::path& path) {
  std::filesystem::path temp;
  ::close(create_temporary(path, temp));
  ::unlink(temp.c_str());
}

void write_file_atomically(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::path temp;
  const int fd = create_temporary(path, temp);
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      fail(path, "write", error);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  const int synced = ::fsync(fd) == 0 ? 0 : errno;
  const int closed = ::close(fd) == 0 ? 0 : errno;
  if (synced != 0 || closed != 0) {
    ::unlink(temp.c_str());
    fail(path, "write", synced != 0 ? synced : closed);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(path, "replace", error);
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "open", errno);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace varopt
