#include "supervise/monitor_lockdown.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <span>
#include <string>

#include "common/diagnostics.h"
#include "sandbox/in_child.h"
#include "sandbox/landlock.h"

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

void WriteFile(const std::string& path, const std::string& text, int mode) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  ASSERT_GE(fd, 0) << path;
  ASSERT_EQ(write(fd, text.data(), text.size()),
            static_cast<ssize_t>(text.size()));
  close(fd);
}

// A scratch tree: service/ (with run, policy, restart-policy and
// supervise/) and outside/secret next to it, a root-only file.
class MonitorLockdownTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
    const char* base = std::getenv("TEST_TMPDIR");
    std::string pattern = std::string(base ? base : "/tmp") + "/monitorXXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    service_ = root_ + "/service";
    for (const std::string& dir :
         {service_, service_ + "/supervise", root_ + "/outside"}) {
      ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
    }
    WriteFile(service_ + "/run", "#!/bin/sh\nexec sleep 100\n", 0755);
    WriteFile(service_ + "/policy", "user nobody\n", 0644);
    WriteFile(service_ + "/restart-policy", "", 0644);
    WriteFile(service_ + "/supervise/status", "", 0644);
    WriteFile(root_ + "/outside/secret", "root only\n", 0600);
  }
  void TearDown() override {
    if (root_.empty()) return;
    std::string command = "rm -rf '" + root_ + "'";
    EXPECT_EQ(std::system(command.c_str()), 0);
  }

  // Runs `body` in a child, in the service directory, after the monitor's
  // lockdown. Returns what it reported (empty: all held); the child must
  // exit normally unless the caller takes its wait status.
  std::string LockedDown(const std::function<std::string()>& body,
                         int* wait_status = nullptr) {
    int status = 0;
    std::string report = sandbox::RunInChild(
        [&] {
          if (chdir(service_.c_str()) != 0) return std::string("chdir\n");
          LockDownMonitor();
          return body();
        },
        &status);
    if (wait_status) {
      *wait_status = status;
    } else {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    }
    return report;
  }

  // Each attack, made under the monitor's lockdown, kills it with SIGSYS.
  void ExpectEachKilledByTheFilter(
      std::span<const std::function<void()>> attacks) {
    for (const std::function<void()>& attack : attacks) {
      int status = 0;
      LockedDown(
          [&] {
            attack();
            return std::string("survived\n");
          },
          &status);
      EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS) << status;
    }
  }

  std::string root_, service_;
};

using sandbox::ExpectErrno;

TEST_F(MonitorLockdownTest, KeepsOnlyKillAndCannotForkOrExec) {
  EXPECT_EQ(LockedDown([&] {
              std::string r;
              if (StatusField("CapEff") != "0000000000000020") r += "CapEff\n";
              if (StatusField("NoNewPrivs") != "1") r += "NoNewPrivs\n";
              // What the monitor does all day still works: signalling
              // through a pidfd (here a bad one: EBADF, not SIGSYS).
              r += ExpectErrno(
                  "pidfd_send_signal",
                  syscall(SYS_pidfd_send_signal, -1, 0, nullptr, 0), EBADF);
              return r;
            }),
            "");
  for (long call : {SYS_fork, SYS_execve, SYS_setuid}) {
    int status = 0;
    LockedDown(
        [&] {
          if (call == SYS_execve) {
            syscall(SYS_execve, "/bin/true", nullptr, nullptr);
          } else {
            syscall(call, 0);
          }
          return std::string("survived\n");
        },
        &status);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
        << "syscall " << call << ": " << status;
  }
}

// G4: a compromised monitor (standing in: a process under the monitor's
// lockdown) cannot signal a process that is not its own ./run, neither by
// pid nor by getting a pidfd for it.
TEST_F(MonitorLockdownTest, CannotSignalAnotherProcess) {
  pid_t victim = fork();
  if (victim == 0) {
    pause();
    _exit(0);
  }
  ASSERT_GT(victim, 0);
  const std::function<void()> attacks[] = {
      [&] { kill(victim, SIGKILL); },
      [&] { syscall(SYS_tgkill, victim, victim, SIGKILL); },
      [&] { syscall(SYS_pidfd_open, victim, 0); },
  };
  ExpectEachKilledByTheFilter(attacks);
  // The victim lived through all of it.
  int status;
  EXPECT_EQ(waitpid(victim, &status, WNOHANG), 0);
  kill(victim, SIGKILL);
  waitpid(victim, &status, 0);
}

// Red-team N3: a compromised monitor (uid 0) made ./run setuid and
// world-writable and the service directory 0777 with fchmod, which
// Landlock does not cover. It has no fchmod (nor chmod) any more.
TEST_F(MonitorLockdownTest, CannotChangeModes) {
  const std::function<void()> attacks[] = {
      [] { fchmod(open("run", O_RDONLY), 04777); },
      [] { fchmod(open(".", O_RDONLY | O_DIRECTORY), 0777); },
      [] { syscall(SYS_fchmodat, AT_FDCWD, "run", 0777, 0); },
      [] { syscall(SYS_chmod, "run", 0777); },
  };
  ExpectEachKilledByTheFilter(attacks);
}

