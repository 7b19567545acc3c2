#include "svscan/output_relay.h"

#include <fcntl.h>
#include <linux/kcmp.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <utility>

#include "common/diagnostics.h"
#include "common/error_text.h"

namespace svscan {

namespace {

// What svscan may hold back while its output is slow.
constexpr size_t kQueueLimit = 256 * 1024;
// How many reads of one pipe the final flush makes: a service that keeps
// writing while svscan exits must not keep it from exiting.
constexpr int kFinalReadsPerPipe = 16;

// Writes all of `piece`, waiting as long as it takes (this is the writer
// thread). Someone else may have made our descriptor non-blocking.
void WritePiece(const OutputPiece& piece) {
  size_t done = 0;
  while (done < piece.bytes.size()) {
    ssize_t wrote =
        write(piece.fd, piece.bytes.data() + done, piece.bytes.size() - done);
    if (wrote > 0) {
      done += static_cast<size_t>(wrote);
    } else if (wrote < 0 && errno == EAGAIN) {
      struct pollfd ready = {piece.fd, POLLOUT, 0};
      poll(&ready, 1, -1);
    } else if (wrote < 0 && errno == EINTR) {
      continue;
    } else {
      return;  // nobody reads it any more: lost, as a write would be
    }
  }
}

}  // namespace

std::string LineSplitter::Feed(std::string_view data) {
  std::string out;
  size_t last_newline = data.rfind('\n');
  if (last_newline != std::string_view::npos) {
    out = std::exchange(partial_, {});
    out.append(data.substr(0, last_newline + 1));
    data.remove_prefix(last_newline + 1);
  }
  partial_.append(data);
  if (partial_.size() >= kMaxPartialLine) out += std::exchange(partial_, {});
  return out;
}

std::string LineSplitter::Finish() { return std::exchange(partial_, {}); }

void OutputQueue::Push(int fd, std::string bytes) {
  if (bytes.empty()) return;
  ReportDrops();
  if (dropped_lines_ == 0 && Fits(bytes.size())) {
    Append(fd, std::move(bytes));
    return;
  }
  // A partial line counts as one.
  dropped_lines_ += static_cast<uint64_t>(
      std::count(bytes.begin(), bytes.end(), '\n') + (bytes.back() != '\n'));
}

void OutputQueue::ReportDrops() {
  if (dropped_lines_ == 0) return;
  std::string notice = "svscan: warning: dropped " +
                       std::to_string(dropped_lines_) +
                       " lines: output not taken in time\n";
  if (!Fits(notice.size())) return;
  Append(2, std::move(notice));
  dropped_lines_ = 0;
}

std::optional<OutputPiece> OutputQueue::Pop() {
  if (pieces_.empty()) return std::nullopt;
  OutputPiece piece = std::move(pieces_.front());
  pieces_.pop_front();
  bytes_ -= piece.bytes.size();
  return piece;
}

void OutputQueue::Append(int fd, std::string bytes) {
  bytes_ += bytes.size();
  pieces_.push_back({fd, std::move(bytes)});
}

OutputRelay::OutputRelay(int epoll_fd)
    : epoll_fd_(epoll_fd), queue_(kQueueLimit) {
  // Only kcmp proves one description; two opens of one file are not the
  // same (separate offsets and flags), so without it nothing is shared.
  pid_t self = getpid();
  outputs_shared_ = syscall(SYS_kcmp, self, self, KCMP_FILE, 1, 2) == 0;
  // The writer takes no signals: svscan's are read from a signalfd.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_t thread;
  int error = pthread_create(&thread, nullptr, &OutputRelay::WriterMain, this);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (error == 0) {
    pthread_detach(thread);
    threaded_ = true;
  } else {
    common::Warn(
        "unable to start output thread, "
        "writing output directly: ",
        common::ErrorText(error));
  }
}

common::UniqueFd OutputRelay::NewPipe(int fd) {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) return {};
  common::UniqueFd read_end(ends[0]);
  common::UniqueFd write_end(ends[1]);
  // Only our end's description is non-blocking; the write end's belongs
  // to the child.
  int flags = fcntl(read_end.get(), F_GETFL);
  if (flags < 0 || fcntl(read_end.get(), F_SETFL, flags | O_NONBLOCK) != 0) {
    return {};
  }
  uint64_t tag = next_tag_++;
  struct epoll_event event = {};
  event.events = EPOLLIN;
  event.data.u64 = tag;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, read_end.get(), &event) != 0) {
    return {};
  }
  pipes_.emplace(tag, Pipe{std::move(read_end), fd, {}});
  return write_end;
}

void OutputRelay::Readable(uint64_t tag) {
  auto found = pipes_.find(tag);
  if (found == pipes_.end()) return;
  if (ReadFrom(found->second) == ReadResult::kClosed) Close(tag);
}

void OutputRelay::Say(int fd, std::string_view line) {
  std::string bytes(line);
  bytes += '\n';
  Put(fd, std::move(bytes));
}

void OutputRelay::Flush(int timeout_ms) {
  for (auto& [tag, pipe] : pipes_) {
    for (int i = 0; i < kFinalReadsPerPipe; ++i) {
      if (ReadFrom(pipe) != ReadResult::kData) break;
    }
    Put(pipe.fd, pipe.splitter.Finish());
  }
  if (!threaded_) return;
  std::unique_lock lock(mutex_);
  queue_.ReportDrops();
  wake_writer_.notify_one();
  written_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                    [&] { return queue_.empty() && !writing_; });
}

OutputRelay::ReadResult OutputRelay::ReadFrom(Pipe& pipe) {
  char buffer[16384];
  ssize_t got = read(pipe.read.get(), buffer, sizeof(buffer));
  if (got < 0 && (errno == EAGAIN || errno == EINTR)) return ReadResult::kEmpty;
  if (got <= 0) return ReadResult::kClosed;
  Put(pipe.fd, pipe.splitter.Feed({buffer, static_cast<size_t>(got)}));
  return ReadResult::kData;
}

void OutputRelay::Close(uint64_t tag) {
  auto found = pipes_.find(tag);
  Put(found->second.fd, found->second.splitter.Finish());
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, found->second.read.get(), nullptr);
  pipes_.erase(found);
}

void OutputRelay::Put(int fd, std::string bytes) {
  if (bytes.empty()) return;
  if (!threaded_) {
    common::WriteAll(fd, bytes);
    return;
  }
  std::lock_guard lock(mutex_);
  queue_.Push(fd, std::move(bytes));
  wake_writer_.notify_one();
}

void* OutputRelay::WriterMain(void* self) {
  static_cast<OutputRelay*>(self)->WriteLoop();
  return nullptr;
}

void OutputRelay::WriteLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_writer_.wait(lock, [&] { return !queue_.empty(); });
    std::optional<OutputPiece> piece = queue_.Pop();
    writing_ = true;
    lock.unlock();
    WritePiece(*piece);
    lock.lock();
    writing_ = false;
    if (queue_.empty()) written_.notify_all();
  }
}

}  // namespace svscan
