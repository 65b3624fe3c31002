#pragma once
// One worker process (POSIX): started with posix_spawnp from an argv (never a shell) in a process
// group of its own, stdin a socket (written with MSG_NOSIGNAL, so a worker that exits never
// raises SIGPIPE in varopt), stdout a pipe read without blocking and cut into lines, stderr the
// given log descriptor. The destructor ends the process group (SIGKILL) and reaps it: no zombie.
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace varopt::detail {

class WorkerProcess {
 public:
  // Throws InvalidArgument when the program cannot be started.
  WorkerProcess(const std::vector<std::string>& argv, int stderr_fd);
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  int input_fd() const { return in_fd_; }
  int output_fd() const { return out_fd_; }

  // Queues bytes for the worker's stdin; flush() writes what it can without blocking.
  void send(const std::string& bytes);
  bool wants_write() const { return sent_ < outbox_.size(); }
  // False when the worker no longer reads (it exited or closed stdin).
  bool flush();

  enum class Read { data, again, eof };
  // Reads what is available on stdout (without blocking).
  Read read_available();
  // The next complete line (without '\n'), if any.
  std::optional<std::string> next_line();
  // Bytes buffered and not yet returned as lines.
  std::size_t buffered() const { return inbox_.size() - scanned_from_; }
  void discard_input() { inbox_.clear(), scanned_from_ = 0, scan_pos_ = 0; }

  // True once the process itself has ended (it stays a zombie until stop() reaps it, so its
  // process group cannot be reused meanwhile). Something it started may still hold its stdout
  // open, so end of file alone does not tell.
  bool has_exited() const;
  // Closes stdin (a well-behaved worker exits on EOF) and waits up to grace_ms for it to exit;
  // then kills the process group and reaps it. Idempotent.
  void stop(int grace_ms);
  // How the process ended, once stop() reaped it ("exit code 3", "signal 9").
  std::string exit_description() const;

 private:
  pid_t pid_ = -1;
  int in_fd_ = -1, out_fd_ = -1;
  int wait_status_ = 0;
  bool reaped_ = false;
  std::string outbox_;
  std::size_t sent_ = 0;
  std::string inbox_;
  std::size_t scanned_from_ = 0;  // start of the line being assembled
  std::size_t scan_pos_ = 0;      // inbox_ before this holds no '\n' after scanned_from_
};

}  // namespace varopt::detail
