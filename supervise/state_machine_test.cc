#include "supervise/state_machine.h"

#include <gtest/gtest.h>

#include <csignal>

namespace supervise {
namespace {

using common::Want;

Now At(int64_t ms) {
  Now now;
  now.monotonic_ms = ms;
  now.wall = {
      common::kTai64UnixOffset + 1000 + static_cast<uint64_t>(ms / 1000), 500};
  return now;
}

bool HasKind(const Actions& actions, Action::Kind kind) {
  for (const Action& action : actions) {
    if (action.kind == kind) return true;
  }
  return false;
}

std::vector<int> SignalsSent(const Actions& actions) {
  std::vector<int> signals;
  for (const Action& action : actions) {
    if (action.kind == Action::kSignal) signals.push_back(action.signal);
  }
  return signals;
}

// A machine whose ./run was started at time 0 with pid 42.
StateMachine RunningMachine() {
  StateMachine machine(false, At(0));
  Actions begin = machine.Begin(At(0));
  EXPECT_TRUE(HasKind(begin, Action::kSpawn));
  machine.OnSpawned(42, At(0));
  return machine;
}

TEST(StateMachineTest, ImmediateRestartWritesOnlyTheNewRecord) {
  StateMachine machine = RunningMachine();
  Actions exit = machine.OnChildExit(42, At(5000));
  EXPECT_TRUE(HasKind(exit, Action::kSpawn));
  EXPECT_FALSE(HasKind(exit, Action::kWriteStatus));
  // If the start fails after all, the record says down (wanting up).
  Actions failed = machine.OnSpawnFailed(At(5001));
  ASSERT_TRUE(HasKind(failed, Action::kWriteStatus));
  EXPECT_EQ(failed.back().status.pid, 0u);
  EXPECT_EQ(failed.back().status.want, 'u');
  // A throttled restart writes the down record at once.
  StateMachine quick = RunningMachine();
  Actions early = quick.OnChildExit(42, At(10));
  EXPECT_FALSE(HasKind(early, Action::kSpawn));
  ASSERT_TRUE(HasKind(early, Action::kWriteStatus));
  EXPECT_EQ(early.back().status.pid, 0u);
}

TEST(StateMachineTest, StartsAtOnceUnlessDownFileExists) {
  StateMachine up(false, At(0));
  EXPECT_EQ(up.want(), Want::kUp);
  EXPECT_TRUE(HasKind(up.Begin(At(0)), Action::kSpawn));

  StateMachine down(true, At(0));
  EXPECT_EQ(down.want(), Want::kDown);
  EXPECT_TRUE(down.Begin(At(0)).empty());
  EXPECT_EQ(down.Record().want, 'd');
}

TEST(StateMachineTest, SpawnRecordsPidStampAndWritesStatus) {
  StateMachine machine(false, At(0));
  machine.Begin(At(0));
  Actions actions = machine.OnSpawned(42, At(3000));
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, Action::kWriteStatus);
  EXPECT_EQ(actions[0].status.pid, 42u);
  EXPECT_EQ(actions[0].status.want, 'u');
  EXPECT_EQ(actions[0].status.stamp, At(3000).wall);
}

TEST(StateMachineTest, DownSendsTermThenContAtOnceEvenRightAfterStart) {
  StateMachine machine = RunningMachine();
  // 10 ms after the start: 0.76 would not read this for another second.
  Actions actions = machine.OnControlByte('d', At(10));
  EXPECT_EQ(SignalsSent(actions), (std::vector<int>{SIGTERM, SIGCONT}));
  ASSERT_TRUE(HasKind(actions, Action::kWriteStatus));
  EXPECT_EQ(actions.back().status.want, 'd');
  EXPECT_EQ(actions.back().status.pid, 42u);
  // Exit after d: no restart.
  Actions exit = machine.OnChildExit(42, At(20));
  EXPECT_FALSE(HasKind(exit, Action::kSpawn));
  EXPECT_EQ(machine.pid(), 0u);
  EXPECT_FALSE(machine.NextDeadlineMs().has_value());
}

TEST(StateMachineTest, CrashRestartWaitsForTheOneSecondTimer) {
  StateMachine machine = RunningMachine();
  Actions exit = machine.OnChildExit(42, At(100));
  EXPECT_FALSE(HasKind(exit, Action::kSpawn));
  ASSERT_TRUE(HasKind(exit, Action::kWriteStatus));
  EXPECT_EQ(exit[0].status.pid, 0u);
  ASSERT_TRUE(machine.NextDeadlineMs().has_value());
  EXPECT_EQ(*machine.NextDeadlineMs(), 1000);
  EXPECT_TRUE(machine.OnTimer(At(999)).empty());
  EXPECT_TRUE(HasKind(machine.OnTimer(At(1000)), Action::kSpawn));
}

TEST(StateMachineTest, ServiceThatRanLongerThanASecondRestartsAtOnce) {
  StateMachine machine = RunningMachine();
  EXPECT_TRUE(HasKind(machine.OnChildExit(42, At(5000)), Action::kSpawn));
}

TEST(StateMachineTest, CommandsDuringTheThrottleAreServed) {
  StateMachine machine = RunningMachine();
  machine.OnChildExit(42, At(100));
  // d cancels the pending restart.
  machine.OnControlByte('d', At(200));
  EXPECT_FALSE(machine.NextDeadlineMs().has_value());
  EXPECT_TRUE(machine.OnTimer(At(2000)).empty());
}

TEST(StateMachineTest, UnknownPidIsIgnored) {
  StateMachine machine = RunningMachine();
  EXPECT_TRUE(machine.OnChildExit(7, At(10)).empty());
  EXPECT_EQ(machine.pid(), 42u);
}

TEST(StateMachineTest, OnceRunsWithoutRestart) {
  StateMachine machine(true, At(0));
  machine.Begin(At(0));
  Actions actions = machine.OnControlByte('o', At(0));
  ASSERT_TRUE(HasKind(actions, Action::kSpawn));
  EXPECT_EQ(actions[0].status.want, 0);
  machine.OnSpawned(5, At(0));
  Actions exit = machine.OnChildExit(5, At(3000));
  EXPECT_FALSE(HasKind(exit, Action::kSpawn));
  EXPECT_EQ(machine.Record().want, 0);
}

TEST(StateMachineTest, PauseAndContinue) {
  StateMachine machine = RunningMachine();
  Actions pause = machine.OnControlByte('p', At(10));
  EXPECT_EQ(SignalsSent(pause), std::vector<int>{SIGSTOP});
  EXPECT_EQ(pause[0].status.paused, 1);
  Actions resume = machine.OnControlByte('c', At(20));
  EXPECT_EQ(SignalsSent(resume), std::vector<int>{SIGCONT});
  EXPECT_EQ(resume[0].status.paused, 0);
}

TEST(StateMachineTest, PausedByteIsZeroWhileDown) {
  StateMachine machine(true, At(0));
  Actions pause = machine.OnControlByte('p', At(0));
  EXPECT_TRUE(SignalsSent(pause).empty());
  EXPECT_EQ(pause[0].status.paused, 0);
}

TEST(StateMachineTest, SignalCommandsGoToThePidOnlyWhenRunning) {
  StateMachine machine = RunningMachine();
  const std::pair<char, int> table[] = {
      {'h', SIGHUP},  {'a', SIGALRM}, {'i', SIGINT},
      {'t', SIGTERM}, {'k', SIGKILL}, {'q', SIGQUIT},
      {'1', SIGUSR1}, {'2', SIGUSR2}, {'w', SIGWINCH}};
  for (auto [letter, signal] : table) {
    Actions actions = machine.OnControlByte(letter, At(10));
    ASSERT_EQ(actions.size(), 1u) << letter;
    EXPECT_EQ(actions[0].signal, signal);
    EXPECT_EQ(actions[0].pid, 42u);
  }
  StateMachine down(true, At(0));
  for (auto [letter, signal] : table) {
    EXPECT_TRUE(down.OnControlByte(letter, At(10)).empty()) << letter;
  }
}

TEST(StateMachineTest, ExitWaitsForTheChildAndDoesNotRestart) {
  StateMachine machine = RunningMachine();
  Actions exit_request = machine.OnControlByte('x', At(10));
  EXPECT_FALSE(HasKind(exit_request, Action::kExit));
  EXPECT_EQ(machine.pid(), 42u);
  Actions exit = machine.OnChildExit(42, At(5000));
  EXPECT_TRUE(HasKind(exit, Action::kExit));
  EXPECT_FALSE(HasKind(exit, Action::kSpawn));
  // The want byte keeps its last u/d value.
  EXPECT_EQ(machine.Record().want, 'u');
}

TEST(StateMachineTest, ExitWhileDownIsImmediate) {
  StateMachine machine(true, At(0));
  EXPECT_TRUE(HasKind(machine.OnControlByte('x', At(0)), Action::kExit));
}

TEST(StateMachineTest, ForkFailureIsRetried) {
  StateMachine machine(false, At(0));
  machine.Begin(At(0));
  machine.OnSpawnFailed(At(0));
  ASSERT_TRUE(machine.NextDeadlineMs().has_value());
  EXPECT_EQ(*machine.NextDeadlineMs(), StateMachine::kSpawnRetryMs);
  EXPECT_TRUE(machine.OnTimer(At(1000)).empty());
  EXPECT_TRUE(HasKind(machine.OnTimer(At(StateMachine::kSpawnRetryMs)),
                      Action::kSpawn));
}

TEST(StateMachineTest, UnknownBytesDoNothing) {
  StateMachine machine = RunningMachine();
  for (int byte : {0, int{'U'}, int{'z'}, 0xff, int{'\n'}}) {
    EXPECT_TRUE(
        machine.OnControlByte(static_cast<unsigned char>(byte), At(5)).empty());
  }
}

TEST(StateMachineTest, UpWhileRunningChangesOnlyTheWish) {
  StateMachine machine(true, At(0));
  machine.OnControlByte('o', At(0));
  machine.OnSpawned(9, At(0));
  Actions actions = machine.OnControlByte('u', At(10));
  EXPECT_FALSE(HasKind(actions, Action::kSpawn));
  EXPECT_EQ(machine.want(), Want::kUp);
  // Now a crash restarts it.
  EXPECT_TRUE(HasKind(machine.OnChildExit(9, At(5000)), Action::kSpawn));
}

}  // namespace
}  // namespace supervise

