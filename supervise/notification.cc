#include "supervise/notification.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>

#include "common/decimal.h"
#include "common/error_text.h"
#include "common/safe_file.h"

extern char** environ;

namespace supervise {

namespace {

constexpr int kHighestNotificationFd = 1023;
constexpr int64_t kMaxMilliseconds = 7 * 24 * 3600 * 1000LL;

// A small number in a file of the service directory (a trailing newline
// allowed). Absent: `value` is untouched. Anything unusable: false.
bool ReadNumberFile(const char* name, int64_t min, int64_t max, int64_t* value,
                    std::string* reason) {
  common::CheckedFile file =
      common::OpenChecked(AT_FDCWD, name, O_RDONLY, common::FileType::kRegular);
  if (file.missing()) return true;
  std::string text;
  if (!file.ok() || !common::ReadUpTo(file.fd.get(), 32, &text)) {
    *reason = std::string(name) + ": " +
              std::string(file.ok() ? common::ErrorText(errno) : file.Reason());
    return false;
  }
  if (!text.empty() && text.back() == '\n') text.pop_back();
  int64_t parsed = 0;
  if (!common::ParseCanonicalDecimal<int64_t>(text, max, &parsed) ||
      parsed < min) {
    *reason = std::string(name) + ": not a number from " + std::to_string(min) +
              " to " + std::to_string(max);
    return false;
  }
  *value = parsed;
  return true;
}

// A datagram socket under an abstract name nobody can guess (so nobody
// can take it first), reachable by a service under any account whatever
// supervise/'s mode; SO_PASSCRED makes the kernel stamp every message
// with its sender. Returns the NOTIFY_SOCKET value, or "" (errno set).
std::string MakeSocket(common::UniqueFd* socket_fd) {
  unsigned char random[16];
  if (getrandom(random, sizeof(random), 0) != sizeof(random)) return "";
  std::string name = "hardened-daemontools/notify/";
  for (unsigned char byte : random) {
    name += "0123456789abcdef"[byte >> 4];
    name += "0123456789abcdef"[byte & 15];
  }
  common::UniqueFd fd(
      socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  int on = 1;
  if (!fd.valid() ||
      setsockopt(fd.get(), SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) != 0) {
    return "";
  }
  struct sockaddr_un address = {};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path + 1, name.data(), name.size());
  socklen_t length = static_cast<socklen_t>(
      offsetof(struct sockaddr_un, sun_path) + 1 + name.size());
  if (bind(fd.get(), reinterpret_cast<struct sockaddr*>(&address), length) !=
      0) {
    return "";
  }
  *socket_fd = std::move(fd);
  return "@" + name;
}

bool Inherited(const char* variable) {
  for (const char* name :
       {"NOTIFY_SOCKET=", "WATCHDOG_USEC=", "WATCHDOG_PID="}) {
    if (std::strncmp(variable, name, std::strlen(name)) == 0) return true;
  }
  return false;
}

}  // namespace

bool PrepareNotification(Notification* notification, std::string* reason) {
  int64_t fd_number = -1;
  int64_t watchdog_ms = 0;
  if (!ReadNumberFile("notification-fd", 3, kHighestNotificationFd, &fd_number,
                      reason) ||
      !ReadNumberFile("watchdog-timeout", 1, kMaxMilliseconds, &watchdog_ms,
                      reason)) {
    return false;
  }
  // timeout-kill matters to supervise only for the watchdog's KILL; for
  // everything else it is svscan's (which falls back to its default), so
  // a bad one must not keep a service without a watchdog from starting.
  if (watchdog_ms > 0 &&
      !ReadNumberFile("timeout-kill", 1, kMaxMilliseconds,
                      &notification->kill_timeout_ms, reason)) {
    return false;
  }
  common::CheckedFile socket_file = common::OpenChecked(
      AT_FDCWD, "notify-socket", O_RDONLY, common::FileType::kRegular);
  if (!socket_file.ok() && !socket_file.missing()) {
    *reason = "notify-socket: " + std::string(socket_file.Reason());
    return false;
  }
  if (watchdog_ms > 0 && !socket_file.ok()) {
    *reason = "watchdog-timeout: needs notify-socket";
    return false;
  }
  for (char** variable = environ; *variable != nullptr; ++variable) {
    if (!Inherited(*variable)) notification->environment.push_back(*variable);
  }
  if (fd_number >= 0) {
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) {
      *reason = "notification-fd: unable to create pipe: " +
                std::string(common::ErrorText(errno));
      return false;
    }
    notification->pipe_read.Reset(ends[0]);
    notification->pipe_write.Reset(ends[1]);
    notification->fd_number = static_cast<int>(fd_number);
  }
  if (socket_file.ok()) {
    std::string address = MakeSocket(&notification->socket);
    if (address.empty()) {
      *reason = "notify-socket: unable to create socket: " +
                std::string(common::ErrorText(errno));
      return false;
    }
    notification->environment.push_back("NOTIFY_SOCKET=" + address);
    if (watchdog_ms > 0) {
      notification->watchdog_ms = watchdog_ms;
      notification->environment.push_back("WATCHDOG_USEC=" +
                                          std::to_string(watchdog_ms * 1000));
    }
  }
  return true;
}

void InstallNotificationFd(const Notification& notification) {
  if (notification.fd_number < 0) return;
  int from = notification.pipe_write.get();
  if (from == notification.fd_number) {
    fcntl(from, F_SETFD, 0);  // dup2 onto itself would keep close-on-exec
  } else {
    dup2(from, notification.fd_number);
  }
}

}  // namespace supervise
