// supervise's OS layer: events in (poll), the machine's actions out, one
// way. How a command travels, e.g. `svc -d` (the byte 'd' in
// supervise/control) while ./run runs:
//   1. supervisor.cc Supervisor::ReadCommands: poll in Step saw the FIFO
//      readable; each byte read goes to the machine.
//   2. state_machine.cc StateMachine::OnControlByte: the transition table
//      names Stop for (kUp, kDown), which returns kSignal TERM, kSignal
//      CONT and kWriteStatus.
//   3. supervisor.cc Supervisor::CarryOut (from Execute): kSignal ->
//      SendSignal -> pidfd_send_signal on ./run's pidfd.
//   4. status_file.cc StatusFile::Write (kWriteStatus): status.new renamed
//      over status; then supervise/deaths and supervise/readiness.
#include "supervise/supervisor.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <utility>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/exit_record.h"
#include "common/readiness_record.h"
#include "common/safe_file.h"
#include "common/unique_fd.h"
#include "sandbox/policy_file.h"
#include "supervise/adoption.h"
#include "supervise/monitor_lockdown.h"
#include "supervise/notify_receiver.h"
#include "supervise/restart_policy.h"
#include "supervise/service_dir.h"
#include "supervise/spawner.h"
#include "supervise/state_machine.h"
#include "supervise/status_file.h"

namespace supervise {

namespace {

// How often a failed status write is retried when nothing else happens.
constexpr int64_t kStatusRetryMs = 1000;

constexpr char kRestartPolicyFile[] = "restart-policy";
// In supervise/.
constexpr char kHealthFile[] = "deaths";
constexpr char kRefusalFile[] = "refused";
constexpr char kExitFile[] = "exit";
constexpr char kConfinementFile[] = "confinement";
constexpr char kReadinessFile[] = "readiness";
constexpr size_t kMaxRestartPolicyBytes = 4096;

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
        status_(dir_),
        notify_(dir_) {}

  int Run(int signal_fd) {
    OpenLockAndControl(dir_, files_);
    ServeS6Helpers(dir_, files_);
    status_.SetDirectory(files_.supervise.get());
    if (std::optional<Orphan> orphan = FindOrphan(files_.supervise.get())) {
      machine_.Adopt(orphan->pid, orphan->previous);
      adopted_pid_ = orphan->pid;
      adopted_fd_ = std::move(orphan->pidfd);
    }
    LoadRestartPolicy();
    status_.Write(machine_.Record());
    // Before ok: whoever sees supervise running finds the readiness of
    // this supervise, not a stale one (svwait -U and -D rely on it).
    AdoptReadiness();
    WriteReadiness(machine_.readiness());
    OpenOk(dir_, files_);
    ApplyControlGroupFromPolicy();
    const int spawner_closes[] = {
        files_.service.get(),      files_.supervise.get(),
        files_.lock.get(),         files_.s6_lock.get(),
        files_.control_read.get(), files_.control_write.get(),
        files_.ok_read.get(),      signal_fd,
        adopted_fd_.get()};
    spawner_ = SpawnerClient::Start(dir_, child_mask_, spawner_closes);
    if (!spawner_) {
      common::DieSys(111, "unable to start spawner for ", dir_);
    }
    // A file-size limit must make a status write fail, not kill the
    // monitor. Set after the spawner exists, so services keep the default.
    signal(SIGXFSZ, SIG_IGN);
    // Files the monitor makes get their exact mode (0644) from the umask:
    // it may not chmod once locked down. The spawner keeps the original
    // umask for the services.
    umask(022);
    LockDownMonitor();
    Execute(machine_.Begin(ReadClocks()));
    for (;;) {
      Step(signal_fd);
      // Readiness and the restart tally also change on events that write
      // no status (a ready line, a recovery, SIGHUP); failed writes are
      // tried again here.
      WriteHealth(machine_.ReportedHealth());
      WriteReadiness(machine_.readiness());
    }
  }

