#include "supervise/state_machine.h"

#include <sys/wait.h>

#include <algorithm>
#include <csignal>

#include "common/control_command.h"

namespace supervise {

using common::Command;
using common::Want;

StateMachine::StateMachine(bool down_file_exists, const Now& now)
    : want_(down_file_exists ? Want::kDown : Want::kUp), stamp_(now.wall) {}

common::StatusRecord StateMachine::Record() const {
  common::StatusRecord record;
  record.stamp = stamp_;
  record.pid = pid_;
  record.paused = (pid_ != 0 && paused_) ? 1 : 0;
  record.want = static_cast<uint8_t>(want_);
  return record;
}

void StateMachine::WriteStatus(Actions& actions) const {
  Action action = Action::Of(Action::kWriteStatus);
  action.status = Record();
  actions.push_back(action);
}

void StateMachine::Signal(int signal, Actions& actions) const {
  if (pid_ == 0) return;
  Action action = Action::Of(Action::kSignal);
  action.signal = signal;
  action.pid = pid_;
  actions.push_back(action);
}

int64_t StateMachine::EarliestStartMs() const {
  int64_t earliest = INT64_MIN;
  if (last_attempt_ms_) earliest = *last_attempt_ms_ + kMinimumStartIntervalMs;
  // An operator's u or o waits only for the one-second rule, not for a
  // fork retry or the restart policy's backoff.
  if (command_start_) return earliest;
  if (spawn_retry_ms_ && *spawn_retry_ms_ > earliest) {
    earliest = *spawn_retry_ms_;
  }
  if (restart_not_before_ms_ && *restart_not_before_ms_ > earliest) {
    earliest = *restart_not_before_ms_;
  }
  return earliest;
}

// While ./run is up after deaths, the moment it counts as recovered.
std::optional<int64_t> StateMachine::RecoveryDeadlineMs() const {
  if (pid_ == 0 || recent_deaths_ == 0 || !last_start_ms_) return std::nullopt;
  return *last_start_ms_ + policy_.reset_after_ms;
}

void StateMachine::ForgetDeaths() {
  backoff_ms_ = 0;
  restart_not_before_ms_.reset();
  recent_deaths_ = 0;
  death_times_.clear();
  given_up_ = false;
}

void StateMachine::CountDeath(const Now& now) {
  bool recovered = !last_start_ms_ ||
                   now.monotonic_ms - *last_start_ms_ >= policy_.reset_after_ms;
  if (recovered) {
    backoff_ms_ = 0;
    recent_deaths_ = 0;
  }
  ++recent_deaths_;
  if (policy_.backoff_initial_ms > 0 && !recovered) {
    backoff_ms_ = backoff_ms_ == 0
                      ? policy_.backoff_initial_ms
                      : std::min(backoff_ms_ * 2, policy_.backoff_max_ms);
    restart_not_before_ms_ = now.monotonic_ms + backoff_ms_;
  } else {
    restart_not_before_ms_.reset();
  }
  if (policy_.give_up_deaths > 0) {
    death_times_.push_back(now.monotonic_ms);
    while (death_times_.front() <=
           now.monotonic_ms - policy_.give_up_window_ms) {
      death_times_.pop_front();
    }
    if (death_times_.size() >= policy_.give_up_deaths) {
      given_up_ = true;
      want_ = Want::kDown;
    }
  }
}

bool StateMachine::RequestStart(const Now& now, Actions& actions,
                                bool by_command) {
  if (pid_ != 0 || spawning_) return false;
  if (by_command) command_start_ = true;
  if (now.monotonic_ms < EarliestStartMs()) {
    start_pending_ = true;
    return false;
  }
  start_pending_ = false;
  command_start_ = false;
  spawning_ = true;
  last_attempt_ms_ = now.monotonic_ms;
  actions.push_back(Action::Of(Action::kSpawn));
  return true;
}

void StateMachine::CancelStart() {
  start_pending_ = false;
  command_start_ = false;
}

void StateMachine::Adopt(pid_t pid, const common::StatusRecord& previous) {
  pid_ = static_cast<uint32_t>(pid);
  stamp_ = previous.stamp;
  paused_ = previous.paused != 0;
  if (previous.want == 'u' || previous.want == 'd' || previous.want == 0) {
    want_ = static_cast<Want>(previous.want);
  }
}

// u and o: start now if nothing runs and the last start was more than a
// second ago, else when that second ends; the start's own record then
// carries the new wish, so no separate record is written first.
void StateMachine::StartOrRecord(const Now& now, Actions& actions) {
  if (!RequestStart(now, actions, /*by_command=*/true)) WriteStatus(actions);
}

Actions StateMachine::Begin(const Now& now) {
  Actions actions;
  if (want_ == Want::kUp) RequestStart(now, actions, /*by_command=*/false);
  return actions;
}

Actions StateMachine::OnSpawned(pid_t pid, const Now& now,
                                const StartReadiness& readiness) {
  Actions actions;
  ClearReadiness();
  readiness_.pid = static_cast<uint32_t>(pid);
  start_readiness_ = readiness;
  spawning_ = false;
  spawn_retry_ms_.reset();
  pid_ = static_cast<uint32_t>(pid);
  paused_ = false;
  stamp_ = now.wall;
  last_start_ms_ = now.monotonic_ms;
  // The second counts from the start as recorded, not from the request:
  // a slow spawn must not bring the next recorded start closer.
  last_attempt_ms_ = now.monotonic_ms;
  WriteStatus(actions);
  if (!readiness.notifies) OnReady(now);
  return actions;
}

void StateMachine::ClearReadiness() {
  readiness_ = common::ReadinessRecord();
  start_readiness_ = StartReadiness();
  watchdog_deadline_ms_.reset();
  kill_deadline_ms_.reset();
}

void StateMachine::AdoptReadiness(const common::ReadinessRecord& previous) {
  if (pid_ != 0 && previous.pid == pid_) readiness_ = previous;
}

void StateMachine::ArmWatchdog(const Now& now) {
  watchdog_deadline_ms_.reset();
  if (start_readiness_.watchdog_ms <= 0 || !readiness_.ready_since || paused_ ||
      kill_deadline_ms_ || want_ == Want::kDown || exit_requested_) {
    return;
  }
  watchdog_deadline_ms_ = now.monotonic_ms + start_readiness_.watchdog_ms;
}

// TERM (and CONT, as d sends), then KILL if it is still there after the
// kill timeout; its death restarts it like any other.
void StateMachine::ExpireWatchdog(const Now& now, Actions& actions) {
  watchdog_deadline_ms_.reset();
  actions.push_back(Action::Of(Action::kWatchdogExpired));
  Signal(SIGTERM, actions);
  Signal(SIGCONT, actions);
  kill_deadline_ms_ = now.monotonic_ms + start_readiness_.kill_timeout_ms;
}

Actions StateMachine::OnReady(const Now& now) {
  if (pid_ == 0 || readiness_.ready_since) return {};
  readiness_.ready_since = now.wall.seconds;
  ArmWatchdog(now);
  return {};
}

Actions StateMachine::OnNotify(const common::NotifyMessage& message,
                               const Now& now) {
  Actions actions;
  if (pid_ == 0) return actions;
  if (message.status) readiness_.status = *message.status;
  if (message.main_pid) readiness_.main_pid = *message.main_pid;
  if (message.stopping) readiness_.stopping = true;
  if (message.ready) OnReady(now);
  if (message.watchdog_ping && watchdog_deadline_ms_) ArmWatchdog(now);
  if (message.watchdog_trigger && watchdog_deadline_ms_) {
    ExpireWatchdog(now, actions);
  }
  return actions;
}

Actions StateMachine::OnSpawnFailed(const Now& now) {
  Actions actions;
  spawning_ = false;
  spawn_retry_ms_ = now.monotonic_ms + kSpawnRetryMs;
  WriteStatus(actions);  // down, and wanting up
  if (exit_requested_) {
    actions.push_back(Action::Of(Action::kExit));
    return actions;
  }
  start_pending_ = true;
  return actions;
}

Actions StateMachine::OnChildExit(pid_t pid, const Now& now,
                                  std::optional<int> wait_status) {
  Actions actions;
  if (pid_ == 0 || static_cast<uint32_t>(pid) != pid_) return actions;
  pid_ = 0;
  ClearReadiness();
  stamp_ = now.wall;
  if (!exit_requested_ && want_ == Want::kUp) {
    if (wait_status && WIFEXITED(*wait_status) &&
        WEXITSTATUS(*wait_status) == kDoNotRestartExitCode) {
      want_ = Want::kDown;  // ./run asked to stay down
    } else {
      CountDeath(now);
    }
  }
  if (exit_requested_) {
    WriteStatus(actions);
    actions.push_back(Action::Of(Action::kExit));
    return actions;
  }
  // A restart at once writes its own record (OnSpawned, or OnSpawnFailed);
  // a "down" record superseded a moment later would only delay it.
  if (want_ != Want::kUp || !RequestStart(now, actions, /*by_command=*/false)) {
    WriteStatus(actions);
  }
  return actions;
}

Actions StateMachine::OnTimer(const Now& now) {
  Actions actions;
  if (watchdog_deadline_ms_ && *watchdog_deadline_ms_ <= now.monotonic_ms) {
    ExpireWatchdog(now, actions);
  } else if (kill_deadline_ms_ && *kill_deadline_ms_ <= now.monotonic_ms) {
    kill_deadline_ms_.reset();
    Signal(SIGKILL, actions);
  }
  if (std::optional<int64_t> recovery = RecoveryDeadlineMs();
      recovery && *recovery <= now.monotonic_ms) {
    ForgetDeaths();
  }
  if (start_pending_ && !exit_requested_) {
    RequestStart(now, actions, /*by_command=*/false);
  }
  return actions;
}

std::optional<int64_t> StateMachine::NextDeadlineMs() const {
  std::optional<int64_t> next = RecoveryDeadlineMs();
  auto consider = [&next](std::optional<int64_t> deadline) {
    if (deadline && (!next || *deadline < *next)) next = deadline;
  };
  if (start_pending_ && !exit_requested_ && pid_ == 0 && !spawning_) {
    consider(EarliestStartMs());
  }
  consider(watchdog_deadline_ms_);
  consider(kill_deadline_ms_);
  return next;
}

Actions StateMachine::OnControlByte(unsigned char byte, const Now& now) {
  Actions actions;
  std::optional<Command> command = common::CommandFromByte(byte);
  if (!command) return actions;
  switch (*command) {
    case Command::kUp:
      want_ = Want::kUp;
      ForgetDeaths();  // the operator takes responsibility again
      if (!watchdog_deadline_ms_ && !kill_deadline_ms_) ArmWatchdog(now);
      StartOrRecord(now, actions);
      break;
    case Command::kDown:
      want_ = Want::kDown;
      CancelStart();
      watchdog_deadline_ms_.reset();
      if (pid_ != 0) {
        Signal(SIGTERM, actions);
        Signal(SIGCONT, actions);
        paused_ = false;
      }
      WriteStatus(actions);
      break;
    case Command::kOnce:
      want_ = Want::kNone;
      StartOrRecord(now, actions);
      break;
    case Command::kPause:
      paused_ = true;
      watchdog_deadline_ms_.reset();  // a stopped service cannot ping
      WriteStatus(actions);
      Signal(SIGSTOP, actions);
      break;
    case Command::kContinue:
      paused_ = false;
      if (readiness_.ready_since && !kill_deadline_ms_) ArmWatchdog(now);
      WriteStatus(actions);
      Signal(SIGCONT, actions);
      break;
    case Command::kExit:
      exit_requested_ = true;
      CancelStart();
      watchdog_deadline_ms_.reset();
      WriteStatus(actions);
      if (pid_ == 0 && !spawning_) actions.push_back(Action::Of(Action::kExit));
      break;
    default:
      Signal(common::SignalOfCommand(*command), actions);
      break;
  }
  return actions;
}

}  // namespace supervise
