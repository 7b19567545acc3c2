// supervise driven from outside, as an operator would: real processes in a
// temporary service directory, observed through /proc, signals recorded by
// a trapping run script, and the status bytes. Parametrised over our suite
// and the reference daemontools, so each expectation is also checked
// against the original.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/harness.h"

namespace tests {
namespace {

// Records every catchable signal of interest, one name per line.
// It writes its pid to ./pids only once the traps are in place.
constexpr char kTrappingRun[] =
    R"(for s in HUP ALRM INT QUIT USR1 USR2 WINCH CONT; do
  trap "echo $s >> signals" $s
done
trap 'echo TERM >> signals; exit 0' TERM
echo $$ >> pids
while :; do sleep 0.02; done)";

class SuperviseTest : public testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam() && !ReferenceInstalled()) {
      GTEST_SKIP() << "reference daemontools not installed (make deps)";
    }
    suite_ = GetParam() ? ReferenceSuite() : OurSuite();
  }
  bool reference() const { return GetParam(); }

  std::string service() const { return dir_ / "s"; }

  pid_t StartSupervise() {
    pid_t pid = processes_.Start({suite_.supervise, service()}, "",
                                 dir_ / "out", dir_ / "err");
    EXPECT_TRUE(WaitUntil([&] {
      return RunProgram({suite_.svok, service()}).exit_code == 0;
    })) << "supervise did not come up";
    return pid;
  }

  uint32_t CurrentPid() {
    auto status = ReadStatus(service());
    return status ? status->pid : 0;
  }

  // Waits for the status to show a running ./run other than `previous`
  // that has announced itself in ./pids (if the script does), adopts it for
  // cleanup and returns it.
  uint32_t WaitForNewPid(uint32_t previous, bool announced = true) {
    uint32_t pid = 0;
    EXPECT_TRUE(WaitUntil([&] {
      pid = CurrentPid();
      if (pid == 0 || pid == previous || !ProcessAlive(pid)) return false;
      if (!announced) return true;
      std::string pids = ReadFile(service() + "/pids");
      return pids.find(std::to_string(pid) + "\n") != std::string::npos;
    })) << "no new ./run";
    processes_.Adopt(static_cast<pid_t>(pid));
    return pid;
  }

  void Svc(const std::string& options) {
    RunResult result = RunProgram({suite_.svc, options, service()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
  }

  bool SignalRecorded(const std::string& name) {
    std::string signals = ReadFile(service() + "/signals");
    return signals.find(name + "\n") != std::string::npos;
  }

  Suite suite_;
  TempDir dir_;
  ProcessGroup processes_;
};

TEST_P(SuperviseTest, CreatesTheSuperviseDirectoryWithDaemontoolsModes) {
  MakeService(service(), kTrappingRun);
  StartSupervise();
  uint32_t pid = WaitForNewPid(0);
  struct stat info;
  ASSERT_EQ(stat((service() + "/supervise").c_str(), &info), 0);
  EXPECT_TRUE(S_ISDIR(info.st_mode));
  EXPECT_EQ(info.st_mode & 07777, 0700u);
  for (const char* fifo : {"control", "ok"}) {
    ASSERT_EQ(stat((service() + "/supervise/" + fifo).c_str(), &info), 0);
    EXPECT_TRUE(S_ISFIFO(info.st_mode)) << fifo;
    EXPECT_EQ(info.st_mode & 07777, 0600u) << fifo;
  }
  ASSERT_EQ(stat((service() + "/supervise/lock").c_str(), &info), 0);
  EXPECT_EQ(info.st_size, 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  ASSERT_EQ(stat((service() + "/supervise/status").c_str(), &info), 0);
  EXPECT_EQ(info.st_size, 18);
  EXPECT_EQ(info.st_mode & 07777, 0644u);

  auto status = ReadStatus(service());
  ASSERT_TRUE(status);
  EXPECT_EQ(status->pid, pid);
  EXPECT_EQ(status->want, 'u');
  EXPECT_EQ(status->paused, 0);
  // ./run is a direct child of supervise, in supervise's directory.
  auto proc = ReadProcStat(static_cast<pid_t>(pid));
  ASSERT_TRUE(proc);
  EXPECT_NE(proc->ppid, 0);
  EXPECT_EQ(ReadFile(service() + "/pids"), std::to_string(pid) + "\n");
}

TEST_P(SuperviseTest, DownFileKeepsTheServiceDownUntilUp) {
  MakeService(service(), kTrappingRun, /*down=*/true);
  StartSupervise();
  auto status = ReadStatus(service());
  ASSERT_TRUE(status);
  EXPECT_EQ(status->pid, 0u);
  EXPECT_EQ(status->want, 'd');
  EXPECT_FALSE(Exists(service() + "/pids"));
  Svc("-u");
  uint32_t pid = WaitForNewPid(0);
  EXPECT_EQ(ReadStatus(service())->want, 'u');
  EXPECT_TRUE(ProcessAlive(static_cast<pid_t>(pid)));
}

TEST_P(SuperviseTest, PauseAndContinueStopAndResumeTheProcess) {
  MakeService(service(), kTrappingRun);
  StartSupervise();
  pid_t pid = static_cast<pid_t>(WaitForNewPid(0));
  Svc("-p");
  EXPECT_TRUE(WaitUntil([&] {
    auto proc = ReadProcStat(pid);
    return proc && proc->state == 'T';
  }));
  EXPECT_TRUE(WaitUntil([&] { return ReadStatus(service())->paused == 1; }));
  Svc("-c");
  EXPECT_TRUE(WaitUntil([&] {
    auto proc = ReadProcStat(pid);
    return proc && proc->state != 'T';
  }));
  EXPECT_TRUE(WaitUntil([&] { return ReadStatus(service())->paused == 0; }));
  EXPECT_TRUE(WaitUntil([&] { return SignalRecorded("CONT"); }));
}

TEST_P(SuperviseTest, SignalLettersDeliverTheirSignals) {
  MakeService(service(), kTrappingRun);
  StartSupervise();
  pid_t pid = static_cast<pid_t>(WaitForNewPid(0));
  const std::pair<const char*, const char*> letters[] = {
      {"-h", "HUP"}, {"-a", "ALRM"}, {"-i", "INT"}};
  for (auto [option, name] : letters) {
    Svc(option);
    EXPECT_TRUE(WaitUntil([&] { return SignalRecorded(name); })) << name;
  }
  // None of them restarted or stopped the service.
  EXPECT_EQ(CurrentPid(), static_cast<uint32_t>(pid));
  EXPECT_TRUE(ProcessAlive(pid));
}

TEST_P(SuperviseTest, ExtendedLettersDeliverQuitUsr1Usr2Winch) {
  if (reference()) GTEST_SKIP() << "0.76 has no q 1 2 w";
  MakeService(service(), kTrappingRun);
  StartSupervise();
  WaitForNewPid(0);
  const std::pair<const char*, const char*> letters[] = {
      {"-q", "QUIT"}, {"-1", "USR1"}, {"-2", "USR2"}, {"-w", "WINCH"}};
  for (auto [option, name] : letters) {
    Svc(option);
    EXPECT_TRUE(WaitUntil([&] { return SignalRecorded(name); })) << name;
  }
}

TEST_P(SuperviseTest, TermAndKillRestartAWantedService) {
  MakeService(service(), kTrappingRun);
  StartSupervise();
  uint32_t first = WaitForNewPid(0);
  Svc("-t");
  uint32_t second = WaitForNewPid(first);
  EXPECT_TRUE(SignalRecorded("TERM"));
  EXPECT_FALSE(ProcessAlive(static_cast<pid_t>(first)));
  Svc("-k");
  uint32_t third = WaitForNewPid(second);
  EXPECT_FALSE(ProcessAlive(static_cast<pid_t>(second)));
  EXPECT_EQ(ReadStatus(service())->want, 'u');
  EXPECT_NE(third, 0u);
}

TEST_P(SuperviseTest, DownStopsAndDoesNotRestart) {
  MakeService(service(), kTrappingRun);
  StartSupervise();
  pid_t pid = static_cast<pid_t>(WaitForNewPid(0));
  Svc("-d");
  EXPECT_TRUE(WaitUntil([&] { return !ProcessAlive(pid); }));
  EXPECT_TRUE(WaitUntil([&] { return CurrentPid() == 0; }));
  auto status = ReadStatus(service());
  EXPECT_EQ(status->want, 'd');
  EXPECT_TRUE(SignalRecorded("TERM"));
  // Still down a while later: count the starts.
  usleep(300 * 1000);
  EXPECT_EQ(ReadFile(service() + "/pids"), std::to_string(pid) + "\n");
}

TEST_P(SuperviseTest, OnceRunsOneTimeAndClearsTheWish) {
  MakeService(service(), kTrappingRun, /*down=*/true);
  StartSupervise();
  Svc("-o");
  pid_t pid = static_cast<pid_t>(WaitForNewPid(0));
  EXPECT_EQ(ReadStatus(service())->want, 0);
  Svc("-k");
  EXPECT_TRUE(WaitUntil([&] { return CurrentPid() == 0; }));
  EXPECT_FALSE(ProcessAlive(pid));
  auto status = ReadStatus(service());
  EXPECT_EQ(status->want, 0);
  EXPECT_EQ(ReadFile(service() + "/pids"), std::to_string(pid) + "\n");
}

TEST_P(SuperviseTest, ExitWaitsForTheServiceThenExitsZero) {
  MakeService(service(), kTrappingRun);
  pid_t supervise = StartSupervise();
  pid_t pid = static_cast<pid_t>(WaitForNewPid(0));
  Svc("-x");
  // x alone does not stop the service.
  usleep(200 * 1000);
  EXPECT_TRUE(ProcessAlive(pid));
  EXPECT_TRUE(ProcessAlive(supervise));
  Svc("-d");
  std::optional<int> status = processes_.Wait(supervise, 10000);
  ASSERT_TRUE(status) << "supervise did not exit";
  EXPECT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 0);
  EXPECT_FALSE(ProcessAlive(pid));
  EXPECT_EQ(RunProgram({suite_.svok, service()}).exit_code, 100);
}

TEST_P(SuperviseTest, SecondSuperviseIsRefusedAndChangesNothing) {
  MakeService(service(), kTrappingRun);
  StartSupervise();
  uint32_t pid = WaitForNewPid(0);
  std::string before = ReadFile(service() + "/supervise/status");
  RunResult second = RunProgram({suite_.supervise, service()});
  EXPECT_EQ(second.exit_code, 111);
  EXPECT_EQ(second.err, "supervise: fatal: unable to acquire " + service() +
                            "/supervise/lock: temporary failure\n");
  EXPECT_EQ(ReadFile(service() + "/supervise/status"), before);
  EXPECT_EQ(CurrentPid(), pid);
}

TEST_P(SuperviseTest, UnrunnableRunIsReportedAndRetried) {
  MakeDir(service());
  StartSupervise();
  // No run at all: the child reports and exits 111; supervise retries.
  std::string expected = "supervise: fatal: unable to start " + service() +
                         "/run: file does not exist\n";
  EXPECT_TRUE(WaitUntil([&] {
    std::string err = ReadFile(dir_ / "err");
    return err.find(expected) != err.rfind(expected);  // at least twice
  }));
  // Not executable.
  WriteFile(service() + "/run", "#!/bin/sh\nexec sleep 100\n", 0644);
  EXPECT_TRUE(WaitUntil([&] {
    return ReadFile(dir_ / "err").find("/run: access denied\n") !=
           std::string::npos;
  }));
  // No interpreter line.
  WriteFile(service() + "/run", "exec sleep 100\n", 0755);
  EXPECT_TRUE(WaitUntil([&] {
    return ReadFile(dir_ / "err").find("/run: exec format error\n") !=
           std::string::npos;
  }));
  // Once fixed, it runs.
  WriteFile(service() + "/run", "#!/bin/sh\nexec sleep 100\n", 0755);
  WaitForNewPid(0, /*announced=*/false);
}

TEST_P(SuperviseTest, UsageAndStartupErrors) {
  RunResult none = RunProgram({suite_.supervise});
  EXPECT_EQ(none.exit_code, 100);
  EXPECT_EQ(none.err, "supervise: usage: supervise dir\n");
  RunResult two = RunProgram({suite_.supervise, "a", "b"});
  EXPECT_EQ(two.exit_code, 100);
  EXPECT_EQ(two.err, "supervise: usage: supervise dir\n");
  RunResult missing = RunProgram({suite_.supervise, dir_ / "nonexistent"});
  EXPECT_EQ(missing.exit_code, 111);
  EXPECT_EQ(missing.err, "supervise: fatal: unable to chdir to " +
                             (dir_ / "nonexistent") +
                             ": file does not exist\n");
  MakeDir(service());
  WriteFile(service() + "/supervise", "");
  RunResult file = RunProgram({suite_.supervise, service()});
  EXPECT_EQ(file.exit_code, 111);
  EXPECT_EQ(file.err, "supervise: fatal: unable to acquire " + service() +
                          "/supervise/lock: not a directory\n");
}

TEST_P(SuperviseTest, DanglingSuperviseSymlinkIsFollowed) {
  MakeService(service(), "exec sleep 100");
  ASSERT_EQ(
      symlink((dir_ / "elsewhere").c_str(), (service() + "/supervise").c_str()),
      0);
  StartSupervise();
  WaitForNewPid(0, /*announced=*/false);
  EXPECT_TRUE(Exists(dir_ / "elsewhere/status"));
}

INSTANTIATE_TEST_SUITE_P(Suites, SuperviseTest, testing::Values(false, true),
                         [](const testing::TestParamInfo<bool>& info) {
                           return info.param ? "daemontools" : "ours";
                         });

// Behaviour where we deliberately differ from 0.76.
class SuperviseImprovementTest : public testing::Test {
 protected:
  TempDir dir_;
  ProcessGroup processes_;
  Suite ours_ = OurSuite();
};

TEST_F(SuperviseImprovementTest, ControlThatIsNotAFifoIsRefused) {
  std::string service = dir_ / "s";
  MakeService(service, "exec sleep 100");
  MakeDir(service + "/supervise");
  WriteFile(service + "/supervise/control", "");
  RunResult result = RunProgram({ours_.supervise, service}, "", 5000);
  EXPECT_EQ(result.exit_code, 111);
  EXPECT_EQ(result.err, "supervise: fatal: unable to read " + service +
                            "/supervise/control: not a FIFO; remove it and "
                            "start supervise again\n");
}

// A rewrite renames a new file over supervise/status. A hard link to the
// old file shows whether that happened: its link count drops to 1.
bool StatusReplacedSince(const std::string& keep) {
  struct stat info;
  if (stat(keep.c_str(), &info) != 0) return true;
  return info.st_nlink == 1;
}

void KeepStatus(const std::string& service, const std::string& keep) {
  unlink(keep.c_str());
  ASSERT_EQ(link((service + "/supervise/status").c_str(), keep.c_str()), 0);
}

TEST_F(SuperviseImprovementTest, UnchangedStatusIsNotRewritten) {
  std::string service = dir_ / "s";
  std::string keep = dir_ / "kept-status";
  MakeService(service,
              "trap 'echo >> usr1' USR1; echo $$ > ready\n"
              "while :; do sleep 0.02; done",
              /*down=*/true);
  processes_.Start({ours_.supervise, service});
  ASSERT_TRUE(WaitUntil([&] {
    return RunProgram({ours_.svok, service}).exit_code == 0;
  }));
  KeepStatus(service, keep);
  // Already down and wanting down, and paused is not shown while down:
  // neither d nor p changes a byte. The u after them does, which proves
  // they were read.
  ASSERT_EQ(RunProgram({ours_.svc, "-d", service}).exit_code, 0);
  ASSERT_EQ(RunProgram({ours_.svc, "-p", service}).exit_code, 0);
  ASSERT_EQ(RunProgram({ours_.svc, "-u", service}).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] {
    auto status = ReadStatus(service);
    return status && status->pid != 0 && Exists(service + "/ready");
  }));
  processes_.Adopt(static_cast<pid_t>(ReadStatus(service)->pid));
  EXPECT_TRUE(StatusReplacedSince(keep));

  // u (already up) and c (not paused) change nothing either. USR1, sent
  // in the same write, is trapped by ./run: once it arrives, u and c have
  // been handled.
  KeepStatus(service, keep);
  ASSERT_EQ(RunProgram({ours_.svc, "-uc1", service}).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] { return Exists(service + "/usr1"); }));
  EXPECT_FALSE(StatusReplacedSince(keep));
}

}  // namespace
}  // namespace tests
