// The monitor's end of a run's readiness notification: the read end of
// its s6 pipe and its sd_notify socket, both created by the spawner and
// passed over with the start's reply (supervise/notification.h). Only the
// service's own process tree may notify: every datagram carries its
// sender's pid (SO_PASSCRED, filled in by the kernel), and a sender whose
// parent chain in /proc does not reach ./run is ignored, as is a MAINPID=
// outside that tree. A sender must still exist when supervise reads its
// datagram; systemd-notify waits for that (BARRIER=1), and a daemon that
// notifies for itself does.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "common/notify_message.h"
#include "common/unique_fd.h"

namespace supervise {

// Whether `pid` is `root` or descends from it, by the ppid chain in
// /proc/PID/stat (at most 64 generations).
bool InProcessTree(pid_t pid, pid_t root);

class NotifyReceiver {
 public:
  // `dir` only appears in warnings.
  explicit NotifyReceiver(std::string dir) : dir_(std::move(dir)) {}

  // A new run: its pipe and socket (either may be invalid).
  void Start(pid_t run, common::UniqueFd pipe, common::UniqueFd socket);
  // The run ended: nothing its leftovers send counts any more.
  void Stop();

  // For poll; -1 when absent.
  int pipe_fd() const { return pipe_.get(); }
  int socket_fd() const { return socket_.get(); }

  // After poll said the pipe is readable: true once a newline arrived
  // (the pipe is then closed, as s6 does; so is a pipe at end of file).
  bool ReadPipe();
  // After poll said the socket is readable: the accepted messages, at
  // most a bounded number per call so a flood cannot starve commands.
  std::vector<common::NotifyMessage> ReadSocket();

 private:
  // Warns once per run about a sender outside the tree.
  void WarnOnce(bool& warned, const std::string& what);

  std::string dir_;
  pid_t run_ = 0;
  common::UniqueFd pipe_;
  common::UniqueFd socket_;
  bool warned_sender_ = false;
  bool warned_main_pid_ = false;
};

}  // namespace supervise
