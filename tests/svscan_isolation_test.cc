// What one service started by svscan can do to svscan, to root's terminal
// and to other services, tried from a confined service (user nobody,
// seccomp allow @system-service): svscan's output descriptors (G1), its
// controlling terminal (F5), descriptors svscan or supervise inherited
// (F10), and a hostile timeout-kill during the shutdown (G5). Needs root.
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "tests/harness.h"

namespace tests {
namespace {

constexpr char kConfined[] =
    "user nobody\nseccomp allow @system-service\nseccomp_action errno EPERM\n";

// G1's attack on whatever fds 1 and 2 are: non-blocking, no append, then
// truncate and write a forged line at offset 0. Writes what each step
// gave to argv[1], then stays up.
constexpr char kTamper[] = R"(import os, sys, fcntl, time
steps = []
for fd in (1, 2):
    flags = fcntl.fcntl(fd, fcntl.F_GETFL)
    fcntl.fcntl(fd, fcntl.F_SETFL, (flags | os.O_NONBLOCK) & ~os.O_APPEND)
for name, step in (("ftruncate", lambda: os.ftruncate(1, 0)),
                   ("pwrite", lambda: os.pwrite(1, b"svscan: forged line\n", 0))):
    try:
        step()
        steps.append(name + " ok")
    except OSError as error:
        steps.append("%s errno %d" % (name, error.errno))
with open(sys.argv[1] + ".tmp", "w") as out:
    out.write(" ".join(steps))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(1000)
)";

// F5's attack: open the controlling terminal and push a byte into its
// input with TIOCSTI. Writes the outcome to argv[1], then stays up.
constexpr char kTerminal[] = R"(import os, sys, fcntl, termios, time
try:
    fd = os.open("/dev/tty", os.O_RDWR)
    try:
        fcntl.ioctl(fd, termios.TIOCSTI, b"#")
        result = "tiocsti ok"
    except OSError as error:
        result = "tiocsti errno %d" % error.errno
except OSError as error:
    result = "open errno %d" % error.errno
with open(sys.argv[1] + ".tmp", "w") as out:
    out.write(result)
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(1000)
)";

// Fields of /proc/PID/stat after the command name, numbered as in proc(5)
// (3 is the state); empty when the process is gone.
std::vector<std::string> StatFields(pid_t pid) {
  std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return {};
  std::vector<std::string> fields = {"", "", ""};
  std::istringstream rest(stat.substr(close + 1));
  std::string field;
  while (rest >> field) fields.push_back(field);
  return fields;
}

std::string FdFlags(pid_t pid, int fd) {
  std::string info = ReadFile("/proc/" + std::to_string(pid) + "/fdinfo/" +
                              std::to_string(fd));
  size_t at = info.find("flags:");
  if (at == std::string::npos) return "";
  return info.substr(at, info.find('\n', at) - at);
}

// What a process's descriptor refers to ("pipe:[123]"), "" if none.
std::string FdTarget(pid_t pid, int fd) {
  std::string path =
      "/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd);
  char target[256];
  ssize_t got = readlink(path.c_str(), target, sizeof(target));
  return got > 0 ? std::string(target, static_cast<size_t>(got)) : "";
}

std::set<std::string> OpenFds(pid_t pid) {
  std::set<std::string> fds;
  std::string path = "/proc/" + std::to_string(pid) + "/fd";
  DIR* directory = opendir(path.c_str());
  if (directory == nullptr) return fds;
  while (struct dirent* entry = readdir(directory)) {
    if (entry->d_name[0] != '.') fds.insert(entry->d_name);
  }
  closedir(directory);
  return fds;
}

std::string FdTarget(pid_t pid, const std::string& fd) {
  char target[4096];
  std::string link = "/proc/" + std::to_string(pid) + "/fd/" + fd;
  ssize_t length = readlink(link.c_str(), target, sizeof(target));
  return length > 0 ? std::string(target, static_cast<size_t>(length)) : "";
}

class SvscanIsolationTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) {
      GTEST_SKIP() << "needs root to start services as nobody";
    }
    // Under /tmp, so that nobody can reach its own run script.
    dir_ = std::make_unique<ServiceTree>("/tmp");
    MakeDir(scan_dir());
    MakeDir(*dir_ / "bin");
    ASSERT_EQ(
        symlink(ours_.supervise.c_str(), (*dir_ / "bin/supervise").c_str()), 0);
    results_ = dir_->results();
    // Root-only, as a log of svscan's output would be.
    MakeDir(*dir_ / "private");
    ASSERT_EQ(chmod((*dir_ / "private").c_str(), 0700), 0);
  }
  void TearDown() override {
    if (svscan_ > 0) kill(svscan_, SIGKILL);
    processes_.KillAll();
    if (dir_) KillProcessesUnder(dir_->path());
  }

  std::string scan_dir() const { return *dir_ / "service"; }
  std::string service(const std::string& name) const {
    return scan_dir() + "/" + name;
  }
  std::string SvscanShellCommand() const {
    return "exec env PATH=" + (*dir_ / "bin") + ":/usr/bin:/bin " +
           ours_.svscan + " " + scan_dir();
  }

  // A service running `script` as nobody under kConfined.
  void MakeConfinedService(const std::string& name, const std::string& script) {
    MakeService(service(name), script);
    WriteFile(service(name) + "/policy", kConfined, 0644);
  }
  // A confined service running a python program kept next to the tree.
  void MakePythonService(const std::string& name, const std::string& program,
                         const std::string& result) {
    std::string file = *dir_ / (name + ".py");
    WriteFile(file, program, 0644);
    MakeConfinedService(name, "exec python3 " + file + " " + result);
  }

  std::string WaitForResult(const std::string& name) {
    std::string path = results_ + "/" + name;
    WaitUntil([&] { return Exists(path); }, 20000);
    return ReadFile(path);
  }

  pid_t RunPid(const std::string& dir) {
    auto status = ReadStatus(dir);
    return status ? static_cast<pid_t>(status->pid) : 0;
  }

  // Every process under the tree whose descriptors point at `path`.
  std::vector<std::string> HoldersOf(const std::string& path) {
    std::vector<std::string> holders;
    for (pid_t pid : ProcessesUnder(dir_->path())) {
      for (const std::string& fd : OpenFds(pid)) {
        if (FdTarget(pid, fd) == path) {
          holders.push_back(std::to_string(pid) + " fd " + fd);
        }
      }
    }
    return holders;
  }

  Suite ours_ = OurSuite();
  std::unique_ptr<ServiceTree> dir_;
  std::string results_;
  ProcessGroup processes_;
  pid_t svscan_ = 0;
};