 private:
  bool DownFileExists() {
    struct stat info;
    if (fstatat(AT_FDCWD, "down", &info, AT_SYMLINK_NOFOLLOW) == 0) return true;
    if (errno != ENOENT) {
      common::DieSys(111, "unable to stat ", dir_, "/down");
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
    // poll skips the negative descriptors of what is absent.
    struct pollfd fds[5] = {{signal_fd, POLLIN, 0},
                            {files_.control_read.get(), POLLIN, 0},
                            {adopted_fd_.get(), POLLIN, 0},
                            {notify_.pipe_fd(), POLLIN, 0},
                            {notify_.socket_fd(), POLLIN, 0}};
    int ready = poll(fds, 5, timeout);
    if (ready < 0 && errno != EINTR) {
      common::WarnSys("unable to poll");
    }
    now = ReadClocks();
    // Before reaping: a sender still exists while its parent has not
    // reaped it.
    if (ready > 0) ReadNotifications(fds[3].revents, fds[4].revents, now);
    if (ready > 0 && fds[0].revents) HandleSignals(signal_fd, now);
    if (ready > 0 && adopted_fd_.valid() && fds[2].revents) {
      // The adopted ./run is not our child: its parent reaps it, and the
      // pidfd tells us it has gone.
      adopted_fd_.Reset();
      StopLeftovers();
      Execute(machine_.OnChildExit(std::exchange(adopted_pid_, 0), now));
    }
    if (ready > 0 && fds[1].revents) ReadCommands(now);
    if (std::optional<int64_t> deadline = machine_.NextDeadlineMs();
        deadline && *deadline <= now.monotonic_ms) {
      Execute(machine_.OnTimer(now));
    }
    if (status_.stale()) status_.Write(machine_.Record());
  }

  // control_group in the policy: members of that group may control the
  // service; without one (or without a usable policy) only root may, even
  // if an earlier policy or svgroup gave supervise/ to a group. Applied at
  // every start of supervise, before the ok FIFO tells anyone it runs.
  void ApplyControlGroupFromPolicy() {
    sandbox::ResolvedPolicy policy;
    std::string error;
    std::optional<gid_t> group;
    if (sandbox::LoadPolicyFile("policy", &policy, &error) ==
        sandbox::PolicyFileState::kLoaded) {
      group = policy.control_gid;
    }
    if (!SetControlAccess(files_, group)) {
      common::WarnSys("unable to give ", dir_,
                      "/supervise to its control group");
    }
  }

  // Signals to supervise itself. TERM and INT stop the service and then
  // supervise (as svc -dx would), so it is never orphaned silently; HUP
  // reads restart-policy again. CHLD: reap.
  void HandleSignals(int signal_fd, const Now& now) {
    struct signalfd_siginfo info;
    while (read(signal_fd, &info, sizeof(info)) > 0) {
      switch (info.ssi_signo) {
        case SIGTERM:
        case SIGINT:
          Execute(machine_.OnControlByte('d', now));
          Execute(machine_.OnControlByte('x', now));
          break;
        case SIGHUP:
          LoadRestartPolicy();
          break;
        default:
          break;  // SIGCHLD: reaped below
      }
    }
    // Reap everything: exits that happened while supervise was stopped
    // arrive folded into one SIGCHLD.
    for (;;) {
      int wait_status;
      pid_t pid = waitpid(-1, &wait_status, WNOHANG);
      if (pid <= 0) break;
      if (pid == spawner_->pid()) SpawnerLost();
      if (pid == child_pid_) {
        child_fd_.Reset();
        child_pid_ = 0;
        StopLeftovers();
        notify_.Stop();
        pending_exit_ =
            PendingExit{wait_status, static_cast<uint64_t>(std::max<int64_t>(
                                         0, now.monotonic_ms - started_ms_))};
      }
      Execute(machine_.OnChildExit(pid, now, wait_status));
      FlushExit();
    }
  }

  // Reads ./restart-policy (absent: daemontools behaviour). A file that
  // does not parse keeps the policy in force and says why.
  void LoadRestartPolicy() {
    common::CheckedFile file =
        common::OpenChecked(files_.service.get(), kRestartPolicyFile, O_RDONLY,
                            common::FileType::kRegular);
    if (!file.ok()) {
      if (file.missing()) {
        machine_.SetRestartPolicy(RestartPolicy());
      } else {
        common::Warn("unable to read ", dir_, "/", kRestartPolicyFile, ": ",
                     file.Reason());
      }
      return;
    }
    std::string text;
    bool read_ok =
        common::ReadUpTo(file.fd.get(), kMaxRestartPolicyBytes + 1, &text);
    if (!read_ok || text.size() > kMaxRestartPolicyBytes) {
      common::Warn("unable to read ", dir_, "/", kRestartPolicyFile, ": ",
                   !read_ok ? common::ErrorText(errno) : "file too large");
      return;
    }
    common::ParseResult<RestartPolicy> parsed = ParseRestartPolicy(text);
    if (!parsed.value) {
      common::Warn(dir_, "/", kRestartPolicyFile, " ", parsed.error,
                   "; keeping the policy in force");
      return;
    }
    machine_.SetRestartPolicy(*parsed.value);
  }

  // supervise/deaths, for svstat, while a restart-policy is in force.
  void WriteHealth(const std::optional<Health>& health) {
    if (!health) {
      // Also a file left by an earlier supervise whose policy is gone.
      if (health_file_may_exist_) {
        unlinkat(files_.supervise.get(), kHealthFile, 0);
        health_file_may_exist_ = false;
        health_written_.reset();
      }
      return;
    }
    if (health_written_ == health) return;
    std::string line = std::to_string(health->recent_deaths) +
                       (health->given_up ? " given-up\n" : "\n");
    health_file_may_exist_ = true;
    // Replaced whole, so svstat never reads half a line; a failure is
    // tried again after the next event.
    if (common::ReplaceFile(files_.supervise.get(), kHealthFile, "deaths.new",
                            line, 0644, /*durable=*/false)) {
      health_written_ = health;
    }
  }

  void ReadCommands(const Now& now) {
    unsigned char buffer[256];
    ssize_t length = read(files_.control_read.get(), buffer, sizeof(buffer));
    for (ssize_t i = 0; i < length; ++i) {
      Execute(machine_.OnControlByte(buffer[i], now));
    }
  }

  // Carries out the actions of one event, in order. A kSpawn's reply is the
  // machine's next event, taken once the list is done: actions only ever
  // flow from the machine to the OS, and no event arrives in the middle of
  // another's actions.
  void Execute(Actions actions) {
    pid_t started = 0;  // a run whose start's status is being written
    for (;;) {
      std::optional<SpawnResult> spawned = CarryOut(actions);
      // run.id once the status of the start is written: the status is
      // what svstat and svc users wait for, and replacing a file costs.
      if (started != 0) {
        RecordRunIdentity(files_.supervise.get(), std::exchange(started, 0));
      }
      if (!spawned) return;
      if (spawned->reply.result == SpawnReply::kStarted) {
        started = spawned->reply.pid;
      }
      actions = TakeSpawnResult(*spawned);
    }
  }

  struct SpawnResult {
    SpawnReply reply;
    StartedFds fds;
  };

  std::optional<SpawnResult> CarryOut(const Actions& actions) {
    std::optional<SpawnResult> spawned;
    for (const Action& action : actions) {
      switch (action.kind) {
        case Action::kWriteStatus:
          // svstat reads all three: keep them in step, the status first.
          status_.Write(action.status);
          WriteHealth(action.health);
          WriteReadiness(action.readiness);
          break;
        case Action::kWatchdogExpired:
          common::Warn(dir_, "/run missed its watchdog (",
                       std::to_string(watchdog_ms_), " ms); restarting it");
          break;
        case Action::kSignal:
          SendSignal(static_cast<pid_t>(action.pid), action.signal);
          break;
        case Action::kSpawn:
          spawned.emplace();
          spawned->reply = RequestSpawn(&spawned->fds);
          break;
        case Action::kExit:
          FlushExit();
          status_.Write(machine_.Record());
          _exit(0);
      }
    }
    return spawned;
  }

  // Only ever through a pidfd of our own ./run (the one the spawner
  // started, or the adopted one): the monitor's filter has no kill, so even
  // a compromised monitor cannot signal any other process, and a pid
  // cannot have been reused while we hold its pidfd.
  void SendSignal(pid_t pid, int signal) {
    int pidfd = -1;
    if (adopted_fd_.valid() && pid == adopted_pid_) pidfd = adopted_fd_.get();
    if (child_fd_.valid() && pid == child_pid_) pidfd = child_fd_.get();
    if (pidfd >= 0) syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0);
  }

