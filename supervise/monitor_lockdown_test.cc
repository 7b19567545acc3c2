#include "supervise/monitor_lockdown.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

namespace supervise {
namespace {

// Plain open/read: the only file calls the monitor's allow-list has.
std::string StatusField(const std::string& field) {
  int fd = open("/proc/self/status", O_RDONLY);
  char buffer[8192];
  ssize_t got = read(fd, buffer, sizeof(buffer) - 1);
  close(fd);
  if (got <= 0) return "";
  std::string status(buffer, static_cast<size_t>(got));
  size_t at = status.find("\n" + field + ":\t");
  if (at == std::string::npos) return "";
  at += field.size() + 3;
  return status.substr(at, status.find('\n', at) - at);
}

TEST(MonitorLockdownTest, KeepsOnlyKillAndCannotForkOrExec) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  pid_t self = getpid();
  EXPECT_EXIT(
      {
        LockDownMonitor();
        if (StatusField("CapEff") != "0000000000000020") _exit(1);
        if (StatusField("NoNewPrivs") != "1") _exit(2);
        // What the monitor does all day still works.
        if (kill(self, 0) != 0) _exit(3);
        _exit(0);
      },
      testing::ExitedWithCode(0), "");
  EXPECT_EXIT(
      {
        LockDownMonitor();
        syscall(SYS_fork);
        _exit(0);
      },
      testing::KilledBySignal(SIGSYS), "");
  EXPECT_EXIT(
      {
        LockDownMonitor();
        syscall(SYS_execve, "/bin/true", nullptr, nullptr);
        _exit(0);
      },
      testing::KilledBySignal(SIGSYS), "");
  EXPECT_EXIT(
      {
        LockDownMonitor();
        syscall(SYS_setuid, 0);
        _exit(0);
      },
      testing::KilledBySignal(SIGSYS), "");
}

}  // namespace
}  // namespace supervise
