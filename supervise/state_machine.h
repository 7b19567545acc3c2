// supervise's decisions as a pure state machine. Events go in (a control
// byte, a child exit, a timer, the result of a spawn); actions come out
// (spawn ./run, signal it, write the status record, exit). One Phase says
// where supervise stands with ./run, and one table in state_machine.cc
// names the handler of each (phase, event). The OS layer in supervisor.cc
// carries the actions out, so this file can be tested and fuzzed with a
// fake clock and a fake process backend.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "common/notify_message.h"
#include "common/readiness_record.h"
#include "common/status_record.h"
#include "common/tai64n.h"
#include "supervise/restart_policy.h"

namespace supervise {

// A moment as seen by the machine: a monotonic clock for timers and the
// wall clock for the status stamp.
struct Now {
  int64_t monotonic_ms = 0;
  common::Tai64n wall;
};

// What the restart policy has seen, for svstat: deaths since the service
// last stayed up for reset_after, and whether supervise gave up on it.
struct Health {
  uint32_t recent_deaths = 0;
  bool given_up = false;
  friend bool operator==(const Health&, const Health&) = default;
};

struct Action {
  // kWatchdogExpired: a ready service missed its watchdog deadline; the
  // OS layer warns (the kSignal actions that stop it follow).
  enum Kind { kSpawn, kSignal, kWriteStatus, kExit, kWatchdogExpired };
  Kind kind = kExit;
  int signal = 0;    // kSignal
  uint32_t pid = 0;  // kSignal: the target
  // kWriteStatus: what svstat reads, written together: the status record,
  // supervise/deaths (nothing without a restart-policy) and readiness.
  common::StatusRecord status;
  std::optional<Health> health;
  common::ReadinessRecord readiness;

  friend bool operator==(const Action&, const Action&) = default;
};

using Actions = std::vector<Action>;

// How the run being started says it is ready (from the spawner, which
// reads notification-fd, notify-socket and watchdog-timeout at each start).
struct StartReadiness {
  // It was given a notification pipe or socket: ready only when it says
  // so. Otherwise it counts as ready once started, as under s6.
  bool notifies = false;
  // WATCHDOG=1 pings expected at least this often once ready; 0: none.
  int64_t watchdog_ms = 0;
  // After the watchdog's TERM, KILL follows this much later.
  int64_t kill_timeout_ms = 10000;
  friend bool operator==(const StartReadiness&,
                         const StartReadiness&) = default;
};

// ./run exiting with this code asks not to be restarted.
inline constexpr int kDoNotRestartExitCode = 100;

// Where supervise stands with ./run. Everything else the machine keeps (the
// wish u/d/o, the pause flag, the throttle's and the restart policy's
// clocks, readiness and the watchdog) is data that the handlers of a phase
// read and update; the phase alone says which events mean anything.
enum class Phase : uint8_t {
  kDown,      // nothing runs and no start is due
  kWaiting,   // nothing runs; a start is due when the throttle allows it
  kStarting,  // a kSpawn went out and its result is not known yet
  kUp,        // ./run runs: pid() names it
  // x arrived: supervise exits once the start in flight, or ./run, is over.
  kStartingThenExit,
  kUpThenExit,
  kExited,  // kExit went out; nothing happens any more
};

// What can happen to the machine: the entry into the main loop, a control
// byte (the signal-only letters h a i t k q 1 2 w are one event), and the
// OS layer's reports.
enum class Event : uint8_t {
  kBegin,
  kUp,        // u
  kOnce,      // o
  kDown,      // d
  kPause,     // p
  kContinue,  // c
  kExit,      // x
  kSignal,    // h a i t k q 1 2 w
  kChildExit,
  kTimer,
  kSpawned,
  kSpawnFailed,
  kReady,
  kNotify,
};

class StateMachine {
 public:
  // 0.76 never restarts ./run within one second of its last start; we keep
  // that rule for every start, whatever asks for it (a crash, u, o), but
  // wait for it with a timer, so commands are still served meanwhile and
  // a start asked for inside the second happens when it ends.
  static constexpr int64_t kMinimumStartIntervalMs = 1000;
  // After fork fails, try again after this long (0.76 never retried).
  static constexpr int64_t kSpawnRetryMs = 5000;

  // `down_file_exists`: the service is normally down.
  StateMachine(bool down_file_exists, const Now& now);

  // The record to write at startup, before the ok FIFO exists.
  common::StatusRecord Record() const;

  // Takes over a ./run left running by a previous supervise, keeping that
  // supervise's stamp, wish and pause flag. Call before Record()/Begin().
  void Adopt(pid_t pid, const common::StatusRecord& previous);

  // The events. Each runs the one handler that the transition table names
  // for (phase, event), which returns the next phase and the actions for
  // the OS layer to carry out in order. A kSpawn's result comes back as
  // OnSpawned or OnSpawnFailed once those actions are done.

  // Entering the main loop: starts ./run unless the service is normally down.
  Actions Begin(const Now& now);
  Actions OnControlByte(unsigned char byte, const Now& now);
  // `wait_status` is unknown for an adopted ./run (not our child).
  Actions OnChildExit(pid_t pid, const Now& now,
                      std::optional<int> wait_status = std::nullopt);
  Actions OnTimer(const Now& now);
  // Results of a kSpawn action.
  Actions OnSpawned(pid_t pid, const Now& now,
                    const StartReadiness& readiness = {});
  Actions OnSpawnFailed(const Now& now);

