#include "supervise/state_machine.h"

#include <sys/wait.h>

#include <algorithm>
#include <csignal>

#include "common/control_command.h"

namespace supervise {

using common::Command;
using common::Want;

// The machine: (phase, event) -> handler, which appends the actions and
// returns the next phase (the comment, k left out; none: it stays). Pairs
// not listed are ignored: a signal while nothing runs, a spawn result nobody
// waits for, anything after kExited. (A child that is not ./run never gets
// this far: OnChildExit drops it.)
using M = StateMachine;
using P = Phase;
using E = Event;
// clang-format off
constexpr M::Transition M::kTransitions[] = {
  // Nothing runs, no start due.
  {P::kDown, E::kBegin,    &M::StartIfWanted},  // Starting/Waiting
  {P::kDown, E::kUp,       &M::UpAndStart},     // Starting/Waiting
  {P::kDown, E::kOnce,     &M::OnceAndStart},   // Starting/Waiting
  {P::kDown, E::kDown,     &M::CancelStart},
  {P::kDown, E::kPause,    &M::Pause},
  {P::kDown, E::kContinue, &M::Continue},
  {P::kDown, E::kExit,     &M::ExitNow},        // Exited
  // Nothing runs; a start is due when the throttle allows it.
  {P::kWaiting, E::kTimer,    &M::StartWhenDue},  // Starting
  {P::kWaiting, E::kUp,       &M::UpAndStart},    // Starting
  {P::kWaiting, E::kOnce,     &M::OnceAndStart},  // Starting
  {P::kWaiting, E::kDown,     &M::CancelStart},   // Down
  {P::kWaiting, E::kPause,    &M::Pause},
  {P::kWaiting, E::kContinue, &M::Continue},
  {P::kWaiting, E::kExit,     &M::ExitNow},       // Exited
  // The spawner was asked to start ./run.
  {P::kStarting, E::kSpawned,     &M::Started},       // Up
  {P::kStarting, E::kSpawnFailed, &M::RetryLater},    // Waiting
  {P::kStarting, E::kUp,          &M::WishUp},
  {P::kStarting, E::kOnce,        &M::WishOnce},
  {P::kStarting, E::kDown,        &M::CancelStart},
  {P::kStarting, E::kPause,       &M::Pause},
  {P::kStarting, E::kContinue,    &M::Continue},
  {P::kStarting, E::kExit,        &M::ExitWhenOver},  // StartingThenExit
  // ./run runs.
  {P::kUp, E::kChildExit, &M::RestartOrRest},  // Starting/Waiting/Down
  {P::kUp, E::kDown,      &M::Stop},           // TERM, CONT
  {P::kUp, E::kSignal,    &M::Relay},
  {P::kUp, E::kTimer,     &M::WatchRun},       // watchdog, KILL
  {P::kUp, E::kReady,     &M::Ready},
  {P::kUp, E::kNotify,    &M::Notify},
  {P::kUp, E::kUp,        &M::WishUp},
  {P::kUp, E::kOnce,      &M::WishOnce},
  {P::kUp, E::kPause,     &M::Pause},
  {P::kUp, E::kContinue,  &M::Continue},
  {P::kUp, E::kExit,      &M::ExitWhenOver},   // UpThenExit
  // x arrived while the spawner was starting ./run: as kStarting, but
  // supervise exits once the run is over.
  {P::kStartingThenExit, E::kSpawned,     &M::Started},           // UpThenExit
  {P::kStartingThenExit, E::kSpawnFailed, &M::ExitAfterFailure},  // Exited
  {P::kStartingThenExit, E::kUp,          &M::WishUp},
  {P::kStartingThenExit, E::kOnce,        &M::WishOnce},
  {P::kStartingThenExit, E::kDown,        &M::CancelStart},
  {P::kStartingThenExit, E::kPause,       &M::Pause},
  {P::kStartingThenExit, E::kContinue,    &M::Continue},
  {P::kStartingThenExit, E::kExit,        &M::ExitWhenOver},
  // x arrived while ./run runs: as kUp, but its end ends supervise.
  {P::kUpThenExit, E::kChildExit, &M::ExitAfterRun},  // Exited
  {P::kUpThenExit, E::kDown,      &M::Stop},
  {P::kUpThenExit, E::kSignal,    &M::Relay},
  {P::kUpThenExit, E::kTimer,     &M::WatchRun},
  {P::kUpThenExit, E::kReady,     &M::Ready},
  {P::kUpThenExit, E::kNotify,    &M::Notify},
  {P::kUpThenExit, E::kUp,        &M::WishUp},
  {P::kUpThenExit, E::kOnce,      &M::WishOnce},
  {P::kUpThenExit, E::kPause,     &M::Pause},
  {P::kUpThenExit, E::kContinue,  &M::Continue},
  {P::kUpThenExit, E::kExit,      &M::ExitWhenOver},
};
// clang-format on

Actions StateMachine::Handle(Event event, const Input& input) {
  // Each pair once: a second row for a pair would never run.
  static_assert([] {
    for (const Transition& a : kTransitions) {
      int rows = 0;
      for (const Transition& b : kTransitions) {
        rows += a.phase == b.phase && a.event == b.event;
      }
      if (rows != 1) return false;
    }
    return true;
  }());
  Actions actions;
  for (const Transition& transition : kTransitions) {
    if (transition.phase == phase_ && transition.event == event) {
      phase_ = (this->*transition.handler)(input, actions);
      break;
    }
  }
  return actions;
}

// The events.

Actions StateMachine::Begin(const Now& now) {
  return Handle(Event::kBegin, {.now = now});
}

Actions StateMachine::OnControlByte(unsigned char byte, const Now& now) {
  std::optional<Command> command = common::CommandFromByte(byte);
  if (!command) return {};
  switch (*command) {
    case Command::kUp:
      return Handle(Event::kUp, {.now = now});
    case Command::kDown:
      return Handle(Event::kDown, {.now = now});
    case Command::kOnce:
      return Handle(Event::kOnce, {.now = now});
    case Command::kPause:
      return Handle(Event::kPause, {.now = now});
    case Command::kContinue:
      return Handle(Event::kContinue, {.now = now});
    case Command::kExit:
      return Handle(Event::kExit, {.now = now});
    default:
      return Handle(Event::kSignal,
                    {.now = now, .signal = common::SignalOfCommand(*command)});
  }
}

Actions StateMachine::OnChildExit(pid_t pid, const Now& now,
                                  std::optional<int> wait_status) {
  // Not ours (0 never is: nothing runs then).
  if (pid_ == 0 || static_cast<uint32_t>(pid) != pid_) return {};
  return Handle(Event::kChildExit, {.now = now, .wait_status = wait_status});
}

Actions StateMachine::OnTimer(const Now& now) {
  return Handle(Event::kTimer, {.now = now});
}

Actions StateMachine::OnSpawned(pid_t pid, const Now& now,
                                const StartReadiness& readiness) {
  return Handle(
      Event::kSpawned,
      {.now = now, .pid = static_cast<uint32_t>(pid), .readiness = readiness});
}

Actions StateMachine::OnSpawnFailed(const Now& now) {
  return Handle(Event::kSpawnFailed, {.now = now});
}

Actions StateMachine::OnReady(const Now& now) {
  return Handle(Event::kReady, {.now = now});
}

Actions StateMachine::OnNotify(const common::NotifyMessage& message,
                               const Now& now) {
  return Handle(Event::kNotify, {.now = now, .message = &message});
}

// The handlers.

Phase StateMachine::StartIfWanted(const Input& in, Actions& actions) {
  if (want_ != Want::kUp) return phase_;
  return TryStart(in.now, actions, /*by_command=*/false);
}

// u and o with nothing running: start now if the last start was more than
// a second ago, else when that second ends; the start's own record then
// carries the new wish, so no separate record is written first.
Phase StateMachine::UpAndStart(const Input& in, Actions& actions) {
  want_ = Want::kUp;
  ForgetDeaths();  // the operator takes responsibility again
  Phase next = TryStart(in.now, actions, /*by_command=*/true);
  if (next == Phase::kWaiting) WriteStatus(actions);
  return next;
}

Phase StateMachine::OnceAndStart(const Input& in, Actions& actions) {
  want_ = Want::kNone;
  Phase next = TryStart(in.now, actions, /*by_command=*/true);
  if (next == Phase::kWaiting) WriteStatus(actions);
  return next;
}

// u and o while a start is in flight or ./run runs: only the wish changes.
Phase StateMachine::WishUp(const Input& in, Actions& actions) {
  want_ = Want::kUp;
  ForgetDeaths();
  if (!watchdog_deadline_ms_ && !kill_deadline_ms_) ArmWatchdog(in.now);
  WriteStatus(actions);
  return phase_;
}

Phase StateMachine::WishOnce(const Input&, Actions& actions) {
  want_ = Want::kNone;
  WriteStatus(actions);
  return phase_;
}

// d: no start is wanted any more. A start already in flight goes on; its
// run then stays up only until the next d.
Phase StateMachine::CancelStart(const Input&, Actions& actions) {
  want_ = Want::kDown;
  command_start_ = false;
  WriteStatus(actions);
  return phase_ == Phase::kWaiting ? Phase::kDown : phase_;
}

Phase StateMachine::Stop(const Input&, Actions& actions) {
  want_ = Want::kDown;
  watchdog_deadline_ms_.reset();
  Signal(SIGTERM, actions);
  Signal(SIGCONT, actions);
  paused_ = false;
  WriteStatus(actions);
  return phase_;
}

Phase StateMachine::Pause(const Input&, Actions& actions) {
  paused_ = true;
  watchdog_deadline_ms_.reset();  // a stopped service cannot ping
  WriteStatus(actions);
  Signal(SIGSTOP, actions);
  return phase_;
}

Phase StateMachine::Continue(const Input& in, Actions& actions) {
  paused_ = false;
  if (readiness_.ready_since && !kill_deadline_ms_) ArmWatchdog(in.now);
  WriteStatus(actions);
  Signal(SIGCONT, actions);
  return phase_;
}

Phase StateMachine::ExitNow(const Input&, Actions& actions) {
  command_start_ = false;
  WriteStatus(actions);
  Emit(Action::kExit, actions);
  return Phase::kExited;
}

// x does not stop ./run (svc -dx does): supervise waits for it.
Phase StateMachine::ExitWhenOver(const Input&, Actions& actions) {
  watchdog_deadline_ms_.reset();
  WriteStatus(actions);
  return phase_ == Phase::kStarting || phase_ == Phase::kStartingThenExit
             ? Phase::kStartingThenExit
             : Phase::kUpThenExit;
}

Phase StateMachine::Relay(const Input& in, Actions& actions) {
  Signal(in.signal, actions);
  return phase_;
}

// ./run ended on its own or as asked. A restart at once writes its own
// record (Started, or RetryLater); a "down" record superseded a moment
// later would only delay it.
Phase StateMachine::RestartOrRest(const Input& in, Actions& actions) {
  ForgetRun(in.now);
  if (want_ == Want::kUp) {
    if (in.wait_status && WIFEXITED(*in.wait_status) &&
        WEXITSTATUS(*in.wait_status) == kDoNotRestartExitCode) {
      want_ = Want::kDown;  // ./run asked to stay down
    } else {
      CountDeath(in.now);
    }
  }
  if (want_ != Want::kUp) {
    WriteStatus(actions);
    return Phase::kDown;
  }
  Phase next = TryStart(in.now, actions, /*by_command=*/false);
  if (next == Phase::kWaiting) WriteStatus(actions);
  return next;
}

Phase StateMachine::ExitAfterRun(const Input& in, Actions& actions) {
  ForgetRun(in.now);
  WriteStatus(actions);
  Emit(Action::kExit, actions);
  return Phase::kExited;
}

Phase StateMachine::StartWhenDue(const Input& in, Actions& actions) {
  return TryStart(in.now, actions, /*by_command=*/false);
}

Phase StateMachine::WatchRun(const Input& in, Actions& actions) {
  if (watchdog_deadline_ms_ && *watchdog_deadline_ms_ <= in.now.monotonic_ms) {
    ExpireWatchdog(in.now, actions);
  } else if (kill_deadline_ms_ && *kill_deadline_ms_ <= in.now.monotonic_ms) {
    kill_deadline_ms_.reset();
    Signal(SIGKILL, actions);
  }
  if (std::optional<int64_t> recovery = RecoveryDeadlineMs();
      recovery && *recovery <= in.now.monotonic_ms) {
    ForgetDeaths();
  }
  return phase_;
}

Phase StateMachine::Started(const Input& in, Actions& actions) {
  ClearReadiness();
  readiness_.pid = in.pid;
  start_readiness_ = in.readiness;
  spawn_retry_ms_.reset();
  pid_ = in.pid;
  paused_ = false;
  stamp_ = in.now.wall;
  last_start_ms_ = in.now.monotonic_ms;
  // The second counts from the start as recorded, not from the request:
  // a slow spawn must not bring the next recorded start closer.
  last_attempt_ms_ = in.now.monotonic_ms;
  // Without a way to say so, it is ready once started (as under s6); the
  // record written with the status says so at once.
  if (!in.readiness.notifies) MarkReady(in.now);
  WriteStatus(actions);
  return phase_ == Phase::kStarting ? Phase::kUp : Phase::kUpThenExit;
}

Phase StateMachine::RetryLater(const Input& in, Actions& actions) {
  spawn_retry_ms_ = in.now.monotonic_ms + kSpawnRetryMs;
  WriteStatus(actions);  // down, and wanting up
  return Phase::kWaiting;
}

Phase StateMachine::ExitAfterFailure(const Input& in, Actions& actions) {
  spawn_retry_ms_ = in.now.monotonic_ms + kSpawnRetryMs;
  WriteStatus(actions);
  Emit(Action::kExit, actions);
  return Phase::kExited;
}

Phase StateMachine::Ready(const Input& in, Actions&) {
  MarkReady(in.now);
  return phase_;
}

Phase StateMachine::Notify(const Input& in, Actions& actions) {
  const common::NotifyMessage& message = *in.message;
  if (message.status) readiness_.status = *message.status;
  if (message.main_pid) readiness_.main_pid = *message.main_pid;
  if (message.stopping) readiness_.stopping = true;
  if (message.ready) MarkReady(in.now);
  if (message.watchdog_ping && watchdog_deadline_ms_) ArmWatchdog(in.now);
  if (message.watchdog_trigger && watchdog_deadline_ms_) {
    ExpireWatchdog(in.now, actions);
  }
  return phase_;
}

// The data the handlers share.

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

void StateMachine::Adopt(pid_t pid, const common::StatusRecord& previous) {
  phase_ = Phase::kUp;
  pid_ = static_cast<uint32_t>(pid);
  stamp_ = previous.stamp;
  paused_ = previous.paused != 0;
  if (previous.want == 'u' || previous.want == 'd' || previous.want == 0) {
    want_ = static_cast<Want>(previous.want);
  }
}

void StateMachine::AdoptReadiness(const common::ReadinessRecord& previous) {
  if (pid_ != 0 && previous.pid == pid_) readiness_ = previous;
}

std::optional<int64_t> StateMachine::NextDeadlineMs() const {
  std::optional<int64_t> next = RecoveryDeadlineMs();
  auto consider = [&next](std::optional<int64_t> deadline) {
    if (deadline && (!next || *deadline < *next)) next = deadline;
  };
  if (phase_ == Phase::kWaiting) consider(EarliestStartMs());
  consider(watchdog_deadline_ms_);
  consider(kill_deadline_ms_);
  return next;
}

Phase StateMachine::TryStart(const Now& now, Actions& actions,
                             bool by_command) {
  if (by_command) command_start_ = true;
  if (now.monotonic_ms < EarliestStartMs()) return Phase::kWaiting;
  command_start_ = false;
  last_attempt_ms_ = now.monotonic_ms;
  Emit(Action::kSpawn, actions);
  return Phase::kStarting;
}

void StateMachine::WriteStatus(Actions& actions) const {
  Action& action = Emit(Action::kWriteStatus, actions);
  action.status = Record();
  action.health = ReportedHealth();
  action.readiness = readiness_;
}

// One place builds actions: an Action holds strings, and each inlined copy
// of this would cost code in a binary that runs once per service.
Action& StateMachine::Emit(Action::Kind kind, Actions& actions) {
  Action& action = actions.emplace_back();
  action.kind = kind;
  return action;
}

std::optional<Health> StateMachine::ReportedHealth() const {
  if (!policy_.configured) return std::nullopt;
  return health();
}

void StateMachine::Signal(int signal, Actions& actions) const {
  if (pid_ == 0) return;
  Action& action = Emit(Action::kSignal, actions);
  action.signal = signal;
  action.pid = pid_;
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

void StateMachine::ForgetRun(const Now& now) {
  pid_ = 0;
  ClearReadiness();
  stamp_ = now.wall;
}

void StateMachine::ClearReadiness() {
  readiness_ = common::ReadinessRecord();
  start_readiness_ = StartReadiness();
  watchdog_deadline_ms_.reset();
  kill_deadline_ms_.reset();
}

void StateMachine::MarkReady(const Now& now) {
  if (readiness_.ready_since) return;
  readiness_.ready_since = now.wall.seconds;
  ArmWatchdog(now);
}

void StateMachine::ArmWatchdog(const Now& now) {
  watchdog_deadline_ms_.reset();
  if (start_readiness_.watchdog_ms <= 0 || !readiness_.ready_since || paused_ ||
      kill_deadline_ms_ || want_ == Want::kDown || exit_requested()) {
    return;
  }
  watchdog_deadline_ms_ = now.monotonic_ms + start_readiness_.watchdog_ms;
}

// TERM (and CONT, as d sends), then KILL if it is still there after the
// kill timeout; its death restarts it like any other.
void StateMachine::ExpireWatchdog(const Now& now, Actions& actions) {
  watchdog_deadline_ms_.reset();
  Emit(Action::kWatchdogExpired, actions);
  Signal(SIGTERM, actions);
  Signal(SIGCONT, actions);
  kill_deadline_ms_ = now.monotonic_ms + start_readiness_.kill_timeout_ms;
}

}  // namespace supervise