  // Whole-tree stop: once ./run has exited (svc -d, -k, svscan's
  // shutdown, or on its own), and before it is started again or supervise
  // exits, the spawner kills what is left in the service's cgroup. The
  // monitor only asks: it holds no cgroup file. A lost spawner shows at
  // the next start.
  // Without a group to kill (no policy, kill_mode process) the round
  // trip is skipped: it would delay every restart.
  void StopLeftovers() {
    if (leftovers_possible_) spawner_->RequestStop();
  }

  // Without its spawner the monitor cannot start anything. It exits and
  // leaves ./run running, as a killed 0.76 supervise would; the next
  // supervise adopts it.
  [[noreturn]] void SpawnerLost() {
    status_.Write(machine_.Record());
    common::DieFatal(111, "lost the spawner for ", dir_,
                     "; exiting, the service keeps running");
  }

  SpawnReply RequestSpawn(StartedFds* fds) {
    std::optional<SpawnReply> reply = spawner_->RequestStart(fds);
    if (!reply) SpawnerLost();
    return *reply;
  }

  // The spawner's reply, as the machine's next event.
  Actions TakeSpawnResult(SpawnResult& spawned) {
    const SpawnReply& reply = spawned.reply;
    if (reply.result == SpawnReply::kForkFailed) {
      common::Warn("unable to fork for ", dir_, ", trying again in 5 seconds: ",
                   common::ErrorText(reply.error));
      return machine_.OnSpawnFailed(ReadClocks());
    }
    if (reply.result == SpawnReply::kRefused) {
      // The file first: whoever reads the warning finds svstat agreeing.
      RecordRefusal(reply.reason);
      common::Warn("refusing to start ", dir_,
                   "/run, trying again in 5 seconds: ", dir_, "/",
                   reply.reason);
      return machine_.OnSpawnFailed(ReadClocks());
    }
    if (refusal_recorded_) {
      unlinkat(files_.supervise.get(), kRefusalFile, 0);
      refusal_recorded_ = false;
    }
    child_pid_ = reply.pid;
    leftovers_possible_ = reply.kills_group != 0;
    child_fd_ = std::move(spawned.fds.pidfd);
    started_ms_ = ReadClocks().monotonic_ms;
    RecordConfinement(reply.reason);
    return machine_.OnSpawned(reply.pid, ReadClocks(),
                              StartNotification(reply, spawned.fds));
  }