// F12: a compromised monitor is root with openat, write, rename and
// unlink; Landlock keeps it to its own directory.
TEST_F(MonitorLockdownTest, CannotTouchFilesOutsideItsDirectory) {
  if (sandbox::LandlockAbi() == 0) GTEST_SKIP() << "no Landlock here";
  std::string outside = root_ + "/outside";
  std::string report = LockedDown([&] {
    std::string r;
    r += ExpectErrno("read outside",
                     open((outside + "/secret").c_str(), O_RDONLY), EACCES);
    r += ExpectErrno("write outside",
                     open((outside + "/secret").c_str(), O_WRONLY), EACCES);
    r += ExpectErrno("create outside",
                     open((outside + "/poc").c_str(), O_WRONLY | O_CREAT, 0644),
                     EACCES);
    r += ExpectErrno("create ../poc", open("../poc", O_WRONLY | O_CREAT, 0644),
                     EACCES);
    r += ExpectErrno("read /etc/passwd", open("/etc/passwd", O_RDONLY), EACCES);
    // Nor can it loosen its own service: ./policy and ./run stay as root
    // wrote them.
    r += ExpectErrno("rewrite ./run", open("run", O_WRONLY | O_TRUNC), EACCES);
    r += ExpectErrno("rewrite ./policy", open("policy", O_WRONLY), EACCES);
    r +=
        ExpectErrno("remove ./policy", unlinkat(AT_FDCWD, "policy", 0), EACCES);
    r += ExpectErrno("create ./new", open("new", O_WRONLY | O_CREAT, 0644),
                     EACCES);
    r += ExpectErrno("replace ./policy",
                     renameat(AT_FDCWD, "supervise/status", AT_FDCWD, "policy"),
                     EACCES);
    return r;
  });
  EXPECT_EQ(report, "");
  struct stat info;
  EXPECT_NE(stat((outside + "/poc").c_str(), &info), 0);
  EXPECT_EQ(stat((service_ + "/policy").c_str(), &info), 0);
}

// Without Landlock the monitor says so once and runs on its seccomp
// filter alone.
TEST_F(MonitorLockdownTest, WithoutLandlockWarnsOnceAndGoesOn) {
  std::string err = root_ + "/stderr";
  std::string outside = root_ + "/outside/secret";
  int status = 0;
  std::string report = sandbox::RunInChild(
      [&] {
        int fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, 2) != 2 || chdir(service_.c_str()) != 0 ||
            !sandbox::FailSyscallWith(SYS_landlock_create_ruleset, ENOSYS)) {
          return std::string("setup\n");
        }
        common::SetProgramName("supervise");  // as supervise's main does
        LockDownMonitor();
        return ExpectErrno("read outside", open(outside.c_str(), O_RDONLY), 0);
      },
      &status);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(report, "");
  int fd = open(err.c_str(), O_RDONLY);
  char buffer[512] = {};
  ssize_t got = read(fd, buffer, sizeof(buffer) - 1);
  close(fd);
  EXPECT_EQ(std::string(buffer, got > 0 ? static_cast<size_t>(got) : 0),
            "supervise: warning: this kernel has no Landlock; the monitor "
            "keeps only its seccomp filter\n");
}

// Everything supervisor.cc does after the lockdown.
TEST_F(MonitorLockdownTest, StillDoesItsOwnWork) {
  pid_t parent = getpid();
  std::string report = LockedDown([&] {
    std::string r;
    r +=
        ExpectErrno("read restart-policy", open("restart-policy", O_RDONLY), 0);
    for (const char* name :
         {"supervise/status", "supervise/run.id", "supervise/deaths"}) {
      std::string fresh = std::string(name) + ".new";
      r += ExpectErrno(
          name, open(fresh.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), 0);
      r += ExpectErrno(name, write(open(fresh.c_str(), O_WRONLY), "x", 1), 0);
      r += ExpectErrno(name, renameat(AT_FDCWD, fresh.c_str(), AT_FDCWD, name),
                       0);
      r += ExpectErrno(name, open(name, O_WRONLY | O_TRUNC), 0);
    }
    r += ExpectErrno("unlink deaths", unlinkat(AT_FDCWD, "supervise/deaths", 0),
                     0);
    r += ExpectErrno(
        "refused",
        open("supervise/refused", O_WRONLY | O_CREAT | O_TRUNC, 0644), 0);
    r += ExpectErrno("unlink refused",
                     unlinkat(AT_FDCWD, "supervise/refused", 0), 0);
    std::string stat = "/proc/" + std::to_string(parent) + "/stat";
    r += ExpectErrno("read /proc/PID/stat", open(stat.c_str(), O_RDONLY), 0);
    r += ExpectErrno("read boot_id",
                     open("/proc/sys/kernel/random/boot_id", O_RDONLY), 0);
    return r;
  });
  EXPECT_EQ(report, "");
}

}  // namespace
}  // namespace supervise
