// svscan driven with real service trees: what it starts, how it wires log
// pipes, how it notices changes, that a killed supervise never leads to a
// second copy of its service, and how it shuts everything down.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <sstream>

#include "tests/harness.h"

namespace tests {
namespace {

class SvscanTest : public testing::Test {
 protected:
  void SetUp() override {
    MakeDir(scan_dir());
    MakeDir(dir_ / "bin");
    // svscan finds supervise along PATH, as 0.76 does.
    Suite ours = OurSuite();
    ASSERT_EQ(symlink(ours.supervise.c_str(), (dir_ / "bin/supervise").c_str()),
              0);
  }
  void TearDown() override {
    if (svscan_ > 0) kill(svscan_, SIGKILL);
    processes_.KillAll();
    KillProcessesUnder(dir_.path());
  }

  std::string scan_dir() const { return dir_ / "service"; }
  std::string service(const std::string& name) const {
    return scan_dir() + "/" + name;
  }

  void StartSvscan() {
    std::string path = "PATH=" + (dir_ / "bin") + ":/usr/bin:/bin";
    svscan_ = processes_.Start({"env", path, ours_.svscan, scan_dir()}, "",
                               dir_ / "svscan.out", dir_ / "svscan.err");
  }

  bool Up(const std::string& dir) {
    auto status = ReadStatus(dir);
    return RunProgram({ours_.svok, dir}).exit_code == 0 && status &&
           status->pid != 0;
  }

  uint32_t RunPid(const std::string& dir) {
    auto status = ReadStatus(dir);
    return status ? status->pid : 0;
  }

  // pids of supervise processes (monitors, not their spawners) whose
  // working directory is exactly `dir`.
  std::vector<pid_t> SupervisorsIn(const std::string& dir) {
    std::vector<pid_t> result;
    for (pid_t pid : ProcessesUnder(dir)) {
      std::string cmdline =
          ReadFile("/proc/" + std::to_string(pid) + "/cmdline");
      char target[4096];
      ssize_t length =
          readlink(("/proc/" + std::to_string(pid) + "/cwd").c_str(), target,
                   sizeof(target));
      std::string comm = ReadFile("/proc/" + std::to_string(pid) + "/comm");
      if (length > 0 && std::string(target, length) == dir &&
          cmdline.rfind("supervise", 0) == 0 && comm == "supervise\n") {
        result.push_back(pid);
      }
    }
    return result;
  }

  std::string FdTarget(pid_t pid, int fd) {
    char target[256];
    std::string link =
        "/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd);
    ssize_t length = readlink(link.c_str(), target, sizeof(target));
    return length > 0 ? std::string(target, length) : "";
  }

