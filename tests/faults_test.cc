// Faults injected into real supervise and svscan processes: crash loops
// under a restart-policy, ./run exiting 100, status writes that fail,
// fork failing under RLIMIT_NPROC, descriptor exhaustion in svscan,
// floods of control bytes, a broken status file, a supervise/ symlink, a
// ./run that is a directory, and signals to supervise itself. Each test
// asserts what can be observed: how many ./run processes live, status
// bytes against /proc, and that supervise still answers svc.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <sstream>
#include <thread>

#include "tests/harness.h"

namespace tests {
namespace {

// Announces each start in ./starts, then sleeps.
constexpr char kCountingRun[] = "echo $$ >> starts\nexec sleep 100000";

// The highest descriptor number `pid` holds (below 256).
size_t HighestDescriptor(pid_t pid) {
  size_t highest = 0;
  for (size_t fd = 0; fd < 256; ++fd) {
    if (Exists("/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd))) {
      highest = fd;
    }
  }
  return highest;
}

// prlimit --pid PID SETTING, e.g. "--nofile=5:" (soft limit only).
bool Prlimit(pid_t pid, const std::string& setting) {
  return RunProgram({"/usr/bin/prlimit", "--pid", std::to_string(pid), setting})
             .exit_code == 0;
}

class FaultsTest : public testing::Test {
 protected:
  std::string service() const { return dir_ / "s"; }

  // `stderr_through_fifo`: stderr reaches dir/err through a FIFO and a
  // cat, for tests that limit supervise's file size (which would cut its
  // own messages in a plain file).
  pid_t StartSupervise(const std::vector<std::string>& prefix = {},
                       const std::string& program = "",
                       bool stderr_through_fifo = false) {
    std::vector<std::string> argv = prefix;
    argv.push_back(program.empty() ? ours_.supervise : program);
    argv.push_back(service());
    std::string err = dir_ / "err";
    if (stderr_through_fifo) {
      err = dir_ / "err.fifo";
      mkfifo(err.c_str(), 0600);
      group_.Start({"/bin/sh", "-c", "exec cat < err.fifo > err"}, dir_.path());
    }
    supervise_ = group_.Start(argv, "", "", err);
    EXPECT_TRUE(WaitUntil([&] {
      return RunProgram({ours_.svok, service()}).exit_code == 0;
    })) << "supervise did not come up: "
        << Stderr();
    return supervise_;
  }

  std::string Stderr() const { return ReadFile(dir_ / "err"); }

  std::string Svstat() { return RunProgram({ours_.svstat, service()}).out; }

  void Svc(const std::string& options) {
    RunResult result = RunProgram({ours_.svc, options, service()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
  }

  // The pids ./run has announced that are still alive.
  std::vector<pid_t> LiveRuns(const std::string& dir = "") {
    std::vector<pid_t> live;
    std::istringstream starts(
        ReadFile((dir.empty() ? service() : dir) + "/starts"));
    for (pid_t pid; starts >> pid;) {
      if (ProcessAlive(pid)) live.push_back(pid);
    }
    return live;
  }

  size_t Starts() {
    std::istringstream starts(ReadFile(service() + "/starts"));
    size_t count = 0;
    for (pid_t pid; starts >> pid;) ++count;
    return count;
  }

  // Exactly one ./run alive, and the status names it.
  bool UpExactlyOnce() {
    std::vector<pid_t> live = LiveRuns();
    auto status = ReadStatus(service());
    return live.size() == 1 && status &&
           status->pid == static_cast<uint32_t>(live[0]);
  }

  void TearDown() override {
    for (pid_t pid : LiveRuns()) group_.Adopt(pid);
    group_.KillAll();
    KillProcessesUnder(dir_.path());
  }

  Suite ours_ = OurSuite();
  TempDir dir_{"/tmp"};
  ProcessGroup group_;
  pid_t supervise_ = -1;
};

TEST_F(FaultsTest, CrashLoopBacksOffThenGivesUpUntilUp) {
  MakeService(service(), "echo $$ >> starts\nexit 1");
  WriteFile(service() + "/restart-policy", "backoff 1500 3000\ngive_up 3 60\n");
  StartSupervise();
  ASSERT_TRUE(WaitUntil(
      [&] {
        return Svstat().find("given up after 3 deaths") != std::string::npos;
      },
      15000))
      << Svstat() << Stderr();
  EXPECT_EQ(Starts(), 3u);
  std::string line = Svstat();
  EXPECT_NE(line.find(": down "), std::string::npos) << line;
  EXPECT_NE(line.find("normally up"), std::string::npos) << line;
  // Starts at 0, after a 1.5 s backoff, after a 3 s one: at least 4.5 s.
  struct stat info;
  ASSERT_EQ(stat((service() + "/starts").c_str(), &info), 0);
  // Nothing restarts it any more.
  EXPECT_FALSE(WaitUntil([&] { return Starts() > 3; }, 1500));
  // An operator's u starts it again and clears the tally.
  Svc("-u");
  ASSERT_TRUE(WaitUntil([&] { return Starts() == 4; }));
  EXPECT_TRUE(WaitUntil([&] {
    return Svstat().find("given up") == std::string::npos;
  })) << Svstat();
}

TEST_F(FaultsTest, BackoffSpacesRestarts) {
  MakeService(service(), "date +%s%N >> times\necho $$ >> starts\nexit 1");
  WriteFile(service() + "/restart-policy", "backoff 1200 2400\n");
  StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return Starts() >= 4; }, 15000)) << Stderr();
  std::istringstream times(ReadFile(service() + "/times"));
  std::vector<int64_t> stamps;
  for (int64_t stamp; times >> stamp;) stamps.push_back(stamp);
  ASSERT_GE(stamps.size(), 4u);
  // Gaps: about 1.2 s, then 2.4 s twice (doubling, capped).
  EXPECT_GE(stamps[1] - stamps[0], 1150'000'000);
  EXPECT_GE(stamps[2] - stamps[1], 2350'000'000);
  EXPECT_GE(stamps[3] - stamps[2], 2350'000'000);
  EXPECT_LT(stamps[3] - stamps[2], 3500'000'000);
  EXPECT_NE(Svstat().find("recent death"), std::string::npos) << Svstat();
}

TEST_F(FaultsTest, StaleDeathsFileIsRemovedWithoutAPolicy) {
  MakeService(service(), kCountingRun);
  MakeDir(service() + "/supervise");
  WriteFile(service() + "/supervise/deaths", "7 given-up\n");
  StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
  EXPECT_TRUE(
      WaitUntil([&] { return !Exists(service() + "/supervise/deaths"); }));
  EXPECT_EQ(Svstat().find("given up"), std::string::npos) << Svstat();
}

TEST_F(FaultsTest, ExitCode100IsNotRestarted) {
  MakeService(service(), "echo $$ >> starts\nexit 100");
  StartSupervise();
  ASSERT_TRUE(WaitUntil([&] {
    auto status = ReadStatus(service());
    return Starts() == 1 && status && status->pid == 0 && status->want == 'd';
  }));
  EXPECT_FALSE(WaitUntil([&] { return Starts() > 1; }, 1500));
  EXPECT_NE(Svstat().find("normally up"), std::string::npos);
  // Still under control: u runs it again.
  Svc("-u");
  EXPECT_TRUE(WaitUntil([&] { return Starts() == 2; }));
}

TEST_F(FaultsTest, FailedStatusWritesAreRetriedUntilTheyWork) {
  MakeService(service(), kCountingRun);
  StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
  // A directory where status.new must go: every status write fails.
  MakeDir(service() + "/supervise/status.new");
  Svc("-d");
  ASSERT_TRUE(WaitUntil([&] { return LiveRuns().empty(); }));
  ASSERT_TRUE(WaitUntil([&] {
    return Stderr().find("supervise: warning: unable to open " + service() +
                         "/supervise/status.new: is a directory") !=
           std::string::npos;
  }));
  EXPECT_NE(ReadStatus(service())->pid, 0u);  // stale, as it could not write
  EXPECT_EQ(RunProgram({ours_.svok, service()}).exit_code, 0);
  ASSERT_EQ(rmdir((service() + "/supervise/status.new").c_str()), 0);
  // Rewritten without any new event, and true again.
  ASSERT_TRUE(WaitUntil([&] { return ReadStatus(service())->pid == 0; }, 5000));
  EXPECT_EQ(ReadStatus(service())->want, 'd');
  Svc("-u");
  EXPECT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
}

TEST_F(FaultsTest, ReadOnlySuperviseDirectoryIsSurvived) {
  MakeService(service(), kCountingRun);
  // Mounted before supervise starts: supervise holds a descriptor for
  // supervise/, so it writes to the mount it opened.
  std::string state = service() + "/supervise";
  MakeDir(state);
  ASSERT_EQ(chmod(state.c_str(), 0700), 0);
  ScopedMount bind(state, state, "", MS_BIND);
  if (!bind.ok()) GTEST_SKIP() << "cannot bind-mount here (needs root)";
  StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
  ASSERT_TRUE(bind.RemountBind(MS_RDONLY));
  Svc("-d");
  ASSERT_TRUE(WaitUntil([&] { return LiveRuns().empty(); }));
  ASSERT_TRUE(WaitUntil([&] {
    return Stderr().find("status.new: read-only file system") !=
           std::string::npos;
  })) << Stderr();
  EXPECT_EQ(RunProgram({ours_.svok, service()}).exit_code, 0);
  ASSERT_TRUE(bind.RemountBind(0));
  EXPECT_TRUE(WaitUntil([&] { return ReadStatus(service())->pid == 0; }, 5000));
  Svc("-u");
  EXPECT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
}

TEST_F(FaultsTest, FileSizeLimitFailsStatusWritesWithoutKillingSupervise) {
  if (!Exists("/usr/bin/prlimit")) GTEST_SKIP() << "prlimit not installed";
  MakeService(service(), kCountingRun);
  pid_t supervise = StartSupervise({}, "", /*stderr_through_fifo=*/true);
  ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
  ASSERT_TRUE(Prlimit(supervise, "--fsize=4:unlimited"));
  Svc("-k");  // the restart needs a status write
  ASSERT_TRUE(WaitUntil([&] {
    return Stderr().find("status.new: file too large") != std::string::npos ||
           Stderr().find("status.new: file too big") != std::string::npos ||
           Stderr().find("partial write") != std::string::npos;
  })) << Stderr();
  EXPECT_TRUE(ProcessAlive(supervise));
  ASSERT_TRUE(Prlimit(supervise, "--fsize=unlimited:unlimited"));
  EXPECT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }, 5000));
  EXPECT_EQ(Starts(), 2u);
}