namespace supervise {
namespace {

TEST(StateMachineTest, OperatorUpInsideTheSecondStartsWhenItEnds) {
  StateMachine machine = RunningMachine();
  machine.OnControlByte('d', At(10));
  machine.OnChildExit(42, At(20));
  Actions up = machine.OnControlByte('u', At(30));
  EXPECT_FALSE(HasKind(up, Action::kSpawn));
  ASSERT_TRUE(HasKind(up, Action::kWriteStatus));
  EXPECT_EQ(up.back().status.want, 'u');
  ASSERT_TRUE(machine.NextDeadlineMs().has_value());
  EXPECT_EQ(*machine.NextDeadlineMs(), 1000);
  EXPECT_TRUE(machine.OnTimer(At(999)).empty());
  EXPECT_TRUE(HasKind(machine.OnTimer(At(1000)), Action::kSpawn));
}

TEST(StateMachineTest, OperatorUpAfterALongRunStartsAtOnce) {
  StateMachine machine = RunningMachine();
  machine.OnControlByte('d', At(600000));
  machine.OnChildExit(42, At(600010));
  EXPECT_TRUE(HasKind(machine.OnControlByte('u', At(600020)), Action::kSpawn));
}

// A flood of o on a ./run that exits at once: one start per second, and
// the last o is not lost.
TEST(StateMachineTest, FloodOfOnceStartsAtMostOncePerSecond) {
  StateMachine machine(true, At(0));
  machine.Begin(At(0));
  std::vector<int64_t> starts;
  pid_t next_pid = 100;
  for (int64_t clock = 0; clock < 3000; clock += 5) {
    Actions actions = machine.OnControlByte('o', At(clock));
    Actions timer;
    if (machine.NextDeadlineMs() && *machine.NextDeadlineMs() <= clock) {
      timer = machine.OnTimer(At(clock));
    }
    if (HasKind(actions, Action::kSpawn) || HasKind(timer, Action::kSpawn)) {
      starts.push_back(clock);
      machine.OnSpawned(next_pid, At(clock));
      machine.OnChildExit(next_pid++, At(clock + 1));
    }
  }
  ASSERT_EQ(starts.size(), 3u);
  for (size_t i = 1; i < starts.size(); ++i) {
    EXPECT_GE(starts[i] - starts[i - 1], 1000);
  }
  // An o inside the second is served when it ends.
  EXPECT_TRUE(machine.start_pending());
  EXPECT_TRUE(HasKind(machine.OnTimer(At(3000)), Action::kSpawn));
}

// A failed start counts too: u right after it waits for the second.
TEST(StateMachineTest, FailedStartsAreThrottledToo) {
  StateMachine machine(false, At(0));
  machine.Begin(At(0));
  machine.OnSpawnFailed(At(0));
  EXPECT_FALSE(HasKind(machine.OnControlByte('u', At(10)), Action::kSpawn));
  EXPECT_EQ(*machine.NextDeadlineMs(), 1000);
  EXPECT_TRUE(HasKind(machine.OnTimer(At(1000)), Action::kSpawn));
}

TEST(StateMachineTest, DownCancelsAStartAskedForInsideTheSecond) {
  StateMachine machine = RunningMachine();
  machine.OnControlByte('d', At(10));
  machine.OnChildExit(42, At(20));
  machine.OnControlByte('o', At(30));
  machine.OnControlByte('d', At(40));
  EXPECT_FALSE(machine.NextDeadlineMs().has_value());
  EXPECT_TRUE(machine.OnTimer(At(2000)).empty());
}

}  // namespace
}  // namespace supervise