  Suite ours_ = OurSuite();
  TempDir dir_;
  ProcessGroup processes_;
  pid_t svscan_ = 0;
};

TEST_F(SvscanTest, StartsEveryServiceIgnoringDotNamesAndFiles) {
  MakeService(service("a"), "exec sleep 1000");
  MakeService(service("b"), "exec sleep 1000");
  MakeService(service(".hidden"), "exec sleep 1000");
  WriteFile(service("plainfile"), "not a service");
  MakeService(dir_ / "elsewhere", "exec sleep 1000");
  ASSERT_EQ(symlink((dir_ / "elsewhere").c_str(), service("linked").c_str()),
            0);
  // A second name for the same directory is the same service.
  ASSERT_EQ(symlink(service("a").c_str(), service("alias").c_str()), 0);
  StartSvscan();
  EXPECT_TRUE(WaitUntil([&] {
    return Up(service("a")) && Up(service("b")) && Up(dir_ / "elsewhere");
  }));
  EXPECT_FALSE(Exists(service(".hidden/supervise")));
  // Give a wrongly started extra supervise time to show up, then count.
  kill(svscan_, SIGHUP);
  usleep(200 * 1000);
  EXPECT_EQ(SupervisorsIn(service("a")).size(), 1u);
  EXPECT_EQ(SupervisorsIn(dir_ / "elsewhere").size(), 1u);
}

TEST_F(SvscanTest, NewDirectoryIsNoticedWithoutThePeriodicRescan) {
  MakeService(service("first"), "exec sleep 1000");
  StartSvscan();
  ASSERT_TRUE(WaitUntil([&] { return Up(service("first")); }));
  // The fallback rescan comes every 60 s; inotify must beat it by far.
  MakeDir(dir_ / "staging");
  MakeService(dir_ / "staging/new", "exec sleep 1000");
  ASSERT_EQ(rename((dir_ / "staging/new").c_str(), service("new").c_str()), 0);
  EXPECT_TRUE(WaitUntil([&] { return Up(service("new")); }, 20000));
  MakeService(service("created"), "exec sleep 1000");
  EXPECT_TRUE(WaitUntil([&] { return Up(service("created")); }, 20000));
}

TEST_F(SvscanTest, RescanOnSighup) {
  StartSvscan();
  ASSERT_TRUE(WaitUntil([&] { return Exists(dir_ / "svscan.err"); }));
  usleep(100 * 1000);
  // A directory that appears as a symlink change inotify does not report
  // (the link's target is filled in later) is found by an asked-for scan.
  MakeService(dir_ / "target", "exec sleep 1000");
  std::string link = service("late");
  ASSERT_EQ(symlink((dir_ / "nothing-yet").c_str(), link.c_str()), 0);
  ASSERT_EQ(rename((dir_ / "target").c_str(), (dir_ / "nothing-yet").c_str()),
            0);
  kill(svscan_, SIGHUP);
  EXPECT_TRUE(WaitUntil([&] { return Up(dir_ / "nothing-yet"); }, 20000));
}

TEST_F(SvscanTest, LogPipeConnectsServiceToLogger) {
  MakeService(service("talk"), "echo hello; exec sleep 1000");
  MakeService(service("talk/log"), "exec cat > ../captured");
  StartSvscan();
  ASSERT_TRUE(WaitUntil(
      [&] { return ReadFile(service("talk/captured")) == "hello\n"; }));
  // The output can arrive before supervise has written the status.
  pid_t run = 0;
  pid_t logger = 0;
  ASSERT_TRUE(WaitUntil([&] {
    run = static_cast<pid_t>(RunPid(service("talk")));
    logger = static_cast<pid_t>(RunPid(service("talk/log")));
    return run != 0 && logger != 0;
  }));
  EXPECT_EQ(FdTarget(run, 1), FdTarget(logger, 0));
  EXPECT_EQ(FdTarget(run, 1).rfind("pipe:", 0), 0u);
}

// A producer that numbers its lines and continues the numbering after a
// restart; it prints before it records, so a kill can repeat a number but
// never skip one.
constexpr char kCountingRun[] = R"(n=$(cat ../counter 2>/dev/null || echo 0)
while :; do
  n=$((n + 1))
  echo "line $n"
  echo $n > ../counter
  sleep 0.005
done)";

std::set<int> NumbersIn(const std::string& text, int* highest) {
  std::set<int> numbers;
  std::istringstream lines(text);
  std::string line;
  *highest = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("line ", 0) != 0) continue;
    int n = std::atoi(line.c_str() + 5);
    numbers.insert(n);
    *highest = std::max(*highest, n);
  }
  return numbers;
}

TEST_F(SvscanTest, NoLogLineIsLostWhenAnythingButTheLoggerIsKilled) {
  MakeService(service("count"), kCountingRun);
  MakeService(service("count/log"),
              "while IFS= read -r l; do echo \"$l\" >> ../../logged; done");
  StartSvscan();
  auto logged_at_least = [&](int n) {
    return WaitUntil([&] {
      int highest;
      NumbersIn(ReadFile(scan_dir() + "/logged"), &highest);
      return highest >= n;
    });
  };
  ASSERT_TRUE(logged_at_least(20));
  // Kill the service itself.
  kill(static_cast<pid_t>(RunPid(service("count"))), SIGKILL);
  ASSERT_TRUE(logged_at_least(60));
  // Kill its supervise: the service is adopted, not duplicated.
  for (pid_t pid : SupervisorsIn(service("count"))) kill(pid, SIGKILL);
  ASSERT_TRUE(logged_at_least(100));
  // Kill the log's supervise.
  for (pid_t pid : SupervisorsIn(service("count/log"))) kill(pid, SIGKILL);
  ASSERT_TRUE(logged_at_least(140));
  // Stop the producer and let the logger drain the pipe.
  ASSERT_EQ(RunProgram({ours_.svc, "-d", service("count")}).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] { return RunPid(service("count")) == 0; }));
  int produced = std::atoi(ReadFile(scan_dir() + "/counter").c_str());
  ASSERT_TRUE(logged_at_least(produced));
  int highest;
  std::set<int> numbers = NumbersIn(ReadFile(scan_dir() + "/logged"), &highest);
  for (int n = 1; n <= highest; ++n) {
    EXPECT_TRUE(numbers.count(n)) << "line " << n << " was lost";
  }
}