TEST_F(FaultsTest, OutOfDescriptorsSuperviseKeepsGoing) {
  if (!Exists("/usr/bin/prlimit")) GTEST_SKIP() << "prlimit not installed";
  MakeService(service(), kCountingRun);
  pid_t supervise = StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
  ASSERT_TRUE(Prlimit(
      supervise,
      "--nofile=" + std::to_string(HighestDescriptor(supervise) + 1) + ":"));
  Svc("-k");  // the restart needs a status file opened
  ASSERT_TRUE(WaitUntil([&] {
    return Stderr().find("status.new: process cannot open more files") !=
           std::string::npos;
  })) << Stderr();
  EXPECT_TRUE(ProcessAlive(supervise));
  EXPECT_TRUE(WaitUntil([&] { return LiveRuns().size() == 1; }));
  ASSERT_TRUE(Prlimit(supervise, "--nofile=1024:"));
  EXPECT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }, 5000));
  EXPECT_EQ(Starts(), 2u);
}

TEST_F(FaultsTest, ForkFailureIsRetriedUntilProcessesAreAllowed) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to run as another user";
  if (!Exists("/usr/bin/prlimit") || !Exists("/usr/bin/setpriv")) {
    GTEST_SKIP() << "prlimit or setpriv not installed";
  }
  // RLIMIT_NPROC counts every process of the uid on the host: a uid no
  // account and no other test uses, so that nothing else is counted.
  const std::string uid = "61917";
  const std::vector<std::string> as_uid = {"/usr/bin/setpriv", "--reuid=" + uid,
                                           "--regid=" + uid, "--clear-groups",
                                           "--"};
  MakeService(service(), kCountingRun);
  // A copy nobody can execute (the build tree is private to root).
  std::string supervise = dir_ / "supervise";
  WriteFile(supervise, ReadFile(ours_.supervise), 0755);
  ASSERT_EQ(RunProgram({"chown", "-R", uid + ":" + uid, dir_.path()}).exit_code,
            0);
  // RLIMIT_NPROC of 2 for that uid: supervise and its spawner, no ./run.
  std::vector<std::string> command = {"/usr/bin/prlimit", "--nproc=2:", "--"};
  command.insert(command.end(), as_uid.begin(), as_uid.end());
  StartSupervise(command, supervise);
  ASSERT_TRUE(WaitUntil(
      [&] {
        return Stderr().find("supervise: warning: unable to fork for " +
                             service() + ", trying again in 5 seconds: ") !=
               std::string::npos;
      },
      10000))
      << Stderr();
  EXPECT_TRUE(LiveRuns().empty());
  EXPECT_EQ(RunProgram({ours_.svok, service()}).exit_code, 0);
  // Processes allowed again (the soft limit raised by the uid itself: root
  // without CAP_SYS_RESOURCE may not touch another user's limits): within
  // the retry interval it starts, once.
  for (pid_t pid : ProcessesUnder(service())) {
    std::vector<std::string> raise = as_uid;
    raise.insert(raise.end(), {"/usr/bin/prlimit", "--pid", std::to_string(pid),
                               "--nproc=4096:"});
    RunProgram(raise);
  }
  EXPECT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }, 10000)) << Stderr();
}

