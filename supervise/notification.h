// Readiness notification for one start of ./run, prepared by the spawner
// (which may create descriptors; the locked-down monitor may not) before
// the clone, from files in the service directory read at every start:
//   notification-fd   s6's protocol: a number N from 3 to 1023; ./run gets
//                     the write end of a pipe as descriptor N and writes a
//                     newline when it is ready.
//   notify-socket     systemd's sd_notify protocol: ./run gets
//                     NOTIFY_SOCKET naming a fresh datagram socket (an
//                     abstract name with 128 random bits, new at every
//                     start); the file's content is not used.
//   watchdog-timeout  milliseconds (needs notify-socket): ./run gets
//                     WATCHDOG_USEC and must send WATCHDOG=1 that often once
//                     ready.
//   timeout-kill      milliseconds from the watchdog's TERM to its KILL
//                     (default 10000, the file svscan reads too).
// The monitor gets the pipe's read end and the socket with the spawner's
// reply. NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID inherited from
// whatever started supervise are never passed on: they belong to another
// service manager.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/unique_fd.h"

namespace supervise {

inline constexpr int64_t kDefaultKillTimeoutMs = 10000;

struct Notification {
  // s6: the pipe, and the number its write end gets in ./run (-1: none).
  int fd_number = -1;
  common::UniqueFd pipe_read;
  common::UniqueFd pipe_write;
  // sd_notify: bound, SO_PASSCRED set, non-blocking.
  common::UniqueFd socket;
  int64_t watchdog_ms = 0;
  int64_t kill_timeout_ms = kDefaultKillTimeoutMs;
  // The environment for ./run: ours with the variables above replaced.
  std::vector<std::string> environment;

  bool notifies() const { return fd_number >= 0 || socket.valid(); }
};

// Reads the files and creates what they ask for. Returns false with
// `reason` ("notification-fd: ...") when a file is unusable; the start is
// then refused like one refused by the policy.
bool PrepareNotification(Notification* notification, std::string* reason);

// In the new process, before the policy applies: moves the pipe's write
// end to its number. Plain system calls only (after a raw clone).
void InstallNotificationFd(const Notification& notification);

}  // namespace supervise