TEST_F(SvscanTest, LogAddedLaterIsPickedUp) {
  MakeService(service("late"),
              "echo \"started $$\" >> ../starts; echo \"hello from $$\"\n"
              "exec sleep 1000");
  StartSvscan();
  ASSERT_TRUE(WaitUntil([&] { return Up(service("late")); }));
  uint32_t first = RunPid(service("late"));
  ASSERT_TRUE(WaitUntil([&] {
    return ReadFile(scan_dir() + "/starts").find(std::to_string(first)) !=
           std::string::npos;
  }));
  MakeService(service("late/log"), "exec cat > ../captured");
  ASSERT_TRUE(WaitUntil([&] { return Up(service("late/log")); }, 20000));
  // The running service was not duplicated by the hand-over...
  ASSERT_TRUE(WaitUntil([&] {
    return SupervisorsIn(service("late")).size() == 1 &&
           RunProgram({ours_.svok, service("late")}).exit_code == 0;
  }));
  EXPECT_EQ(RunPid(service("late")), first);
  EXPECT_EQ(ReadFile(scan_dir() + "/starts"),
            "started " + std::to_string(first) + "\n");
  // ...and from its next start its output reaches the logger.
  ASSERT_EQ(RunProgram({ours_.svc, "-t", service("late")}).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] {
    uint32_t now = RunPid(service("late"));
    return now != 0 && now != first &&
           ReadFile(service("late/captured")) ==
               "hello from " + std::to_string(now) + "\n";
  }));
}

TEST_F(SvscanTest, KilledSuperviseDoesNotStartASecondCopy) {
  MakeService(service("one"), "echo $$ >> ../starts; exec sleep 1000");
  StartSvscan();
  ASSERT_TRUE(WaitUntil([&] { return Up(service("one")); }));
  uint32_t pid = RunPid(service("one"));
  ASSERT_TRUE(WaitUntil([&] {
    return ReadFile(scan_dir() + "/starts") == std::to_string(pid) + "\n";
  }));
  std::vector<pid_t> supervisors = SupervisorsIn(service("one"));
  ASSERT_EQ(supervisors.size(), 1u);
  kill(supervisors[0], SIGKILL);
  // svscan starts a new supervise; it must adopt the running service.
  ASSERT_TRUE(WaitUntil([&] {
    std::vector<pid_t> now = SupervisorsIn(service("one"));
    return now.size() == 1 && now[0] != supervisors[0] &&
           RunProgram({ours_.svok, service("one")}).exit_code == 0;
  }));
  EXPECT_EQ(RunPid(service("one")), pid);
  EXPECT_TRUE(ProcessAlive(static_cast<pid_t>(pid)));
  EXPECT_EQ(ReadFile(scan_dir() + "/starts"), std::to_string(pid) + "\n");
  // The adopted service is still under control.
  ASSERT_EQ(RunProgram({ours_.svc, "-t", service("one")}).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] {
    uint32_t now = RunPid(service("one"));
    return now != 0 && now != pid;
  }));
  EXPECT_FALSE(ProcessAlive(static_cast<pid_t>(pid)));
}