TEST_F(FaultsTest, SvscanOutOfDescriptorsRecoversByItself) {
  if (!Exists("/usr/bin/prlimit")) GTEST_SKIP() << "prlimit not installed";
  std::string scan = dir_ / "scan";
  MakeDir(scan);
  pid_t svscan = group_.Start(OurSvscanCommand(scan), scan, "", dir_ / "err");
  ASSERT_TRUE(WaitUntil([&] { return ProcessAlive(svscan); }));
  ASSERT_TRUE(WaitUntil(
      [&] { return Exists("/proc/" + std::to_string(svscan) + "/fd/3"); }));
  // No descriptor number above those it holds now: a log pipe cannot be
  // made.
  ASSERT_TRUE(Prlimit(
      svscan,
      "--nofile=" + std::to_string(HighestDescriptor(svscan) + 1) + ":"));
  std::string staging = dir_ / "staging";
  MakeService(staging, "echo $$ >> starts\nexec sleep 100000");
  MakeService(staging + "/log", "exec cat > /dev/null");
  ASSERT_EQ(rename(staging.c_str(), (scan + "/s").c_str()), 0);
  ASSERT_TRUE(WaitUntil([&] {
    // Whichever step runs out first: reading the directory or the pipe.
    return Stderr().find("process cannot open more files") != std::string::npos;
  })) << Stderr();
  EXPECT_TRUE(ProcessAlive(svscan));
  ASSERT_TRUE(Prlimit(svscan, "--nofile=1024:"));
  EXPECT_TRUE(
      WaitUntil([&] { return LiveRuns(scan + "/s").size() == 1; }, 5000))
      << Stderr();
  EXPECT_TRUE(WaitUntil([&] {
    return RunProgram({ours_.svok, scan + "/s/log"}).exit_code == 0;
  }));
}

