// The spawner: a small privileged helper forked by supervise before it
// locks itself down. supervise itself (the "monitor") then runs under a
// strict seccomp allow-list that cannot fork or exec, and asks the spawner
// to start ./run. The spawner creates the service with clone(CLONE_PARENT):
// the service is the monitor's own child (plain waitpid, exact daemontools
// semantics) but inherits the spawner's unfiltered state, never the
// monitor's filter. Before each start the spawner reads and validates the
// service's policy file itself, so a compromised monitor cannot hand it a
// weaker policy: the only request is one byte, "start". Once it has seen a
// policy it never starts ./run without one. With each started service it
// hands the monitor a pidfd (CLONE_PIDFD), the monitor's only way to
// signal it, and the read ends of its readiness notification (pipe,
// socket), which the spawner creates before the clone. See
// docs/SECURITY.md.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/unique_fd.h"

namespace supervise {

struct SpawnReply {
  enum Result : int32_t { kStarted = 0, kForkFailed = 1, kRefused = 2 };
  int32_t result = kForkFailed;
  int32_t pid = 0;
  int32_t error = 0;  // errno when the clone failed
  // kStarted: 1 when the spawner will kill the service's cgroup after it
  // exits, so that RequestStop has work to do.
  int32_t kills_group = 0;
  // kRefused: why the policy refused the start. kStarted: the policy
  // applied, in one line (sandbox::PolicySummary), or empty without one.
  char reason[256] = {};
  // kStarted: how the run says it is ready (supervise/notification.h).
  // The pipe's read end and the socket follow the pidfd, in that order.
  enum Notifies : int32_t { kPipe = 1, kSocket = 2 };
  int32_t notifies = 0;
  int64_t watchdog_ms = 0;
  int64_t kill_timeout_ms = 0;
};

// What comes with a started service: its pidfd (the monitor's only way to
// signal it), and the read ends of its readiness notification, if any.
struct StartedFds {
  common::UniqueFd pidfd;
  common::UniqueFd notification_pipe;
  common::UniqueFd notify_socket;
};

class SpawnerClient {
 public:
  // Forks the spawner. `close_in_spawner` lists descriptors it must not
  // keep. Returns nullopt with errno set if it cannot be created.
  static std::optional<SpawnerClient> Start(
      const std::string& dir, const sigset_t& child_mask,
      std::span<const int> close_in_spawner);

  // One round trip. nullopt means the spawner is gone. A started service
  // comes with its descriptors in `fds`.
  std::optional<SpawnReply> RequestStart(StartedFds* fds);

  // After ./run has exited: the spawner kills whatever is left in the
  // service's cgroup (if the policy gave it one and kill_mode is
  // control-group) and answers once it is gone. False: the spawner is
  // gone.
  bool RequestStop();

  pid_t pid() const { return pid_; }

 private:
  SpawnerClient(pid_t pid, common::UniqueFd socket)
      : pid_(pid), socket_(std::move(socket)) {}
  pid_t pid_;
  common::UniqueFd socket_;
};

}  // namespace supervise