TEST_F(SvscanTest, RemovedDirectoryIsForgottenOnceItsSuperviseExits) {
  MakeService(service("gone"), "exec sleep 1000");
  StartSvscan();
  ASSERT_TRUE(WaitUntil([&] { return Up(service("gone")); }));
  std::string moved = dir_ / "moved";
  ASSERT_EQ(rename(service("gone").c_str(), moved.c_str()), 0);
  // Like 0.76, svscan never kills a supervise; the service keeps running.
  kill(svscan_, SIGHUP);
  usleep(200 * 1000);
  EXPECT_TRUE(Up(moved));
  ASSERT_EQ(RunProgram({ours_.svc, "-dx", moved}).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] { return SupervisorsIn(moved).empty(); }));
  kill(svscan_, SIGHUP);
  usleep(1500 * 1000);  // longer than the restart interval
  EXPECT_TRUE(SupervisorsIn(moved).empty());
  EXPECT_EQ(RunProgram({ours_.svok, moved}).exit_code, 100);
}

TEST_F(SvscanTest, ShutdownStopsServiceBeforeLoggerAndLogsTheLastLine) {
  MakeService(service("app"),
              "trap 'echo last words; exit 0' TERM\n"
              "echo started\n"
              "while :; do sleep 0.02; done");
  MakeService(service("app/log"),
              "trap '' TERM\n"
              "while IFS= read -r l; do echo \"$l\" >> ../../app.log; done\n"
              "echo 'logger saw end of file' >> ../../app.log");
  MakeService(service("plain"), "exec sleep 1000");
  StartSvscan();
  ASSERT_TRUE(WaitUntil([&] {
    return ReadFile(scan_dir() + "/app.log") == "started\n" &&
           Up(service("plain"));
  }));
  kill(svscan_, SIGTERM);
  std::optional<int> status = processes_.Wait(svscan_, 20000);
  ASSERT_TRUE(status) << "svscan did not finish its shutdown";
  svscan_ = 0;
  EXPECT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 0);
  EXPECT_EQ(ReadFile(scan_dir() + "/app.log"),
            "started\nlast words\nlogger saw end of file\n");
  EXPECT_TRUE(ProcessesUnder(scan_dir()).empty());
}

TEST_F(SvscanTest, ShutdownKillsAServiceThatIgnoresTermAfterItsTimeout) {
  MakeService(service("obstinate"),
              "trap '' TERM\nwhile :; do sleep 0.02; done");
  WriteFile(service("obstinate/timeout-kill"), "300\n");
  StartSvscan();
  ASSERT_TRUE(WaitUntil([&] { return Up(service("obstinate")); }));
  kill(svscan_, SIGINT);
  std::optional<int> status = processes_.Wait(svscan_, 20000);
  ASSERT_TRUE(status);
  svscan_ = 0;
  EXPECT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 111);
  EXPECT_TRUE(ProcessesUnder(scan_dir()).empty());
  // Named, so the operator knows which service did not stop by itself.
  EXPECT_NE(ReadFile(dir_ / "svscan.err")
                .find("svscan: warning: killed obstinate after 300 ms\n"),
            std::string::npos)
      << ReadFile(dir_ / "svscan.err");
}

TEST_F(SvscanTest, TwoThousandServicesComeUp) {
  constexpr int kServices = 2000;
  for (int i = 0; i < kServices; ++i) {
    MakeService(service("s" + std::to_string(i)), "exec sleep 1000");
  }
  StartSvscan();
  int up = 0;
  EXPECT_TRUE(WaitUntil(
      [&] {
        up = 0;
        for (int i = 0; i < kServices; ++i) {
          auto status = ReadStatus(service("s" + std::to_string(i)));
          if (status && status->pid != 0) ++up;
        }
        return up == kServices;
      },
      120000))
      << up << " of " << kServices << " up";
  EXPECT_EQ(ReadFile(dir_ / "svscan.err"), "");
  kill(svscan_, SIGTERM);
  std::optional<int> status = processes_.Wait(svscan_, 60000);
  ASSERT_TRUE(status);
  svscan_ = 0;
  EXPECT_EQ(WEXITSTATUS(*status), 0);
}