namespace supervise {
namespace {

TEST(StateMachineTest, AdoptedChildIsNotStartedAgainAndKeepsItsState) {
  StateMachine machine(/*down_file_exists=*/true, At(5000));
  common::StatusRecord previous;
  previous.stamp = At(1000).wall;
  previous.pid = 77;
  previous.paused = 1;
  previous.want = 'u';
  machine.Adopt(77, previous);
  EXPECT_EQ(machine.Record(), previous);
  EXPECT_FALSE(HasKind(machine.Begin(At(5000)), Action::kSpawn));
  Actions term = machine.OnControlByte('t', At(5001));
  ASSERT_EQ(term.size(), 1u);
  EXPECT_EQ(term[0].pid, 77u);
  // When it exits, the wish it was adopted with (up) restarts it.
  EXPECT_TRUE(HasKind(machine.OnChildExit(77, At(5002)), Action::kSpawn));
}

}  // namespace
}  // namespace supervise

namespace supervise {
namespace {

// Starts and kills ./run quickly `deaths` times under `policy`; returns
// the times (ms) at which each restart was spawned.
std::vector<int64_t> CrashLoop(StateMachine& machine, int deaths,
                               int64_t* clock) {
  std::vector<int64_t> starts;
  pid_t pid = 100;
  machine.Begin(At(*clock));
  machine.OnSpawned(pid, At(*clock));
  for (int i = 0; i < deaths; ++i) {
    *clock += 10;  // dies 10 ms after each start
    Actions exit = machine.OnChildExit(pid, At(*clock));
    if (HasKind(exit, Action::kSpawn)) {
      starts.push_back(*clock);
      machine.OnSpawned(++pid, At(*clock));
      continue;
    }
    std::optional<int64_t> deadline = machine.NextDeadlineMs();
    if (!deadline) break;
    *clock = *deadline;
    if (HasKind(machine.OnTimer(At(*clock)), Action::kSpawn)) {
      starts.push_back(*clock);
      machine.OnSpawned(++pid, At(*clock));
    }
  }
  return starts;
}

// A policy as a restart-policy file would give it.
RestartPolicy Policy(int64_t backoff_initial_ms, int64_t backoff_max_ms,
                     uint32_t give_up_deaths = 0,
                     int64_t give_up_window_ms = 0) {
  RestartPolicy policy;
  policy.configured = true;
  policy.backoff_initial_ms = backoff_initial_ms;
  policy.backoff_max_ms = backoff_max_ms;
  policy.give_up_deaths = give_up_deaths;
  policy.give_up_window_ms = give_up_window_ms;
  return policy;
}

StateMachine MachineWith(const RestartPolicy& policy) {
  StateMachine machine(false, At(0));
  machine.SetRestartPolicy(policy);
  return machine;
}

TEST(RestartPolicyMachineTest, BackoffDoublesUpToItsCap) {
  StateMachine machine = MachineWith(Policy(2000, 5000));
  int64_t clock = 0;
  std::vector<int64_t> starts = CrashLoop(machine, 4, &clock);
  ASSERT_EQ(starts.size(), 4u);
  // Died at start+10 each time: waits 2 s, 4 s, 5 s, 5 s after the death.
  EXPECT_EQ(starts[0], 10 + 2000);
  EXPECT_EQ(starts[1], starts[0] + 10 + 4000);
  EXPECT_EQ(starts[2], starts[1] + 10 + 5000);
  EXPECT_EQ(starts[3], starts[2] + 10 + 5000);
  EXPECT_EQ(machine.health().recent_deaths, 4u);
}

TEST(RestartPolicyMachineTest, StayingUpResetsBackoffAndTally) {
  StateMachine machine = MachineWith(Policy(2000, 60000));
  int64_t clock = 0;
  CrashLoop(machine, 3, &clock);
  EXPECT_EQ(machine.health().recent_deaths, 3u);
  // Now it stays up: the recovery deadline clears the tally.
  std::optional<int64_t> recovery = machine.NextDeadlineMs();
  ASSERT_TRUE(recovery.has_value());
  EXPECT_EQ(*recovery, clock + 10000);
  machine.OnTimer(At(*recovery));
  EXPECT_EQ(machine.health().recent_deaths, 0u);
  // A death after that long a run restarts at once, with no backoff.
  clock = *recovery + 5;
  Actions exit = machine.OnChildExit(machine.pid(), At(clock));
  EXPECT_TRUE(HasKind(exit, Action::kSpawn));
  EXPECT_EQ(machine.health().recent_deaths, 1u);
}

TEST(RestartPolicyMachineTest, GivesUpAfterTooManyDeathsUntilUp) {
  StateMachine machine = MachineWith(Policy(0, 0, 3, 60000));
  int64_t clock = 0;
  std::vector<int64_t> starts = CrashLoop(machine, 5, &clock);
  EXPECT_EQ(starts.size(), 2u);  // the third death ends it
  EXPECT_TRUE(machine.health().given_up);
  EXPECT_EQ(machine.want(), Want::kDown);
  EXPECT_EQ(machine.pid(), 0u);
  EXPECT_FALSE(machine.NextDeadlineMs().has_value());
  EXPECT_EQ(machine.Record().want, 'd');
  // u: the operator takes over again; everything is forgotten (a second
  // after the last start: the one-second rule holds for u too).
  Actions up = machine.OnControlByte('u', At(clock + 1000));
  EXPECT_TRUE(HasKind(up, Action::kSpawn));
  EXPECT_FALSE(machine.health().given_up);
  EXPECT_EQ(machine.health().recent_deaths, 0u);
}

TEST(RestartPolicyMachineTest, DeathsOutsideTheWindowDoNotCount) {
  StateMachine machine = MachineWith(Policy(0, 0, 2, 1500));
  int64_t clock = 0;
  // Deaths at 10 and 1020 ms... each restart waits the 1 s minimum, so two
  // deaths fall 1010 ms apart: inside 1500 ms, it gives up.
  std::vector<int64_t> starts = CrashLoop(machine, 3, &clock);
  EXPECT_TRUE(machine.health().given_up);
  StateMachine patient = MachineWith(Policy(0, 0, 2, 1000));
  clock = 0;
  starts = CrashLoop(patient, 6, &clock);
  EXPECT_FALSE(patient.health().given_up);
  EXPECT_EQ(starts.size(), 6u);
}

TEST(RestartPolicyMachineTest, ExitCode100MeansDown) {
  StateMachine machine = RunningMachine();
  Actions exit = machine.OnChildExit(42, At(5000), 100 << 8);
  EXPECT_FALSE(HasKind(exit, Action::kSpawn));
  EXPECT_EQ(machine.want(), Want::kDown);
  EXPECT_EQ(exit.back().status.want, 'd');
  EXPECT_FALSE(machine.NextDeadlineMs().has_value());
  // Any other exit code is restarted as usual.
  StateMachine other = RunningMachine();
  Actions restart = other.OnChildExit(42, At(5000), 99 << 8);
  EXPECT_EQ(other.want(), Want::kUp);
  EXPECT_TRUE(HasKind(restart, Action::kSpawn));
}

TEST(StateMachineTest, OperatorUpCutsAPendingRestartShort) {
  StateMachine machine = MachineWith(Policy(30000, 60000, 0, 0));
  machine.Begin(At(0));
  machine.OnSpawned(42, At(0));
  machine.OnChildExit(42, At(100));  // backoff: not before 30100
  ASSERT_TRUE(machine.start_pending());
  ASSERT_EQ(*machine.NextDeadlineMs(), 30100);
  // u waits only for the one-second rule.
  EXPECT_FALSE(HasKind(machine.OnControlByte('u', At(200)), Action::kSpawn));
  EXPECT_EQ(*machine.NextDeadlineMs(), 1000);
  EXPECT_TRUE(HasKind(machine.OnTimer(At(1000)), Action::kSpawn));
  EXPECT_FALSE(machine.start_pending());
}

// A machine whose ./run (pid 42) notifies readiness, with a watchdog.
StateMachine NotifyingMachine(int64_t watchdog_ms) {
  StateMachine machine(false, At(0));
  machine.Begin(At(0));
  machine.OnSpawned(42, At(0), {true, watchdog_ms, 3000});
  return machine;
}

common::NotifyMessage Message(const char* text) {
  return *common::ParseNotifyMessage(text);
}

TEST(StateMachineTest, WithoutNotificationAServiceIsReadyOnceStarted) {
  StateMachine machine = RunningMachine();
  EXPECT_EQ(machine.readiness().pid, 42u);
  EXPECT_EQ(machine.readiness().ready_since, At(0).wall.seconds);
  EXPECT_EQ(machine.NextDeadlineMs(), std::nullopt);
}

TEST(StateMachineTest, ANotifyingServiceIsReadyWhenItSaysSo) {
  StateMachine machine = NotifyingMachine(0);
  EXPECT_EQ(machine.readiness().pid, 42u);
  EXPECT_FALSE(machine.readiness().ready_since);
  machine.OnNotify(Message("STATUS=loading\nMAINPID=43"), At(500));
  EXPECT_FALSE(machine.readiness().ready_since);
  EXPECT_EQ(machine.readiness().status, "loading");
  EXPECT_EQ(machine.readiness().main_pid, 43u);
  machine.OnReady(At(2000));
  EXPECT_EQ(machine.readiness().ready_since, At(2000).wall.seconds);
  machine.OnNotify(Message("READY=1\nSTOPPING=1"), At(4000));
  EXPECT_EQ(machine.readiness().ready_since, At(2000).wall.seconds);
  EXPECT_TRUE(machine.readiness().stopping);
}

TEST(StateMachineTest, ARestartClearsReadiness) {
  StateMachine machine = NotifyingMachine(0);
  machine.OnNotify(Message("READY=1\nSTATUS=up"), At(100));
  machine.OnChildExit(42, At(5000));
  EXPECT_EQ(machine.readiness(), common::ReadinessRecord());
  // Nothing runs: notifications change nothing.
  machine.OnReady(At(5001));
  EXPECT_EQ(machine.readiness(), common::ReadinessRecord());
  machine.OnSpawned(44, At(5002), {true, 0, 3000});
  EXPECT_EQ(machine.readiness().pid, 44u);
  EXPECT_FALSE(machine.readiness().ready_since);
  EXPECT_EQ(machine.readiness().status, "");
}

TEST(StateMachineTest, WatchdogStopsAServiceThatStopsPinging) {
  StateMachine machine = NotifyingMachine(1000);
  // Not ready yet: no deadline.
  EXPECT_EQ(machine.NextDeadlineMs(), std::nullopt);
  machine.OnNotify(Message("READY=1"), At(100));
  EXPECT_EQ(machine.NextDeadlineMs(), 1100);
  machine.OnNotify(Message("WATCHDOG=1"), At(900));
  EXPECT_EQ(machine.NextDeadlineMs(), 1900);
  EXPECT_TRUE(machine.OnTimer(At(1100)).empty());
  Actions expired = machine.OnTimer(At(1900));
  EXPECT_TRUE(HasKind(expired, Action::kWatchdogExpired));
  EXPECT_EQ(SignalsSent(expired), (std::vector<int>{SIGTERM, SIGCONT}));
  // KILL after the kill timeout, once.
  EXPECT_EQ(machine.NextDeadlineMs(), 4900);
  EXPECT_EQ(SignalsSent(machine.OnTimer(At(4900))), std::vector<int>{SIGKILL});
  EXPECT_EQ(machine.NextDeadlineMs(), std::nullopt);
  // Its death restarts it like any other.
  EXPECT_TRUE(HasKind(machine.OnChildExit(42, At(5000)), Action::kSpawn));
}

TEST(StateMachineTest, WatchdogLeavesAPingingServiceAlone) {
  StateMachine machine = NotifyingMachine(1000);
  machine.OnNotify(Message("READY=1"), At(0));
  for (int64_t t = 500; t < 60000; t += 500) {
    Actions actions = machine.OnNotify(Message("WATCHDOG=1"), At(t));
    actions = machine.OnTimer(At(t + 1));
    ASSERT_TRUE(SignalsSent(actions).empty()) << t;
  }
}

TEST(StateMachineTest, WatchdogWaitsWhilePausedOrDown) {
  StateMachine machine = NotifyingMachine(1000);
  machine.OnNotify(Message("READY=1"), At(0));
  machine.OnControlByte('p', At(10));
  EXPECT_EQ(machine.NextDeadlineMs(), std::nullopt);
  machine.OnControlByte('c', At(5000));
  EXPECT_EQ(machine.NextDeadlineMs(), 6000);
  machine.OnControlByte('d', At(5100));
  EXPECT_EQ(machine.NextDeadlineMs(), std::nullopt);
  // WATCHDOG=trigger acts only while a deadline runs.
  EXPECT_TRUE(machine.OnNotify(Message("WATCHDOG=trigger"), At(5200)).empty());
}

TEST(StateMachineTest, WatchdogTriggerExpiresAtOnce) {
  StateMachine machine = NotifyingMachine(1000);
  machine.OnNotify(Message("READY=1"), At(0));
  Actions actions = machine.OnNotify(Message("WATCHDOG=trigger"), At(10));
  EXPECT_TRUE(HasKind(actions, Action::kWatchdogExpired));
  EXPECT_EQ(SignalsSent(actions), (std::vector<int>{SIGTERM, SIGCONT}));
}

}  // namespace
}  // namespace supervise