  // The run's notification pipe and socket go to the receiver; the
  // machine learns whether to wait for them.
  StartReadiness StartNotification(const SpawnReply& reply, StartedFds& fds) {
    StartReadiness readiness;
    readiness.notifies =
        fds.notification_pipe.valid() || fds.notify_socket.valid();
    readiness.watchdog_ms = fds.notify_socket.valid() ? reply.watchdog_ms : 0;
    readiness.kill_timeout_ms = reply.kill_timeout_ms;
    watchdog_ms_ = readiness.watchdog_ms;
    notify_.Start(reply.pid, std::move(fds.notification_pipe),
                  std::move(fds.notify_socket));
    return readiness;
  }

  void ReadNotifications(short pipe_events, short socket_events,
                         const Now& now) {
    if (pipe_events != 0 && notify_.ReadPipe()) {
      Execute(machine_.OnReady(now));
    }
    if (socket_events != 0) {
      for (const common::NotifyMessage& message : notify_.ReadSocket()) {
        Execute(machine_.OnNotify(message, now));
      }
    }
  }

  // A ./run adopted from a killed supervise keeps the readiness that
  // supervise recorded for it.
  void AdoptReadiness() {
    if (adopted_pid_ == 0) return;
    common::CheckedFile file =
        common::OpenChecked(files_.supervise.get(), kReadinessFile, O_RDONLY,
                            common::FileType::kRegular);
    std::string text;
    if (!file.ok() || !common::ReadUpTo(file.fd.get(), 1024, &text)) return;
    if (std::optional<common::ReadinessRecord> previous =
            common::ParseReadinessRecord(text)) {
      machine_.AdoptReadiness(*previous);
    }
  }

