#include "worker_process.hpp"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>

#include "varopt/core/error.hpp"
#include "varopt/core/excerpt.hpp"
#include "varopt/eval/worker_pool.hpp"

extern char** environ;

namespace varopt {
namespace {

// The process groups of the live workers of every pool, for kill_all_workers() (lock-free
// atomics: a signal handler may read them). 0: a free slot.
std::array<std::atomic<pid_t>, 4096> g_live_groups{};
static_assert(std::atomic<pid_t>::is_always_lock_free);

void register_group(pid_t group) {
  for (auto& slot : g_live_groups) {
    pid_t free = 0;
    if (slot.compare_exchange_strong(free, group)) return;
  }  // (more than 4096 live workers: the last-resort kill misses the rest)
}

void unregister_group(pid_t group) {
  for (auto& slot : g_live_groups) {
    pid_t expected = group;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

}  // namespace

void kill_all_workers() noexcept {
  for (const auto& slot : g_live_groups)
    if (const pid_t group = slot.load(); group > 0) ::kill(-group, SIGKILL);
}

}  // namespace varopt

namespace varopt::detail {
namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// The child's 0, 1 and 2 are copied from descriptors that must not be 0, 1 or 2 themselves: one
// copy would overwrite the next one's source (varopt started with stdin or stdout closed gets
// its sockets or the worker log there, and the worker's stderr then went into its answers).
// A copy above 2 of fd (close-on-exec), or fd itself when it is above 2; -1 on failure.
int above_standard_fds(int fd) { return fd > 2 ? fd : ::fcntl(fd, F_DUPFD_CLOEXEC, 3); }

}  // namespace

WorkerProcess::WorkerProcess(const std::vector<std::string>& argv, int stderr_fd) {
  require(!argv.empty() && !argv.front().empty(), "WorkerProcess", "a program to run",
          "an empty command");
  int in[2] = {-1, -1}, out[2] = {-1, -1};
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0)
    throw std::runtime_error(std::string("WorkerProcess: socketpair: ") + std::strerror(errno));
  if (::pipe2(out, O_CLOEXEC) != 0) {
    const int e = errno;
    ::close(in[0]), ::close(in[1]);
    throw std::runtime_error(std::string("WorkerProcess: pipe: ") + std::strerror(e));
  }
  for (int* end : {&in[0], &in[1], &out[0], &out[1]}) {
    const int lifted = above_standard_fds(*end);
    if (lifted != *end) ::close(*end);
    *end = lifted;
  }
  const int child_stderr = above_standard_fds(stderr_fd);
  if (in[1] < 0 || out[1] < 0 || in[0] < 0 || out[0] < 0 || child_stderr < 0) {
    const int e = errno;
    for (int fd : {in[0], in[1], out[0], out[1]})
      if (fd >= 0) ::close(fd);
    if (child_stderr >= 0 && child_stderr != stderr_fd) ::close(child_stderr);
    throw std::runtime_error(std::string("WorkerProcess: fcntl: ") + std::strerror(e));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[1], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, child_stderr, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // A process group of its own: Ctrl-C at the terminal reaches varopt only (which ends the
  // workers), and kill(-pid) ends whatever the worker started too. Default signal dispositions
  // and an empty mask, whatever varopt ignores or blocks.
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int rc = ::posix_spawnp(&pid_, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(in[1]);
  ::close(out[1]);
  if (child_stderr != stderr_fd) ::close(child_stderr);
  if (rc != 0) {
    ::close(in[0]), ::close(out[0]);
    throw InvalidArgument("objective command: expected a program that can be started, got '" +
                          excerpt(argv.front()) + "' (" + std::strerror(rc) + ")");
  }
  register_group(pid_);
  in_fd_ = in[0];
  out_fd_ = out[0];
  set_nonblocking(in_fd_);
  set_nonblocking(out_fd_);
}

WorkerProcess::~WorkerProcess() { stop(0); }

void WorkerProcess::send(const std::string& bytes) {
  if (sent_ == outbox_.size()) outbox_.clear(), sent_ = 0;
  outbox_ += bytes;
}

bool WorkerProcess::flush() {
  while (sent_ < outbox_.size()) {
    if (in_fd_ < 0) return false;
    const ssize_t n = ::send(in_fd_, outbox_.data() + sent_, outbox_.size() - sent_, MSG_NOSIGNAL);
    if (n > 0) {
      sent_ += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return true;
    } else {
      return false;
    }
  }
  return true;
}

WorkerProcess::Read WorkerProcess::read_available() {
  char buffer[65536];
  bool any = false;
  // At most 1 MiB per call, so the caller can refuse an overlong line before it fills memory.
  for (int chunk = 0; chunk < 16; ++chunk) {
    if (out_fd_ < 0) return Read::eof;
    const ssize_t n = ::read(out_fd_, buffer, sizeof buffer);
    if (n > 0) {
      inbox_.append(buffer, static_cast<std::size_t>(n));
      any = true;
      if (static_cast<std::size_t>(n) < sizeof buffer) return Read::data;
      continue;  // maybe more
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return any ? Read::data : Read::again;
    return any ? Read::data : Read::eof;  // end of file, or an error: the worker is gone
  }
  return Read::data;
}

std::optional<std::string> WorkerProcess::next_line() {
  const std::size_t nl = inbox_.find('\n', scan_pos_);
  if (nl == std::string::npos) {
    scan_pos_ = inbox_.size();
    return std::nullopt;
  }
  std::string line = inbox_.substr(scanned_from_, nl - scanned_from_);
  scanned_from_ = scan_pos_ = nl + 1;
  if (scanned_from_ == inbox_.size() || scanned_from_ > (std::size_t{1} << 20)) {
    inbox_.erase(0, scanned_from_);
    scanned_from_ = scan_pos_ = 0;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

bool WorkerProcess::has_exited() const {
  if (pid_ <= 0 || reaped_) return true;
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid_;
}

void WorkerProcess::stop(int grace_ms) {
  close_fd(in_fd_);
  if (pid_ > 0 && !reaped_) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
    for (;;) {
      const pid_t r = ::waitpid(pid_, &wait_status_, WNOHANG);
      if (r == pid_ || (r < 0 && errno != EINTR)) {
        reaped_ = true;
        break;
      }
      if (std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::kill(-pid_, SIGKILL);  // the group: what the worker started dies with it
    unregister_group(pid_);
    if (!reaped_) {
      ::kill(pid_, SIGKILL);
      while (::waitpid(pid_, &wait_status_, 0) < 0 && errno == EINTR) {
      }
      reaped_ = true;
    }
  }
  close_fd(out_fd_);
}

std::string WorkerProcess::exit_description() const {
  if (!reaped_) return "still running";
  if (WIFEXITED(wait_status_)) return "exit code " + std::to_string(WEXITSTATUS(wait_status_));
  if (WIFSIGNALED(wait_status_)) return "signal " + std::to_string(WTERMSIG(wait_status_));
  return "ended";
}

}  // namespace varopt::detail