// G1: svscan appends to a root-only file; a confined service must not be
// able to change that file or svscan's descriptors, nor silence others.
TEST_F(SvscanIsolationTest, ConfinedServiceCannotTamperWithSvscansOutput) {
  std::string log = *dir_ / "private/svscan.log";
  WriteFile(log, "history line\n", 0600);
  MakeConfinedService("other",
                      "i=0\nwhile :; do i=$((i + 1)); echo \"other out $i\"; "
                      "echo \"other err $i\" >&2; sleep 0.05; done");
  svscan_ = processes_.Start(
      {"/bin/sh", "-c", SvscanShellCommand() + " >>" + log + " 2>&1"});
  ASSERT_TRUE(WaitUntil([&] {
    return ReadFile(log).find("other err 3\n") != std::string::npos;
  }));
  std::string flags1 = FdFlags(svscan_, 1);
  std::string flags2 = FdFlags(svscan_, 2);
  ASSERT_NE(flags1, "");

  MakePythonService("tamper", kTamper, results_ + "/tamper");
  std::string outcome = WaitForResult("tamper");
  ASSERT_NE(outcome, "");
  // Whatever the service did, svscan's descriptors and the file are as
  // they were, and the other service still gets its lines through.
  EXPECT_EQ(FdFlags(svscan_, 1), flags1) << outcome;
  EXPECT_EQ(FdFlags(svscan_, 2), flags2) << outcome;
  std::string before = ReadFile(log);
  size_t last = before.rfind("other err ");
  ASSERT_NE(last, std::string::npos);
  int seen = std::atoi(before.c_str() + last + 10);
  std::string later = "other err " + std::to_string(seen + 5) + "\n";
  std::string later_out = "other out " + std::to_string(seen + 5) + "\n";
  EXPECT_TRUE(WaitUntil([&] {
    std::string now = ReadFile(log);
    return now.find(later) != std::string::npos &&
           now.find(later_out) != std::string::npos;
  })) << outcome;
  std::string after = ReadFile(log);
  EXPECT_EQ(after.rfind("history line\n", 0), 0u) << outcome;
  EXPECT_EQ(after.find("forged"), std::string::npos) << outcome;
  EXPECT_NE(after.find("other err 1\n"), std::string::npos);
  struct stat info;
  ASSERT_EQ(stat(log.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
}

// G1: lines are relayed whole and unchanged, stdout to stdout and stderr
// to stderr, and a service with log/ still writes into its log pipe.
TEST_F(SvscanIsolationTest, OutputIsRelayedByteForByte) {
  MakeService(service("plain"),
              "printf 'to stdout\\n'; printf 'to stderr\\n' >&2\n"
              "printf 'no newline at the end' >&2; exec sleep 1000");
  MakeService(service("logged"), "echo into the log; exec sleep 1000");
  MakeService(service("logged/log"),
              "echo logger speaks >&2; exec cat > ../captured");
  svscan_ = processes_.Start(
      {"/bin/sh", "-c",
       SvscanShellCommand() + " >" + (*dir_ / "out") + " 2>" + (*dir_ / "err")},
      "");
  ASSERT_TRUE(WaitUntil([&] {
    return ReadFile(service("logged/captured")) == "into the log\n";
  }));
  EXPECT_TRUE(WaitUntil([&] {
    return ReadFile(*dir_ / "out") == "to stdout\n";
  })) << ReadFile(*dir_ / "out");
  EXPECT_TRUE(WaitUntil([&] {
    std::string err = ReadFile(*dir_ / "err");
    return err.find("to stderr\n") != std::string::npos &&
           err.find("logger speaks\n") != std::string::npos;
  })) << ReadFile(*dir_ / "err");
  // The partial line comes out when its writer is gone.
  pid_t plain = RunPid(service("plain"));
  ASSERT_NE(plain, 0);
  // Two destinations, two pipes.
  EXPECT_NE(FdTarget(plain, 1), FdTarget(plain, 2));
  ASSERT_EQ(RunProgram({ours_.svc, "-dx", service("plain")}).exit_code, 0);
  EXPECT_TRUE(WaitUntil([&] {
    return ReadFile(*dir_ / "err").find("no newline at the end") !=
           std::string::npos;
  })) << ReadFile(*dir_ / "err");
  // No service holds svscan's own output files.
  EXPECT_TRUE(HoldersOf(*dir_ / "out").size() == 1u &&
              HoldersOf(*dir_ / "err").size() == 1u)
      << testing::PrintToString(HoldersOf(*dir_ / "out"));
}

// When svscan's stdout and stderr are one open file description (2>&1),
// a service's stdout and stderr share one pipe: svscan holds one
// descriptor per supervise instead of two (10,000 services fit in 20,000
// descriptors), and lines keep the order they were written in. With two
// destinations they stay apart (OutputIsRelayedByteForByte).
TEST_F(SvscanIsolationTest, SharedOutputUsesOnePipeAndKeepsOrder) {
  MakeService(service("mixed"),
              "for i in 1 2 3 4 5; do echo \"out $i\"; echo \"err $i\" >&2; "
              "done; exec sleep 1000");
  MakeService(service("split"), "exec sleep 1000");
  std::string log = *dir_ / "private/both";
  svscan_ = processes_.Start(
      {"/bin/sh", "-c", SvscanShellCommand() + " >" + log + " 2>&1"}, "");
  ASSERT_TRUE(WaitUntil([&] {
    return ReadFile(log).find("err 5\n") != std::string::npos;
  })) << ReadFile(log);
  EXPECT_NE(ReadFile(log).find("out 1\nerr 1\nout 2\nerr 2\nout 3\nerr 3\n"
                               "out 4\nerr 4\nout 5\nerr 5\n"),
            std::string::npos)
      << ReadFile(log);
  pid_t run = 0;
  ASSERT_TRUE(WaitUntil([&] { return (run = RunPid(service("split"))) != 0; }));
  std::string out = FdTarget(run, 1);
  EXPECT_EQ(out.rfind("pipe:", 0), 0u) << out;
  EXPECT_EQ(FdTarget(run, 2), out);
}

// G1: a service that floods its output while nobody reads svscan's does
// not stall svscan: it still starts new services and shuts down.
TEST_F(SvscanIsolationTest, FloodWhileSvscansOutputIsStuckStallsNothing) {
  std::string fifo = *dir_ / "private/stuck";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // Held open for reading but never read: svscan's output fills up.
  int reader = open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  ASSERT_GE(reader, 0);
  MakeConfinedService("flood", "exec yes flooding >&2");
  svscan_ = processes_.Start(
      {"/bin/sh", "-c", SvscanShellCommand() + " >" + fifo + " 2>&1"});
  ASSERT_TRUE(WaitUntil([&] { return RunPid(service("flood")) != 0; }));
  // Wait until the pipe to the reader is full (64 KiB, less what partly
  // filled pages leave).
  ASSERT_TRUE(WaitUntil([&] {
    int pending = 0;
    return ioctl(reader, FIONREAD, &pending) == 0 && pending >= 60000;
  }));
  MakeService(service("late"), "exec sleep 1000");
  EXPECT_TRUE(WaitUntil([&] { return RunPid(service("late")) != 0; }, 20000));
  std::string status = ReadFile("/proc/" + std::to_string(svscan_) + "/status");
  size_t rss = status.find("VmRSS:");
  ASSERT_NE(rss, std::string::npos);
  EXPECT_LT(std::atol(status.c_str() + rss + 6), 16 * 1024) << "kB";
  // Once its output moves again, svscan says what it dropped.
  std::string seen;
  char buffer[65536];
  kill(svscan_, SIGTERM);
  std::optional<int> exited;
  WaitUntil(
      [&] {
        ssize_t got;
        while ((got = read(reader, buffer, sizeof(buffer))) > 0) {
          if (seen.size() < (1 << 20))
            seen.append(buffer, static_cast<size_t>(got));
        }
        exited = processes_.Wait(svscan_, 0);
        return exited.has_value();
      },
      30000);
  close(reader);
  ASSERT_TRUE(exited) << "svscan did not finish its shutdown";
  svscan_ = 0;
  EXPECT_TRUE(WIFEXITED(*exited));
  EXPECT_NE(seen.find("svscan: warning: dropped "), std::string::npos);
}

// F5: a service started by an svscan that has a controlling terminal runs
// in a session of its own, without a terminal to push input into.
TEST_F(SvscanIsolationTest, ServiceCannotReachSvscansTerminal) {
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(master, 0);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  std::string slave = ptsname(master);
  MakePythonService("tty", kTerminal, results_ + "/tty");
  std::string command = SvscanShellCommand();
  pid_t pid = fork();
  if (pid == 0) {
    // As an admin's shell would: its own session, the pty as controlling
    // terminal and as stdin, stdout and stderr.
    setsid();
    int terminal = open(slave.c_str(), O_RDWR);
    if (terminal < 0) _exit(126);
    for (int fd = 0; fd < 3; ++fd) dup2(terminal, fd);
    if (terminal > 2) close(terminal);
    execl("/bin/sh", "sh", "-c", command.c_str(), nullptr);
    _exit(127);
  }
  ASSERT_GT(pid, 0);
  processes_.Adopt(pid);
  svscan_ = pid;
  std::string outcome = WaitForResult("tty");
  pid_t run = RunPid(service("tty"));
  ASSERT_NE(run, 0);
  std::vector<std::string> theirs = StatFields(svscan_);
  std::vector<std::string> service_stat = StatFields(run);
  ASSERT_GT(theirs.size(), 7u);
  ASSERT_GT(service_stat.size(), 7u);
  ASSERT_NE(theirs[7], "0") << "svscan has no controlling terminal";
  EXPECT_NE(service_stat[6], theirs[6]) << "same session as svscan";
  EXPECT_EQ(service_stat[6], std::to_string(run)) << "not a session leader";
  EXPECT_EQ(service_stat[7], "0") << "has a controlling terminal";
  EXPECT_EQ(outcome, "open errno 6");  // ENXIO: no controlling terminal
  close(master);
}

// F10: a descriptor open when svscan started (here a root-only file on
// fd 7) reaches neither supervise nor any service.
TEST_F(SvscanIsolationTest, DescriptorsSvscanInheritedReachNoService) {
  std::string secret = *dir_ / "private/secret";
  WriteFile(secret, "root-only data\n", 0600);
  MakeConfinedService("fds", "ls /proc/self/fd > " + results_ +
                                 "/fds.tmp; mv " + results_ + "/fds.tmp " +
                                 results_ + "/fds\nexec cat <&7 > " + results_ +
                                 "/leak 2>/dev/null\n");
  svscan_ = processes_.Start(
      {"/bin/sh", "-c", "exec 7<" + secret + "; " + SvscanShellCommand()});
  std::string fds = WaitForResult("fds");
  // ls itself has its directory open as 3.
  EXPECT_EQ(fds, "0\n1\n2\n3\n");
  EXPECT_EQ(ReadFile(results_ + "/leak"), "");
  // svscan keeps its own copy (close-on-exec now); nobody else has one.
  EXPECT_EQ(HoldersOf(secret),
            std::vector<std::string>{std::to_string(svscan_) + " fd 7"});
}

// F10, for supervise started by hand (or by another scanner).
TEST_F(SvscanIsolationTest, DescriptorsSuperviseInheritedReachNoService) {
  std::string secret = *dir_ / "private/secret";
  WriteFile(secret, "root-only data\n", 0600);
  MakeConfinedService("fds", "exec sleep 1000");
  processes_.Start({"/bin/sh", "-c",
                    "exec 7<" + secret + "; exec " + ours_.supervise + " " +
                        service("fds")});
  ASSERT_TRUE(WaitUntil([&] { return RunPid(service("fds")) != 0; }));
  pid_t run = RunPid(service("fds"));
  // Look once ./run has been executed (the pid is known a moment before).
  ASSERT_TRUE(WaitUntil([&] {
    return ReadFile("/proc/" + std::to_string(run) + "/cmdline")
               .rfind("sleep", 0) == 0;
  }));
  EXPECT_EQ(OpenFds(run), (std::set<std::string>{"0", "1", "2"}));
}

// G5: a FIFO (or a symlink) as timeout-kill does not hold up the shutdown:
// svscan warns and uses the default.
TEST_F(SvscanIsolationTest, HostileTimeoutKillDoesNotStopTheShutdown) {
  MakeService(service("a"), "exec sleep 1000");
  MakeService(service("b"), "exec sleep 1000");
  ASSERT_EQ(mkfifo(service("a/timeout-kill").c_str(), 0600), 0);
  WriteFile(*dir_ / "private/timeout", "1\n", 0600);
  ASSERT_EQ(symlink((*dir_ / "private/timeout").c_str(),
                    service("b/timeout-kill").c_str()),
            0);
  std::string err = *dir_ / "err";
  svscan_ =
      processes_.Start({"/bin/sh", "-c", SvscanShellCommand() + " 2>" + err});
  ASSERT_TRUE(WaitUntil(
      [&] { return RunPid(service("a")) != 0 && RunPid(service("b")) != 0; }));
  kill(svscan_, SIGTERM);
  std::optional<int> status = processes_.Wait(svscan_, 20000);
  ASSERT_TRUE(status) << "svscan is stuck in its shutdown";
  svscan_ = 0;
  EXPECT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 0);
  std::string warnings = ReadFile(err);
  EXPECT_NE(warnings.find("svscan: warning: ignoring a/timeout-kill: "),
            std::string::npos)
      << warnings;
  EXPECT_NE(warnings.find("svscan: warning: ignoring b/timeout-kill: "),
            std::string::npos)
      << warnings;
  EXPECT_TRUE(ProcessesUnder(scan_dir()).empty());
}

}  // namespace
}  // namespace tests