  // Readiness of the current run: a newline on its notification pipe
  // (OnReady) or a datagram on its notify socket whose sender the OS layer
  // checked (OnNotify; main_pid only if that pid is in the service's
  // tree). Both are ignored while nothing runs. A restart clears it all.
  Actions OnReady(const Now& now);
  Actions OnNotify(const common::NotifyMessage& message, const Now& now);
  // What supervise/readiness says; pid 0 while the service is down.
  const common::ReadinessRecord& readiness() const { return readiness_; }
  // An adopted ./run keeps what its previous supervise recorded.
  void AdoptReadiness(const common::ReadinessRecord& previous);

  // Takes effect from the next death on; u clears what the policy counted.
  void SetRestartPolicy(const RestartPolicy& policy) { policy_ = policy; }
  const RestartPolicy& restart_policy() const { return policy_; }
  Health health() const { return {recent_deaths_, given_up_}; }
  // What supervise/deaths says: nothing while no restart-policy is in force.
  std::optional<Health> ReportedHealth() const;

  // When OnTimer should next be called, if ever.
  std::optional<int64_t> NextDeadlineMs() const;

  Phase phase() const { return phase_; }
  uint32_t pid() const { return pid_; }
  bool paused() const { return paused_; }
  common::Want want() const { return want_; }
  bool exit_requested() const {
    return phase_ == Phase::kStartingThenExit || phase_ == Phase::kUpThenExit ||
           phase_ == Phase::kExited;
  }
  bool start_pending() const { return phase_ == Phase::kWaiting; }

 private:
  // An event's details; each handler reads the fields of its event.
  struct Input {
    Now now = {};
    uint32_t pid = 0;                                // kSpawned
    std::optional<int> wait_status = std::nullopt;   // kChildExit
    StartReadiness readiness = {};                   // kSpawned
    const common::NotifyMessage* message = nullptr;  // kNotify
    int signal = 0;                                  // kSignal
  };
  using Handler = Phase (StateMachine::*)(const Input&, Actions&);
  struct Transition {
    Phase phase;
    Event event;
    Handler handler;
  };
  // The machine at a glance, in state_machine.cc: every (phase, event) that
  // does anything, and its handler. Any other pair is ignored.
  static const Transition kTransitions[];

  Actions Handle(Event event, const Input& input);

  // The handlers, named in the table in state_machine.cc.
  Phase StartIfWanted(const Input&, Actions&);
  Phase UpAndStart(const Input&, Actions&);
  Phase WishUp(const Input&, Actions&);
  Phase OnceAndStart(const Input&, Actions&);
  Phase WishOnce(const Input&, Actions&);
  Phase CancelStart(const Input&, Actions&);
  Phase Stop(const Input&, Actions&);
  Phase Pause(const Input&, Actions&);
  Phase Continue(const Input&, Actions&);
  Phase ExitNow(const Input&, Actions&);
  Phase ExitWhenOver(const Input&, Actions&);
  Phase Relay(const Input&, Actions&);
  Phase RestartOrRest(const Input&, Actions&);
  Phase ExitAfterRun(const Input&, Actions&);
  Phase StartWhenDue(const Input&, Actions&);
  Phase WatchRun(const Input&, Actions&);
  Phase Started(const Input&, Actions&);
  Phase RetryLater(const Input&, Actions&);
  Phase ExitAfterFailure(const Input&, Actions&);
  Phase Ready(const Input&, Actions&);
  Phase Notify(const Input&, Actions&);

  // At most one start per second, whatever asks. Automatic restarts also
  // wait for a due fork retry and the restart policy's backoff; an
  // operator's u or o (`by_command`) only for the one second. Returns
  // kStarting (a kSpawn went out) or kWaiting.
  Phase TryStart(const Now& now, Actions& actions, bool by_command);
  void WriteStatus(Actions& actions) const;
  static Action& Emit(Action::Kind kind, Actions& actions);
  void Signal(int signal, Actions& actions) const;
  int64_t EarliestStartMs() const;
  std::optional<int64_t> RecoveryDeadlineMs() const;
  // A death the policy counts: updates backoff, tally and give-up.
  void CountDeath(const Now& now);
  void ForgetDeaths();
  // ./run is gone: what belonged to it goes too.
  void ForgetRun(const Now& now);
  void MarkReady(const Now& now);
  // Watchdog: the deadline runs while the service is ready and not paused.
  void ArmWatchdog(const Now& now);
  void ExpireWatchdog(const Now& now, Actions& actions);
  void ClearReadiness();

  Phase phase_ = Phase::kDown;
  // The running ./run in kUp and kUpThenExit; 0 in every other phase.
  uint32_t pid_ = 0;
  bool paused_ = false;
  common::Want want_ = common::Want::kUp;
  // In kWaiting: the start was asked for by u or o.
  bool command_start_ = false;
  std::optional<int64_t> last_start_ms_;
  // When the last kSpawn was emitted, whether it succeeded or not.
  std::optional<int64_t> last_attempt_ms_;
  std::optional<int64_t> spawn_retry_ms_;
  common::Tai64n stamp_;

  RestartPolicy policy_;
  int64_t backoff_ms_ = 0;
  std::optional<int64_t> restart_not_before_ms_;
  uint32_t recent_deaths_ = 0;
  std::deque<int64_t> death_times_;  // within the give_up window
  bool given_up_ = false;

  common::ReadinessRecord readiness_;
  StartReadiness start_readiness_;
  std::optional<int64_t> watchdog_deadline_ms_;
  // The watchdog's KILL, due this long after its TERM.
  std::optional<int64_t> kill_deadline_ms_;
};

}  // namespace supervise
