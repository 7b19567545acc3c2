// svscan's output relay. 0.76 hands every supervise, and through it every
// service, svscan's own stdout and stderr: one open file description
// whose flags (O_NONBLOCK, O_APPEND) and offset any service could change
// for svscan and everybody else, or truncate when it is a file. Here each
// supervise gets pipes of its own instead, svscan reads them all and
// copies what arrives to its stdout or stderr, unchanged, a line at a
// time, so lines of different services do not interleave.
//
// svscan never waits for its own output: a writer thread does the writing
// from a bounded queue; when that is full (nobody reads svscan's output),
// lines are dropped and counted, and a warning says how many once there
// is room again. Supervision never stalls on output.
#pragma once

#include <pthread.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/unique_fd.h"

namespace svscan {

// Cuts one pipe's bytes into pieces to pass on: complete lines (all of a
// read's complete lines together), and a partial line only once it
// reaches kMaxPartialLine bytes or its writers are gone. Pure.
class LineSplitter {
 public:
  // A write of up to PIPE_BUF bytes is atomic in 0.76's shared pipe too;
  // a longer partial line may interleave there as well.
  static constexpr size_t kMaxPartialLine = 4096;

  // Takes `data`; returns what may be passed on now (maybe nothing).
  std::string Feed(std::string_view data);
  // The partial line left when the pipe reaches end of file.
  std::string Finish();

 private:
  std::string partial_;
};

struct OutputPiece {
  int fd = 1;  // 1 or 2: svscan's stdout or stderr
  std::string bytes;
};

// What svscan still has to write, at most `limit` bytes. Pure.
class OutputQueue {
 public:
  explicit OutputQueue(size_t limit) : limit_(limit) {}
  // Queues `bytes` for `fd`, or drops them when they do not fit, counting
  // their lines. Before the next piece that fits, a warning with the count
  // is queued for stderr.
  void Push(int fd, std::string bytes);
  // Queues that warning now if anything was dropped and it fits.
  void ReportDrops();
  std::optional<OutputPiece> Pop();
  bool empty() const { return pieces_.empty(); }
  uint64_t dropped_lines() const { return dropped_lines_; }

 private:
  bool Fits(size_t size) const { return bytes_ + size <= limit_; }
  void Append(int fd, std::string bytes);

  size_t limit_;
  size_t bytes_ = 0;
  uint64_t dropped_lines_ = 0;
  std::deque<OutputPiece> pieces_;
};

// Owns the pipes and the writer thread.
class OutputRelay {
 public:
  // Pipes are registered with `epoll_fd` under tags from kFirstTag up.
  static constexpr uint64_t kFirstTag = 16;

  // Starts the writer thread, which runs until svscan _exits: an
  // OutputRelay lives as long as svscan.
  explicit OutputRelay(int epoll_fd);

  // A new pipe whose bytes go to svscan's `fd` (1 or 2). Returns its write
  // end (close-on-exec) for a child; invalid with errno set on failure.
  // The read end closes by itself at end of file.
  common::UniqueFd NewPipe(int fd);
  // svscan's stdout and stderr are one open file description (the usual
  // case: both go to readproctitle, a log or a terminal). Then a child's
  // stdout and stderr may share one pipe: its bytes land where they would
  // through two, in the order written, for one descriptor instead of two.
  bool OutputsShared() const { return outputs_shared_; }
  // epoll reported `tag` readable: reads once from that pipe.
  void Readable(uint64_t tag);
  // svscan's own line (a warning), without its newline.
  void Say(int fd, std::string_view line);
  // Before exit: passes on what the pipes hold now, then gives svscan's
  // output up to `timeout_ms` to take everything.
  void Flush(int timeout_ms);

 private:
  struct Pipe {
    common::UniqueFd read;
    int fd;
    LineSplitter splitter;
  };

  enum class ReadResult { kData, kEmpty, kClosed };

  // Reads once and passes on what may go.
  ReadResult ReadFrom(Pipe& pipe);
  void Close(uint64_t tag);
  void Put(int fd, std::string bytes);
  static void* WriterMain(void* self);
  void WriteLoop();

  int epoll_fd_;
  bool outputs_shared_ = false;
  uint64_t next_tag_ = kFirstTag;
  std::map<uint64_t, Pipe> pipes_;

  std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable written_;
  OutputQueue queue_;
  bool writing_ = false;
  bool threaded_ = false;
};

}  // namespace svscan