  // supervise/readiness, for svstat -v/-j and svwait -U/-D: written after
  // the status it belongs to, and only when it changes.
  void WriteReadiness(const common::ReadinessRecord& readiness) {
    if (readiness_written_ == readiness) return;
    if (common::ReplaceFile(files_.supervise.get(), kReadinessFile,
                            "readiness.new",
                            common::EncodeReadinessRecord(readiness), 0644,
                            /*durable=*/false)) {
      readiness_written_ = readiness;
    }
  }

  // The last run's exit record is written once the reaping is done, after
  // the status of a restart that may have followed: replacing a file costs
  // about a millisecond on ext4 (a rename over a file starts the new
  // file's writeback), and a restart's latency is until the status shows
  // the new pid. svstat -v may show the old run's exit for that moment.
  void FlushExit() {
    if (!pending_exit_) return;
    PendingExit exit = *pending_exit_;
    pending_exit_.reset();
    RecordExit(exit.wait_status, exit.ran_ms);
  }

  // supervise/exit: how the last run ended, for svstat -v and -j. A death
  // by the service's own seccomp filter is said once, not at every
  // restart of a service that keeps dying of it.
  void RecordExit(int wait_status, uint64_t ran_ms) {
    common::ExitRecord record =
        common::ExitRecordFromWaitStatus(wait_status, ran_ms);
    common::ReplaceFile(files_.supervise.get(), kExitFile, "exit.new",
                        common::EncodeExitRecord(record), 0644,
                        /*durable=*/false);
    bool by_filter = record.signaled && record.code == SIGSYS;
    if (by_filter && !last_exit_by_filter_) {
      common::Warn(dir_,
                   "/run was killed by its seccomp filter (bad system "
                   "call)");
    }
    last_exit_by_filter_ = by_filter;
  }

  // supervise/confinement: the policy the last start applied, or nothing.
  void RecordConfinement(const char* summary) {
    if (summary[0] == '\0') {
      unlinkat(files_.supervise.get(), kConfinementFile, 0);
      return;
    }
    common::ReplaceFile(files_.supervise.get(), kConfinementFile,
                        "confinement.new", std::string(summary) + "\n", 0644,
                        /*durable=*/false);
  }

  // svstat shows supervise/refused while the service cannot start.
  void RecordRefusal(const char* reason) {
    std::string line = std::string(reason) + "\n";
    if (common::ReplaceFile(files_.supervise.get(), kRefusalFile, "refused.new",
                            line, 0644, /*durable=*/false)) {
      refusal_recorded_ = true;
    }
  }

  std::string dir_;
  sigset_t child_mask_;
  ServiceDir files_;
  StateMachine machine_;
  StatusFile status_;
  std::optional<SpawnerClient> spawner_;
  bool refusal_recorded_ = false;
  // Whether the spawner may have a cgroup to kill after ./run exits: it
  // says so with each start; until the first, an adopted ./run may sit in
  // one.
  bool leftovers_possible_ = true;
  struct PendingExit {
    int wait_status;
    uint64_t ran_ms;
  };
  std::optional<PendingExit> pending_exit_;
  std::optional<Health> health_written_;
  bool health_file_may_exist_ = true;
  pid_t adopted_pid_ = 0;
  common::UniqueFd adopted_fd_;
  // The ./run the spawner started last, while it has not been reaped.
  pid_t child_pid_ = 0;
  int64_t started_ms_ = 0;
  bool last_exit_by_filter_ = false;
  common::UniqueFd child_fd_;
  NotifyReceiver notify_;
  int64_t watchdog_ms_ = 0;
  std::optional<common::ReadinessRecord> readiness_written_;
};

}  // namespace

int RunSupervisor(const std::string& dir) {
  sigset_t child_signal;
  sigemptyset(&child_signal);
  for (int handled : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) {
    sigaddset(&child_signal, handled);
  }
  sigset_t original_mask;
  sigprocmask(SIG_BLOCK, &child_signal, &original_mask);
  common::UniqueFd signal_fd(
      signalfd(-1, &child_signal, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!signal_fd.valid()) {
    common::DieSys(111, "unable to create pipe for ", dir);
  }
  if (chdir(dir.c_str()) != 0) {
    common::DieSys(111, "unable to chdir to ", dir);
  }
  Supervisor supervisor(dir, original_mask);
  return supervisor.Run(signal_fd.get());
}

}  // namespace supervise