// Writes `bytes` into the control FIFO from several writers at once.
void Flood(const std::string& control, const std::string& bytes, int writers) {
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      int fd = open(control.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0) return;
      size_t part = bytes.size() / static_cast<size_t>(writers);
      std::string_view mine(bytes.data() + part * static_cast<size_t>(w), part);
      while (!mine.empty()) {
        ssize_t wrote =
            write(fd, mine.data(), std::min<size_t>(mine.size(), 512));
        if (wrote <= 0) break;
        mine.remove_prefix(static_cast<size_t>(wrote));
      }
      close(fd);
    });
  }
  for (std::thread& thread : threads) thread.join();
}

double CpuSeconds(pid_t pid) {
  std::istringstream stat(ReadFile("/proc/" + std::to_string(pid) + "/stat"));
  std::string field;
  double ticks = 0;
  for (int i = 1; i <= 15 && stat >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

TEST_F(FaultsTest, ControlFloodOfUnknownBytesChangesNothing) {
  MakeService(service(), kCountingRun);
  pid_t supervise = StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
  std::string known = "udopchaitkxq12w";
  std::mt19937 random(7);
  std::string bytes;
  while (bytes.size() < (4u << 20)) {
    char c = static_cast<char>(random());
    if (known.find(c) == std::string::npos) bytes += c;
  }
  Flood(service() + "/supervise/control", bytes, 4);
  EXPECT_TRUE(ProcessAlive(supervise));
  EXPECT_TRUE(UpExactlyOnce());
  EXPECT_EQ(Starts(), 1u);
  // Served and idle again: no busy loop left behind.
  double before = CpuSeconds(supervise);
  Svc("-t");
  EXPECT_TRUE(WaitUntil([&] { return Starts() == 2 && UpExactlyOnce(); }));
  EXPECT_FALSE(
      WaitUntil([&] { return CpuSeconds(supervise) - before > 0.2; }, 1000));
}

TEST_F(FaultsTest, ControlFloodOfCommandsEndsAsTheLastCommandSays) {
  MakeService(service(), kCountingRun);
  pid_t supervise = StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
  std::string commands = "udopchaitkq12w";  // everything but exit
  std::mt19937 random(11);
  std::string bytes;
  for (int i = 0; i < (1 << 20); ++i) {
    bytes += random() % 2 ? commands[random() % commands.size()]
                          : static_cast<char>(random());
  }
  bytes.erase(std::remove(bytes.begin(), bytes.end(), 'x'), bytes.end());
  Flood(service() + "/supervise/control", bytes, 4);
  EXPECT_TRUE(ProcessAlive(supervise));
  Svc("-cu");
  EXPECT_TRUE(WaitUntil([&] { return UpExactlyOnce(); })) << Svstat();
  Svc("-d");
  EXPECT_TRUE(WaitUntil([&] { return LiveRuns().empty(); }));
  EXPECT_TRUE(WaitUntil([&] { return ReadStatus(service())->pid == 0; }));
  EXPECT_EQ(RunProgram({ours_.svok, service()}).exit_code, 0);
}

TEST_F(FaultsTest, BrokenStatusFileIsRepaired) {
  MakeService(service(), kCountingRun);
  StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
  std::string status = service() + "/supervise/status";
  WriteFile(status, "garbage");
  EXPECT_NE(Svstat().find("bad format"), std::string::npos) << Svstat();
  Svc("-t");  // the next change rewrites it
  EXPECT_TRUE(WaitUntil([&] { return Starts() == 2 && UpExactlyOnce(); }));
  // Replaced by a directory: writes fail until it is gone.
  ASSERT_EQ(unlink(status.c_str()), 0);
  MakeDir(status);
  Svc("-t");
  ASSERT_TRUE(WaitUntil([&] { return Starts() == 3; }));
  ASSERT_TRUE(WaitUntil([&] {
    return Stderr().find("status.new to status: is a directory") !=
           std::string::npos;
  })) << Stderr();
  ASSERT_EQ(rmdir(status.c_str()), 0);
  EXPECT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }, 5000));
}