namespace supervise {
namespace {

// The phases a start, a stop and a crash go through.

TEST(PhaseTest, StartRunStopRest) {
  StateMachine machine(/*down_file_exists=*/true, At(0));
  EXPECT_EQ(machine.phase(), Phase::kDown);
  EXPECT_TRUE(machine.Begin(At(0)).empty());
  EXPECT_EQ(machine.phase(), Phase::kDown);
  EXPECT_TRUE(HasKind(machine.OnControlByte('u', At(0)), Action::kSpawn));
  EXPECT_EQ(machine.phase(), Phase::kStarting);
  machine.OnSpawned(42, At(0));
  EXPECT_EQ(machine.phase(), Phase::kUp);
  // d signals; the phase changes only when ./run has gone.
  machine.OnControlByte('d', At(10));
  EXPECT_EQ(machine.phase(), Phase::kUp);
  machine.OnChildExit(42, At(20));
  EXPECT_EQ(machine.phase(), Phase::kDown);
  EXPECT_EQ(machine.pid(), 0u);
}

TEST(PhaseTest, ThrottledRestartWaitsThenStarts) {
  StateMachine machine = RunningMachine();
  machine.OnChildExit(42, At(100));
  EXPECT_EQ(machine.phase(), Phase::kWaiting);
  EXPECT_TRUE(machine.start_pending());
  machine.OnTimer(At(999));
  EXPECT_EQ(machine.phase(), Phase::kWaiting);
  machine.OnTimer(At(1000));
  EXPECT_EQ(machine.phase(), Phase::kStarting);
  // A failed start waits again, for the fork retry.
  machine.OnSpawnFailed(At(1000));
  EXPECT_EQ(machine.phase(), Phase::kWaiting);
  // d gives the start up.
  machine.OnControlByte('d', At(1500));
  EXPECT_EQ(machine.phase(), Phase::kDown);
  EXPECT_FALSE(machine.start_pending());
}

TEST(PhaseTest, ImmediateRestartGoesStraightToStarting) {
  StateMachine machine = RunningMachine();
  EXPECT_TRUE(HasKind(machine.OnChildExit(42, At(5000)), Action::kSpawn));
  EXPECT_EQ(machine.phase(), Phase::kStarting);
}

TEST(PhaseTest, ExitWaitsForTheRunThenEndsEverything) {
  StateMachine machine = RunningMachine();
  machine.OnControlByte('x', At(10));
  EXPECT_EQ(machine.phase(), Phase::kUpThenExit);
  EXPECT_TRUE(machine.exit_requested());
  // Still a running service: signals go to it.
  EXPECT_EQ(SignalsSent(machine.OnControlByte('d', At(20))),
            (std::vector<int>{SIGTERM, SIGCONT}));
  EXPECT_TRUE(HasKind(machine.OnChildExit(42, At(30)), Action::kExit));
  EXPECT_EQ(machine.phase(), Phase::kExited);
  // Nothing happens after kExit.
  EXPECT_TRUE(machine.OnControlByte('u', At(40)).empty());
  EXPECT_TRUE(machine.OnTimer(At(5000)).empty());
  EXPECT_EQ(machine.NextDeadlineMs(), std::nullopt);
}

TEST(PhaseTest, ExitWhileWaitingIsImmediate) {
  StateMachine machine = RunningMachine();
  machine.OnChildExit(42, At(100));
  ASSERT_EQ(machine.phase(), Phase::kWaiting);
  EXPECT_TRUE(HasKind(machine.OnControlByte('x', At(200)), Action::kExit));
  EXPECT_EQ(machine.phase(), Phase::kExited);
  EXPECT_EQ(machine.NextDeadlineMs(), std::nullopt);
}

TEST(PhaseTest, ExitDuringAStartWaitsForItsResult) {
  StateMachine started(false, At(0));
  started.Begin(At(0));
  EXPECT_FALSE(HasKind(started.OnControlByte('x', At(0)), Action::kExit));
  EXPECT_EQ(started.phase(), Phase::kStartingThenExit);
  // It started after all: supervise exits when it ends, and no watchdog
  // runs for a service about to be left.
  started.OnSpawned(42, At(1), {false, 1000, 3000});
  EXPECT_EQ(started.phase(), Phase::kUpThenExit);
  EXPECT_EQ(started.NextDeadlineMs(), std::nullopt);
  EXPECT_TRUE(HasKind(started.OnChildExit(42, At(2)), Action::kExit));

  StateMachine failed(false, At(0));
  failed.Begin(At(0));
  failed.OnControlByte('x', At(0));
  Actions actions = failed.OnSpawnFailed(At(1));
  EXPECT_TRUE(HasKind(actions, Action::kExit));
  EXPECT_EQ(failed.phase(), Phase::kExited);
}

TEST(PhaseTest, AdoptionStartsUp) {
  StateMachine machine(false, At(0));
  common::StatusRecord previous;
  previous.pid = 77;
  previous.want = 'u';
  machine.Adopt(77, previous);
  EXPECT_EQ(machine.phase(), Phase::kUp);
}

// Events that mean nothing in a phase change nothing.
TEST(PhaseTest, EventsOutsideTheirPhaseAreIgnored) {
  StateMachine down(true, At(0));
  EXPECT_TRUE(down.OnSpawned(42, At(0)).empty());
  EXPECT_TRUE(down.OnSpawnFailed(At(0)).empty());
  EXPECT_EQ(down.phase(), Phase::kDown);
  EXPECT_EQ(down.pid(), 0u);

  StateMachine running = RunningMachine();
  EXPECT_TRUE(running.OnSpawned(43, At(10)).empty());
  EXPECT_TRUE(running.OnSpawnFailed(At(10)).empty());
  EXPECT_TRUE(running.Begin(At(10)).empty());
  EXPECT_EQ(running.phase(), Phase::kUp);
  EXPECT_EQ(running.pid(), 42u);
}

// The status set travels with the status record, so the OS layer writes
// what belongs together without asking the machine.
TEST(PhaseTest, StatusWritesCarryHealthAndReadiness) {
  StateMachine machine(false, At(0));
  machine.Begin(At(0));
  Actions started = machine.OnSpawned(42, At(0));
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].health, std::nullopt);  // no restart-policy
  EXPECT_EQ(started[0].readiness.pid, 42u);
  EXPECT_EQ(started[0].readiness.ready_since, At(0).wall.seconds);

  RestartPolicy policy;
  policy.configured = true;
  machine.SetRestartPolicy(policy);
  Actions exit = machine.OnChildExit(42, At(10));
  ASSERT_TRUE(HasKind(exit, Action::kWriteStatus));
  ASSERT_TRUE(exit.back().health.has_value());
  EXPECT_EQ(exit.back().health->recent_deaths, 1u);
  EXPECT_EQ(exit.back().readiness, common::ReadinessRecord());
}

}  // namespace
}  // namespace supervise
