// daemontools 0.76 ignores every command for one second after each start.
// Ours must not: a stop sent right after a start is obeyed at once, and a
// crashing service is still restarted no faster than once per second.
//
// The order of events is read from supervise's own status stamps (the time
// of each pid change), so the test compares events, not the test's clock:
// the stop must be recorded before the moment the one-second throttle
// would have released it. The same scenario on the reference shows the
// blind second, which proves the check can fail.
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/harness.h"

namespace tests {
namespace {

double StampSeconds(const common::StatusRecord& record) {
  // Relative to 1970, so a double keeps sub-millisecond precision.
  return static_cast<double>(common::UnixSeconds(record.stamp)) +
         record.stamp.nanoseconds / 1e9;
}

// Starts `suite`'s supervise on a normally-down service, sends u and, as
// soon as ./run is up, d. Returns seconds between the start stamp and the
// stop stamp.
double StopDelayAfterStart(const Suite& suite) {
  TempDir dir;
  ProcessGroup processes;
  std::string service = dir / "s";
  MakeService(service, "exec sleep 100", /*down=*/true);
  processes.Start({suite.supervise, service});
  EXPECT_TRUE(WaitUntil([&] {
    return RunProgram({suite.svok, service}).exit_code == 0;
  }));
  EXPECT_EQ(RunProgram({suite.svc, "-u", service}).exit_code, 0);
  std::optional<common::StatusRecord> started;
  EXPECT_TRUE(WaitUntil([&] {
    started = ReadStatus(service);
    return started && started->pid != 0;
  }));
  processes.Adopt(static_cast<pid_t>(started->pid));
  EXPECT_EQ(RunProgram({suite.svc, "-d", service}).exit_code, 0);
  std::optional<common::StatusRecord> stopped;
  EXPECT_TRUE(WaitUntil([&] {
    stopped = ReadStatus(service);
    return stopped && stopped->pid == 0;
  }));
  return StampSeconds(*stopped) - StampSeconds(*started);
}

TEST(BlindSecondTest, StopRightAfterStartIsObeyedAtOnce) {
  double ours = StopDelayAfterStart(OurSuite());
  EXPECT_LT(ours, 1.0) << "stop was held back by the restart throttle";
  if (ReferenceInstalled()) {
    double reference = StopDelayAfterStart(ReferenceSuite());
    EXPECT_GE(reference, 1.0) << "the reference no longer shows the blind "
                                 "second; this test would prove nothing";
    EXPECT_LT(ours, reference);
  }
}

TEST(BlindSecondTest, ChildExitIsReflectedBeforeTheNextStart) {
  // A service that dies at once: the status must show it down between two
  // starts (0.76 shows "up" for the whole second), and two starts must be
  // at least a second apart.
  TempDir dir;
  ProcessGroup processes;
  Suite ours = OurSuite();
  std::string service = dir / "s";
  MakeService(service, "echo x >> starts; exit 1");
  processes.Start({ours.supervise, service});
  bool saw_down_after_start = false;
  std::optional<common::StatusRecord> first_start;
  EXPECT_TRUE(WaitUntil([&] {
    auto status = ReadStatus(service);
    if (!status) return false;
    if (status->pid != 0 && !first_start) first_start = status;
    if (first_start && status->pid == 0) saw_down_after_start = true;
    return saw_down_after_start;
  }));
  std::optional<common::StatusRecord> second_start;
  EXPECT_TRUE(WaitUntil([&] {
    auto status = ReadStatus(service);
    if (status && status->pid != 0 && status->pid != first_start->pid) {
      second_start = status;
    }
    return second_start.has_value();
  }));
  EXPECT_GE(StampSeconds(*second_start) - StampSeconds(*first_start), 1.0);
}

}  // namespace
}  // namespace tests