TEST_F(FaultsTest, SuperviseDirectoryMayBeASymlinkButNotShared) {
  std::string elsewhere = dir_ / "run-state";
  MakeDir(elsewhere);
  MakeService(service(), kCountingRun);
  ASSERT_EQ(symlink(elsewhere.c_str(), (service() + "/supervise").c_str()), 0);
  StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
  EXPECT_TRUE(Exists(elsewhere + "/status"));
  // A second service pointing at the same place is refused, clearly.
  std::string other = dir_ / "t";
  MakeService(other, kCountingRun);
  ASSERT_EQ(symlink(elsewhere.c_str(), (other + "/supervise").c_str()), 0);
  RunResult second = RunProgram({ours_.supervise, other}, "", 3000);
  EXPECT_EQ(second.exit_code, 111);
  EXPECT_EQ(second.err, "supervise: fatal: unable to acquire " + other +
                            "/supervise/lock: temporary failure\n");
  EXPECT_TRUE(UpExactlyOnce());
}

TEST_F(FaultsTest, RunThatIsADirectoryIsRetriedAtTheUsualPace) {
  MakeDir(service());
  MakeDir(service() + "/run");
  pid_t supervise = StartSupervise();
  ASSERT_TRUE(WaitUntil([&] {
    return Stderr().find("supervise: fatal: unable to start " + service() +
                         "/run: ") != std::string::npos;
  })) << Stderr();
  // One attempt a second, not a busy loop.
  double before = CpuSeconds(supervise);
  EXPECT_FALSE(
      WaitUntil([&] { return CpuSeconds(supervise) - before > 0.3; }, 2000));
  EXPECT_EQ(RunProgram({ours_.svok, service()}).exit_code, 0);
  ASSERT_EQ(rmdir((service() + "/run").c_str()), 0);
  WriteFile(service() + "/run", std::string("#!/bin/sh\n") + kCountingRun,
            0755);
  EXPECT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }, 5000));
}

