#include "supervise/notify_receiver.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "common/decimal.h"
#include "common/diagnostics.h"
#include "supervise/process_stat.h"

namespace supervise {

namespace {

constexpr int kMaxGenerations = 64;
constexpr int kMaxMessagesPerRead = 64;
constexpr size_t kMaxPassedFds = 16;

}  // namespace

bool InProcessTree(pid_t pid, pid_t root) {
  if (root <= 0) return false;
  for (int generation = 0; generation < kMaxGenerations && pid > 1;
       ++generation) {
    if (pid == root) return true;
    std::optional<ProcessStat> stat = ReadProcessStat(pid);
    pid = stat ? stat->parent : 0;
  }
  return false;
}

void NotifyReceiver::Start(pid_t run, common::UniqueFd pipe,
                           common::UniqueFd socket) {
  run_ = run;
  pipe_ = std::move(pipe);
  socket_ = std::move(socket);
  warned_sender_ = false;
  warned_main_pid_ = false;
}

void NotifyReceiver::Stop() {
  run_ = 0;
  pipe_.Reset();
  socket_.Reset();
}

bool NotifyReceiver::ReadPipe() {
  char buffer[512];
  ssize_t got = read(pipe_.get(), buffer, sizeof(buffer));
  if (got < 0 && (errno == EINTR || errno == EAGAIN)) return false;
  bool ready = got > 0 && std::memchr(buffer, '\n', got) != nullptr;
  if (ready || got <= 0) pipe_.Reset();
  return ready;
}

void NotifyReceiver::WarnOnce(bool& warned, const std::string& what) {
  if (warned) return;
  warned = true;
  common::Warn(dir_, ": ignoring ", what, ": not in the process tree of ./run");
}

std::vector<common::NotifyMessage> NotifyReceiver::ReadSocket() {
  std::vector<common::NotifyMessage> accepted;
  for (int count = 0; count < kMaxMessagesPerRead && socket_.valid(); ++count) {
    char data[common::kMaxNotifyMessageBytes + 1];
    struct iovec vector = {data, sizeof(data)};
    alignas(
        struct cmsghdr) char control[CMSG_SPACE(sizeof(struct ucred)) +
                                     CMSG_SPACE(kMaxPassedFds * sizeof(int))];
    struct msghdr message = {};
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof(control);
    ssize_t got =
        recvmsg(socket_.get(), &message, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    if (got < 0) break;  // EAGAIN: all read
    pid_t sender = 0;
    for (struct cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr;
         header = CMSG_NXTHDR(&message, header)) {
      if (header->cmsg_level != SOL_SOCKET) continue;
      if (header->cmsg_type == SCM_CREDENTIALS &&
          header->cmsg_len == CMSG_LEN(sizeof(struct ucred))) {
        struct ucred credentials;
        std::memcpy(&credentials, CMSG_DATA(header), sizeof(credentials));
        sender = credentials.pid;
      } else if (header->cmsg_type == SCM_RIGHTS) {
        // BARRIER=1 sends a descriptor and waits for it to be closed;
        // nothing else passed is wanted either.
        size_t fds = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < fds; ++i) {
          int fd;
          std::memcpy(&fd, CMSG_DATA(header) + i * sizeof(int), sizeof(int));
          close(fd);
        }
      }
    }
    if ((message.msg_flags & MSG_TRUNC) != 0) continue;
    std::optional<common::NotifyMessage> parsed =
        common::ParseNotifyMessage(std::string_view(data, got));
    if (!parsed) continue;
    if (!InProcessTree(sender, run_)) {
      WarnOnce(warned_sender_,
               "a notification from pid " + std::to_string(sender));
      continue;
    }
    if (parsed->main_pid &&
        !InProcessTree(static_cast<pid_t>(*parsed->main_pid), run_)) {
      WarnOnce(warned_main_pid_,
               "MAINPID=" + std::to_string(*parsed->main_pid));
      parsed->main_pid.reset();
    }
    accepted.push_back(std::move(*parsed));
  }
  return accepted;
}

}  // namespace supervise