TEST_F(SvscanTest, SameMessagesAsTheReference) {
  if (!ReferenceInstalled()) GTEST_SKIP() << "reference not installed";
  RunResult ours = RunProgram({ours_.svscan, dir_ / "nonexistent"});
  RunResult reference =
      RunProgram({ReferenceSuite().svscan, dir_ / "nonexistent"});
  EXPECT_EQ(ours.exit_code, 111);
  EXPECT_EQ(ours.exit_code, reference.exit_code);
  EXPECT_EQ(ours.err, reference.err);
  // A dangling symlink in the scan directory: the same warning.
  ASSERT_EQ(symlink("nowhere", service("dangling").c_str()), 0);
  StartSvscan();
  ASSERT_TRUE(WaitUntil([&] {
    return ReadFile(dir_ / "svscan.err").find('\n') != std::string::npos;
  }));
  std::string ours_first = ReadFile(dir_ / "svscan.err");
  ours_first = ours_first.substr(0, ours_first.find('\n') + 1);
  EXPECT_EQ(ours_first,
            "svscan: warning: unable to stat dangling: file does not exist\n");
  pid_t theirs = processes_.Start({ReferenceSuite().svscan, scan_dir()}, "", "",
                                  dir_ / "theirs.err");
  ASSERT_TRUE(WaitUntil([&] {
    return ReadFile(dir_ / "theirs.err").find('\n') != std::string::npos;
  }));
  std::string theirs_first = ReadFile(dir_ / "theirs.err");
  EXPECT_EQ(theirs_first.substr(0, theirs_first.find('\n') + 1), ours_first);
  kill(theirs, SIGKILL);
}

TEST_F(SvscanTest, OrphansLeftByServicesAreReaped) {
  // The subshell exits at once, so its sleep is orphaned and, svscan being
  // a child subreaper, becomes svscan's child: svscan must reap it.
  MakeService(service("parent"),
              "(sleep 0.3 & echo $! > ../orphan)\nexec sleep 1000");
  StartSvscan();
  ASSERT_TRUE(WaitUntil([&] { return Exists(scan_dir() + "/orphan"); }));
  ASSERT_TRUE(WaitUntil([&] {
    return ReadFile(scan_dir() + "/orphan").find('\n') != std::string::npos;
  }));
  pid_t orphan = std::atoi(ReadFile(scan_dir() + "/orphan").c_str());
  ASSERT_GT(orphan, 0);
  // Gone entirely: not even a zombie left.
  EXPECT_TRUE(WaitUntil([&] { return !ReadProcStat(orphan).has_value(); }));
}

TEST_F(SvscanTest, RunsAsAnUnprivilegedUser) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to switch to nobody";
  // A tree nobody can reach, with copies of our programs in it.
  TempDir open_dir("/tmp");
  ASSERT_EQ(chmod(open_dir.path().c_str(), 0755), 0);
  std::string bin = open_dir / "bin";
  std::string scan = open_dir / "service";
  MakeDir(bin);
  MakeDir(scan);
  WriteFile(bin + "/supervise", ReadFile(ours_.supervise), 0755);
  WriteFile(bin + "/svscan", ReadFile(ours_.svscan), 0755);
  MakeService(scan + "/mine", "exec sleep 1000");
  RunProgram({"chown", "-R", "65534:65534", scan});
  pid_t scanner = processes_.Start(
      {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env",
       "PATH=" + bin + ":/usr/bin:/bin", bin + "/svscan", scan},
      "", open_dir / "out", open_dir / "err");
  EXPECT_TRUE(WaitUntil([&] {
    auto status = ReadStatus(scan + "/mine");
    return status && status->pid != 0;
  }));
  uint32_t service = ReadStatus(scan + "/mine")->pid;
  std::string uid = ReadFile("/proc/" + std::to_string(service) + "/status");
  EXPECT_NE(uid.find("Uid:\t65534\t"), std::string::npos);
  kill(scanner, SIGTERM);
  std::optional<int> status = processes_.Wait(scanner, 20000);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 0);
  EXPECT_TRUE(ProcessesUnder(scan).empty());
  // The one thing a non-root svscan cannot do is load the baseline filter,
  // and it says so.
  EXPECT_NE(ReadFile(open_dir / "err").find("not loading the baseline"),
            std::string::npos);
  KillProcessesUnder(open_dir.path());
}