TEST_F(FaultsTest, TermAndIntStopTheServiceThenSupervise) {
  for (int signal_number : {SIGTERM, SIGINT}) {
    MakeService(service(), kCountingRun);
    pid_t supervise = StartSupervise();
    ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
    pid_t run = LiveRuns()[0];
    kill(supervise, signal_number);
    std::optional<int> status = group_.Wait(supervise, 5000);
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0);
    EXPECT_TRUE(WaitUntil([&] { return !ProcessAlive(run); }));
    EXPECT_EQ(ReadStatus(service())->pid, 0u);
    ASSERT_EQ(RunProgram({"rm", "-rf", service()}).exit_code, 0);
  }
}

TEST_F(FaultsTest, HupReadsTheRestartPolicyAgain) {
  MakeService(service(), kCountingRun);
  pid_t supervise = StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
  WriteFile(service() + "/restart-policy", "give_up 1 60\n");
  kill(supervise, SIGHUP);
  ASSERT_TRUE(
      WaitUntil([&] { return Exists(service() + "/supervise/deaths"); }));
  EXPECT_TRUE(UpExactlyOnce());  // HUP leaves the service alone
  kill(LiveRuns()[0], SIGKILL);
  EXPECT_TRUE(WaitUntil([&] {
    return Svstat().find("given up after 1 deaths") != std::string::npos;
  })) << Svstat();
  EXPECT_FALSE(WaitUntil([&] { return Starts() > 1; }, 1500));
  // A policy that does not parse is reported and the old one kept.
  WriteFile(service() + "/restart-policy", "give_up often\n");
  kill(supervise, SIGHUP);
  EXPECT_TRUE(WaitUntil([&] {
    return Stderr().find("restart-policy line 1: give_up needs") !=
           std::string::npos;
  })) << Stderr();
}

TEST_F(FaultsTest, StoppedSuperviseLosesNoChildExit) {
  MakeService(service(), kCountingRun);
  pid_t supervise = StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(); }));
  kill(supervise, SIGSTOP);
  ASSERT_TRUE(WaitUntil([&] { return ReadProcStat(supervise)->state == 'T'; }));
  pid_t run = LiveRuns()[0];
  kill(run, SIGKILL);
  ASSERT_TRUE(WaitUntil([&] { return !ProcessAlive(run); }));
  kill(supervise, SIGCONT);
  EXPECT_TRUE(WaitUntil([&] { return Starts() == 2 && UpExactlyOnce(); }));
  EXPECT_NE(ReadStatus(service())->pid, static_cast<uint32_t>(run));
}

}  // namespace
}  // namespace tests
