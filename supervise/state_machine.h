// supervise's decisions as a pure state machine. Events go in (a control
// byte, a child exit, a timer, the result of a spawn); actions come out
// (spawn ./run, signal it, write the status record, exit). The OS layer in
// supervisor.cc carries the actions out, so this file can be tested and
// fuzzed with a fake clock and a fake process backend.
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

struct Action {
  // kWatchdogExpired: a ready service missed its watchdog deadline; the
  // OS layer warns (the kSignal actions that stop it follow).
  enum Kind { kSpawn, kSignal, kWriteStatus, kExit, kWatchdogExpired };
  Kind kind = kExit;
  int signal = 0;               // kSignal
  uint32_t pid = 0;             // kSignal: the target
  common::StatusRecord status;  // kWriteStatus

  static Action Of(Kind kind) {
    Action action;
    action.kind = kind;
    return action;
  }
  friend bool operator==(const Action&, const Action&) = default;
};

using Actions = std::vector<Action>;

// What the restart policy has seen, for svstat: deaths since the service
// last stayed up for reset_after, and whether supervise gave up on it.
struct Health {
  uint32_t recent_deaths = 0;
  bool given_up = false;
  friend bool operator==(const Health&, const Health&) = default;
};

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
  Actions OnSpawnFailed(const Now& now);

  // Takes effect from the next death on; u clears what the policy counted.
  void SetRestartPolicy(const RestartPolicy& policy) { policy_ = policy; }
  const RestartPolicy& restart_policy() const { return policy_; }
  Health health() const { return {recent_deaths_, given_up_}; }

  // When OnTimer should next be called, if ever.
  std::optional<int64_t> NextDeadlineMs() const;

  uint32_t pid() const { return pid_; }
  bool paused() const { return paused_; }
  common::Want want() const { return want_; }
  bool exit_requested() const { return exit_requested_; }
  bool start_pending() const { return start_pending_; }

 private:
  // At most one start per second, whatever asks. Automatic restarts also
  // wait for a due fork retry and the restart policy's backoff; an
  // operator's u or o (`by_command`) only for the one second. Returns
  // whether a kSpawn was emitted.
  bool RequestStart(const Now& now, Actions& actions, bool by_command);
  // d and x: no start is wanted any more.
  void CancelStart();
  void WriteStatus(Actions& actions) const;
  void StartOrRecord(const Now& now, Actions& actions);
  void Signal(int signal, Actions& actions) const;
  int64_t EarliestStartMs() const;
  std::optional<int64_t> RecoveryDeadlineMs() const;
  // A death the policy counts: updates backoff, tally and give-up.
  void CountDeath(const Now& now);
  void ForgetDeaths();
  // Watchdog: the deadline runs while the service is ready and not paused.
  void ArmWatchdog(const Now& now);
  void ExpireWatchdog(const Now& now, Actions& actions);
  void ClearReadiness();

  uint32_t pid_ = 0;
  bool paused_ = false;
  common::Want want_ = common::Want::kUp;
  bool exit_requested_ = false;
  // ./run should be started as soon as the throttle allows.
  bool start_pending_ = false;
  // A kSpawn was emitted and its result is not known yet.
  bool spawning_ = false;
  // A pending start was asked for by u or o.
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
