#include "supervise/supervisor.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <utility>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/unique_fd.h"
#include "supervise/adoption.h"
#include "supervise/service_dir.h"
#include "supervise/spawn.h"
#include "supervise/state_machine.h"
#include "supervise/status_file.h"

namespace supervise {

namespace {

// How often a failed status write is retried when nothing else happens.
constexpr int64_t kStatusRetryMs = 5000;

Now ReadClocks() {
  struct timespec mono;
  clock_gettime(CLOCK_MONOTONIC, &mono);
  Now now;
  now.monotonic_ms = int64_t{mono.tv_sec} * 1000 + mono.tv_nsec / 1000000;
  now.wall = common::Tai64nNow();
  return now;
}

class Supervisor {
 public:
  Supervisor(std::string dir, const sigset_t& child_mask)
      : dir_(std::move(dir)),
        child_mask_(child_mask),
        machine_(DownFileExists(), ReadClocks()),
        status_(dir_) {}

  int Run(int signal_fd) {
    OpenLockAndControl(dir_, files_);
    if (std::optional<Orphan> orphan = FindOrphan()) {
      machine_.Adopt(orphan->pid, orphan->previous);
      adopted_pid_ = orphan->pid;
      adopted_fd_ = std::move(orphan->pidfd);
    }
    status_.Write(machine_.Record());
    OpenOk(dir_, files_);
    Execute(machine_.Begin(ReadClocks()));
    for (;;) Step(signal_fd);
  }

 private:
  bool DownFileExists() {
    struct stat info;
    if (stat("down", &info) == 0) return true;
    if (errno != ENOENT) {
      common::Die(111, {"supervise: fatal: unable to stat ", dir_,
                        "/down: ", common::ErrorText(errno)});
    }
    return false;
  }

  void Step(int signal_fd) {
    Now now = ReadClocks();
    int timeout = -1;
    if (std::optional<int64_t> deadline = machine_.NextDeadlineMs()) {
      int64_t wait = *deadline - now.monotonic_ms;
      timeout = wait < 0 ? 0 : static_cast<int>(wait);
    }
    if (status_.stale() && (timeout < 0 || timeout > kStatusRetryMs)) {
      timeout = kStatusRetryMs;
    }
    struct pollfd fds[3] = {{signal_fd, POLLIN, 0},
                            {files_.control_read.get(), POLLIN, 0},
                            {adopted_fd_.get(), POLLIN, 0}};
    int ready = poll(fds, adopted_fd_.valid() ? 3 : 2, timeout);
    if (ready < 0 && errno != EINTR) {
      common::WriteLine(2, {"supervise: warning: unable to poll: ",
                            common::ErrorText(errno)});
    }
    now = ReadClocks();
    if (ready > 0 && fds[0].revents) ReapChildren(signal_fd, now);
    if (ready > 0 && adopted_fd_.valid() && fds[2].revents) {
      // The adopted ./run is not our child: its parent reaps it, and the
      // pidfd tells us it has gone.
      adopted_fd_.Reset();
      Execute(machine_.OnChildExit(std::exchange(adopted_pid_, 0), now));
    }
    if (ready > 0 && fds[1].revents) ReadCommands(now);
    if (std::optional<int64_t> deadline = machine_.NextDeadlineMs();
        deadline && *deadline <= now.monotonic_ms) {
      Execute(machine_.OnTimer(now));
    }
    if (status_.stale()) status_.Write(machine_.Record());
  }

  void ReapChildren(int signal_fd, const Now& now) {
    struct signalfd_siginfo info;
    while (read(signal_fd, &info, sizeof(info)) > 0) {
    }
    for (;;) {
      int wait_status;
      pid_t pid = waitpid(-1, &wait_status, WNOHANG);
      if (pid <= 0) break;
      Execute(machine_.OnChildExit(pid, now));
    }
  }

  void ReadCommands(const Now& now) {
    unsigned char buffer[256];
    ssize_t length = read(files_.control_read.get(), buffer, sizeof(buffer));
    for (ssize_t i = 0; i < length; ++i) {
      Execute(machine_.OnControlByte(buffer[i], now));
    }
  }

  void Execute(const Actions& actions) {
    for (const Action& action : actions) {
      switch (action.kind) {
        case Action::kWriteStatus:
          status_.Write(action.status);
          break;
        case Action::kSignal:
          SendSignal(static_cast<pid_t>(action.pid), action.signal);
          break;
        case Action::kSpawn:
          Spawn();
          break;
        case Action::kExit:
          status_.Write(machine_.Record());
          _exit(0);
      }
    }
  }

  void SendSignal(pid_t pid, int signal) {
    // Through the pidfd for an adopted ./run: its pid cannot have been
    // reused while we hold it.
    if (adopted_fd_.valid() && pid == adopted_pid_) {
      syscall(SYS_pidfd_send_signal, adopted_fd_.get(), signal, nullptr, 0);
      return;
    }
    kill(pid, signal);
  }

  void Spawn() {
    pid_t pid = SpawnRun(dir_, child_mask_);
    if (pid < 0) {
      int error = errno;
      common::WriteLine(
          2, {"supervise: warning: unable to fork for ", dir_,
              ", trying again in 5 seconds: ", common::ErrorText(error)});
      Execute(machine_.OnSpawnFailed(ReadClocks()));
      return;
    }
    RecordRunIdentity(pid);
    Execute(machine_.OnSpawned(pid, ReadClocks()));
  }

  std::string dir_;
  sigset_t child_mask_;
  ServiceDir files_;
  StateMachine machine_;
  StatusFile status_;
  pid_t adopted_pid_ = 0;
  common::UniqueFd adopted_fd_;
};

}  // namespace

int RunSupervisor(const std::string& dir) {
  sigset_t child_signal;
  sigemptyset(&child_signal);
  sigaddset(&child_signal, SIGCHLD);
  sigset_t original_mask;
  sigprocmask(SIG_BLOCK, &child_signal, &original_mask);
  common::UniqueFd signal_fd(
      signalfd(-1, &child_signal, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!signal_fd.valid()) {
    common::Die(111, {"supervise: fatal: unable to create pipe for ", dir, ": ",
                      common::ErrorText(errno)});
  }
  if (chdir(dir.c_str()) != 0) {
    common::Die(111, {"supervise: fatal: unable to chdir to ", dir, ": ",
                      common::ErrorText(errno)});
  }
  Supervisor supervisor(dir, original_mask);
  return supervisor.Run(signal_fd.get());
}

}  // namespace supervise