TEST_F(SvscanTest, ReadproctitleMatchesTheReference) {
  if (!ReferenceInstalled()) GTEST_SKIP() << "reference not installed";
  std::string ours = OurProgram("svscan/readproctitle");
  for (const std::string& program :
       {ours, std::string("/usr/bin/readproctitle")}) {
    EXPECT_EQ(RunProgram({program}).exit_code, 100);
    EXPECT_EQ(RunProgram({program, "....", "four"}).exit_code, 100);
  }
  // Same input, same title: compare /proc/PID/cmdline of both.
  std::string titles[2];
  int index = 0;
  for (const std::string& program :
       {ours, std::string("/usr/bin/readproctitle")}) {
    std::string fifo = dir_ / ("in" + std::to_string(index));
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    pid_t pid = processes_.Start(
        {"/bin/sh", "-c", "exec \"$0\" errors: .................... < \"$1\"",
         program, fifo});
    int writer = open(fifo.c_str(), O_WRONLY);
    ASSERT_GE(writer, 0);
    std::string input = std::string("first line\nsecond\0 line\n", 25);
    ASSERT_EQ(write(writer, input.data(), input.size()),
              static_cast<ssize_t>(input.size()));
    std::string expected_tail = "second line ";
    ASSERT_TRUE(WaitUntil([&] {
      titles[index] = ReadFile("/proc/" + std::to_string(pid) + "/cmdline");
      return titles[index].find("line\n") != std::string::npos &&
             titles[index].find("second line") != std::string::npos;
    })) << titles[index];
    close(writer);
    std::optional<int> status = processes_.Wait(pid, 5000);
    ASSERT_TRUE(status);
    EXPECT_EQ(WEXITSTATUS(*status), 0);
    titles[index] = titles[index].substr(titles[index].find("errors:"));
    ++index;
  }
  EXPECT_EQ(titles[0], titles[1]);
  // Three dots stay; the tail of the input (NUL dropped) fills the rest.
  EXPECT_EQ(titles[0], std::string("errors:\0...line\nsecond line\n\0", 29));
}

TEST_F(SvscanTest, SvscanbootStartsTheTreeWithErrorsInTheTitle) {
  std::string bin = dir_ / "bin";
  for (const char* name : {"svscan", "svc", "readproctitle"}) {
    std::string program = name == std::string("readproctitle")
                              ? OurProgram("svscan/readproctitle")
                          : name == std::string("svc") ? ours_.svc
                                                       : ours_.svscan;
    ASSERT_EQ(symlink(program.c_str(), (bin + "/" + name).c_str()), 0);
  }
  std::string script = ReadFile(OurProgram("svscan/svscanboot.sh"));
  script.replace(script.find("@BINDIR@"), 8, bin);
  WriteFile(bin + "/svscanboot", script, 0755);
  MakeService(service("booted"), "exec sleep 1000");
  ASSERT_EQ(symlink("nowhere", service("broken").c_str()), 0);
  pid_t boot = processes_.Start({bin + "/svscanboot", scan_dir()});
  ASSERT_TRUE(WaitUntil([&] { return Up(service("booted")); }));
  // The warning about the broken entry scrolls into readproctitle's title.
  pid_t title_pid = 0;
  ASSERT_TRUE(WaitUntil([&] {
    RunResult pgrep =
        RunProgram({"pgrep", "-f", "^readproctitle service errors"});
    title_pid = std::atoi(pgrep.out.c_str());
    return title_pid > 0 &&
           ReadFile("/proc/" + std::to_string(title_pid) + "/cmdline")
                   .find("unable to stat broken") != std::string::npos;
  }));
  std::vector<pid_t> scanners = ProcessesUnder(scan_dir());
  RunResult pgrep =
      RunProgram({"pgrep", "-x", "-P", std::to_string(boot), "svscan"});
  pid_t scanner = std::atoi(pgrep.out.c_str());
  ASSERT_GT(scanner, 0);
  kill(scanner, SIGTERM);
  EXPECT_TRUE(processes_.Wait(boot, 20000).has_value());
  EXPECT_TRUE(WaitUntil([&] { return !ProcessAlive(title_pid); }));
}

}  // namespace
}  // namespace tests
