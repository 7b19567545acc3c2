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

TEST(StateMachineTest, OperatorUpStartsAtOnceEvenDuringTheThrottle) {
  StateMachine machine = RunningMachine();
  machine.OnControlByte('d', At(10));
  machine.OnChildExit(42, At(20));
  EXPECT_TRUE(HasKind(machine.OnControlByte('u', At(30)), Action::kSpawn));
}

TEST(StateMachineTest, OperatorUpCutsAPendingRestartShort) {
  StateMachine machine = RunningMachine();
  machine.OnChildExit(42, At(100));
  ASSERT_TRUE(machine.start_pending());
  EXPECT_TRUE(HasKind(machine.OnControlByte('u', At(200)), Action::kSpawn));
  EXPECT_FALSE(machine.start_pending());
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
