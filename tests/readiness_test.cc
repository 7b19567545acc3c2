// Readiness end to end (issue 16): s6's notification-fd with s6's own
// s6-notifyoncheck and a plain `echo >&N`, sd_notify with systemd-notify
// and a Python client, a restart clearing readiness, svwait's verdicts and
// timeout, the watchdog, and notifications from outside the service's
// process tree (sent as nobody) being ignored. svwait is also checked
// against daemontools 0.76's supervise for -u, -d and -x.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>

#include "tests/harness.h"

namespace tests {
namespace {

// A Python client that speaks sd_notify from ./run's own process: the
// body sees `send(text)`.
std::string PythonClient(const std::string& body) {
  return "exec python3 -c '\n"
         "import os, socket, signal, time\n"
         "path = os.environ[\"NOTIFY_SOCKET\"]\n"
         "address = \"\\0\" + path[1:] if path[0] == \"@\" else path\n"
         "sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
         "def send(text): sock.sendto(text.encode(), address)\n" +
         body + "\n'";
}

class ReadinessTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::make_unique<TempDir>("/tmp");
    ASSERT_EQ(chmod(dir_->path().c_str(), 0755), 0);
  }
  void TearDown() override {
    processes_.KillAll();
    if (dir_) KillProcessesUnder(dir_->path());
  }
  std::string Service(const std::string& name) { return *dir_ / name; }
  void StartSupervise(const std::string& name,
                      const std::string& supervise = "") {
    ASSERT_GT(
        processes_.Start(
            {supervise.empty() ? ours_.supervise : supervise, Service(name)},
            "", *dir_ / (name + ".out"), *dir_ / (name + ".err")),
        0);
    ASSERT_TRUE(WaitUntil([&] {
      return RunProgram({ours_.svok, Service(name)}).exit_code == 0;
    }));
  }
  RunResult Svwait(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), svwait_);
    return RunProgram(arguments, "", 20000);
  }
  std::string Verbose(const std::string& name) {
    return RunProgram({ours_.svstat, "-v", Service(name)}).out;
  }
  std::string Readiness(const std::string& name) {
    return ReadFile(Service(name) + "/supervise/readiness");
  }
  uint32_t Pid(const std::string& name) {
    std::optional<common::StatusRecord> status = ReadStatus(Service(name));
    return status ? status->pid : 0;
  }
  std::string Errors(const std::string& name) {
    return ReadFile(*dir_ / (name + ".err"));
  }

  Suite ours_ = OurSuite();
  std::string svwait_ = OurProgram("svc/svwait");
  std::unique_ptr<TempDir> dir_;
  ProcessGroup processes_;
};

TEST_F(ReadinessTest, S6NotifyOnCheckWorksUnchanged) {
  if (!Exists("/usr/bin/s6-notifyoncheck")) {
    GTEST_SKIP() << "s6 is not installed";
  }
  MakeService(Service("s"), "exec s6-notifyoncheck -w 50 -n 0 sleep 100000");
  MakeDir(Service("s") + "/data");
  WriteFile(Service("s") + "/data/check", "#!/bin/sh\ntest -e flag\n", 0755);
  WriteFile(Service("s") + "/notification-fd", "3\n");
  StartSupervise("s");
  EXPECT_EQ(Svwait({"-u", "-t", "5000", Service("s")}).exit_code, 0);
  EXPECT_EQ(Svwait({"-U", "-t", "300", Service("s")}).exit_code, 1);
  EXPECT_NE(Verbose("s").find("\n  not ready\n"), std::string::npos)
      << Verbose("s");
  WriteFile(Service("s") + "/flag", "");
  EXPECT_EQ(Svwait({"-U", "-t", "5000", Service("s")}).exit_code, 0)
      << Readiness("s") << Errors("s");
  EXPECT_NE(Verbose("s").find("\n  ready "), std::string::npos) << Verbose("s");
}

TEST_F(ReadinessTest, PlainEchoMarksReadyAndARestartClearsIt) {
  MakeService(Service("e"),
              "while [ ! -e go ]; do sleep 0.02; done; echo >&5\n"
              "exec sleep 100000");
  WriteFile(Service("e") + "/notification-fd", "5");
  WriteFile(Service("e") + "/go", "");
  StartSupervise("e");
  ASSERT_EQ(Svwait({"-U", "-t", "5000", Service("e")}).exit_code, 0)
      << Readiness("e");
  uint32_t first = Pid("e");
  // Plain svstat stays 0.76's single line.
  std::string plain = RunProgram({ours_.svstat, Service("e")}).out;
  EXPECT_EQ(plain.find("ready"), std::string::npos) << plain;

  ASSERT_EQ(unlink((Service("e") + "/go").c_str()), 0);
  ASSERT_EQ(RunProgram({ours_.svc, "-k", Service("e")}).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] { return Pid("e") != 0 && Pid("e") != first; }));
  ASSERT_TRUE(WaitUntil([&] {
    return Readiness("e").rfind("pid=" + std::to_string(Pid("e")) + " ", 0) ==
           0;
  })) << Readiness("e");
  EXPECT_NE(Readiness("e").find(" ready=- "), std::string::npos)
      << Readiness("e");
  EXPECT_EQ(Svwait({"-U", "-t", "300", Service("e")}).exit_code, 1);
  EXPECT_NE(Verbose("e").find("\n  not ready\n"), std::string::npos)
      << Verbose("e");
}

TEST_F(ReadinessTest, SystemdNotifyFromTheRunScript) {
  if (!Exists("/usr/bin/systemd-notify")) {
    GTEST_SKIP() << "systemd-notify is not installed";
  }
  // systemd-notify is a child of ./run and sends from its own pid.
  MakeService(Service("n"),
              "systemd-notify --ready --status='serving 3 clients'\n"
              "exec sleep 100000");
  WriteFile(Service("n") + "/notify-socket", "");
  StartSupervise("n");
  ASSERT_EQ(Svwait({"-U", "-t", "5000", Service("n")}).exit_code, 0)
      << Readiness("n") << Errors("n");
  EXPECT_NE(Verbose("n").find("\n  notify status: serving 3 clients\n"),
            std::string::npos)
      << Verbose("n");
  std::string json = RunProgram({ours_.svstat, "-j", Service("n")}).out;
  WriteFile(*dir_ / "n.json", json);
  RunResult parsed = RunProgram(
      {"python3", "-c",
       "import json,sys\n"
       "o=json.loads(open(sys.argv[1]).read())\n"
       "assert o['ready'] is True and isinstance(o['ready_seconds'], int), o\n"
       "assert o['notify_status']=='serving 3 clients', o\n"
       "print('ok')\n",
       *dir_ / "n.json"});
  EXPECT_EQ(parsed.out, "ok\n") << json << parsed.err;
}

TEST_F(ReadinessTest, PythonClientAndAMainPidOutsideTheTree) {
  MakeService(Service("p"),
              PythonClient("send(\"STATUS=starting\")\n"
                           "time.sleep(0.2)\n"
                           "send(\"READY=1\\nMAINPID=1\\nSTOPPING=1\")\n"
                           "time.sleep(100000)"));
  WriteFile(Service("p") + "/notify-socket", "");
  StartSupervise("p");
  ASSERT_EQ(Svwait({"-U", "-t", "5000", Service("p")}).exit_code, 0)
      << Readiness("p") << Errors("p");
  std::string verbose = Verbose("p");
  EXPECT_NE(verbose.find("\n  notify status: starting\n"), std::string::npos)
      << verbose;
  EXPECT_NE(verbose.find("\n  stopping\n"), std::string::npos) << verbose;
  // pid 1 is not a descendant of ./run.
  EXPECT_EQ(verbose.find("main pid"), std::string::npos) << verbose;
  EXPECT_NE(Errors("p").find("ignoring MAINPID=1: not in the process tree"),
            std::string::npos)
      << Errors("p");
}

TEST_F(ReadinessTest, ANotificationFromOutsideTheTreeIsIgnored) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to act as nobody";
  MakeService(Service("o"),
              "echo \"$NOTIFY_SOCKET\" > socket-name.new\n"
              "mv socket-name.new socket-name\nexec sleep 100000");
  WriteFile(Service("o") + "/notify-socket", "");
  StartSupervise("o");
  ASSERT_TRUE(WaitUntil([&] { return Exists(Service("o") + "/socket-name"); }));
  std::string name = ReadFile(Service("o") + "/socket-name");
  ASSERT_EQ(name.substr(0, 1), "@") << name;
  name = name.substr(1, name.find('\n') - 1);
  // The attack: nobody, outside the service's tree, claims readiness for
  // it (an abstract socket has no file permissions to stop anyone).
  int sent = RunAsAttacker([&] {
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path + 1, name.data(), name.size());
    socklen_t length = static_cast<socklen_t>(
        offsetof(struct sockaddr_un, sun_path) + 1 + name.size());
    const char message[] = "READY=1\nSTATUS=owned";
    ssize_t done = sendto(fd, message, sizeof(message) - 1, 0,
                          reinterpret_cast<struct sockaddr*>(&address), length);
    return done == static_cast<ssize_t>(sizeof(message) - 1) ? 0 : 1;
  });
  ASSERT_EQ(sent, 0);
  EXPECT_EQ(Svwait({"-U", "-t", "500", Service("o")}).exit_code, 1)
      << Readiness("o");
  EXPECT_EQ(Readiness("o").find("owned"), std::string::npos) << Readiness("o");
  EXPECT_NE(Errors("o").find("ignoring a notification from pid "),
            std::string::npos)
      << Errors("o");
}

TEST_F(ReadinessTest, SvwaitTimesOutOnAServiceThatNeverNotifies) {
  MakeService(Service("q"), "exec sleep 100000");
  WriteFile(Service("q") + "/notify-socket", "");
  StartSupervise("q");
  ASSERT_EQ(Svwait({"-u", "-t", "5000", Service("q")}).exit_code, 0);
  int64_t start = MonotonicMs();
  RunResult result = Svwait({"-U", "-t", "500", Service("q")});
  int64_t took = MonotonicMs() - start;
  // It waited its 500 ms and gave up (a svwait ignoring -t would be
  // killed by Svwait's 20 s deadline and not exit 1).
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_GE(took, 500);
  // Any (-o) of a ready and a not-ready service is met; all is not.
  MakeService(Service("r"), "exec sleep 100000");
  StartSupervise("r");
  EXPECT_EQ(
      Svwait({"-o", "-U", "-t", "5000", Service("q"), Service("r")}).exit_code,
      0);
  EXPECT_EQ(Svwait({"-U", "-t", "200", Service("q"), Service("r")}).exit_code,
            1);
}

// svwait blocks on the status file's changes (inotify) instead of polling:
// while nothing changes it is not woken at all, and a change ends it.
// bench/ measures how soon.
TEST_F(ReadinessTest, SvwaitSleepsUntilTheStatusChanges) {
  MakeService(Service("u"), "exec sleep 100000", /*down=*/true);
  StartSupervise("u");
  pid_t waiter = processes_.Start({svwait_, "-u", "-t", "10000", Service("u")});
  ASSERT_GT(waiter, 0);
  usleep(300 * 1000);  // let it start watching
  ASSERT_FALSE(processes_.Wait(waiter, 0));
  std::string woken = ProcStatusField(waiter, "voluntary_ctxt_switches");
  ASSERT_NE(woken, "");
  usleep(1000 * 1000);
  EXPECT_EQ(ProcStatusField(waiter, "voluntary_ctxt_switches"), woken)
      << "svwait woke up while nothing changed";
  ASSERT_FALSE(processes_.Wait(waiter, 0));
  ASSERT_EQ(RunProgram({ours_.svc, "-u", Service("u")}).exit_code, 0);
  std::optional<int> status = processes_.Wait(waiter, 5000);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0);
  // -d, -D and -x the same way.
  ASSERT_EQ(RunProgram({ours_.svc, "-d", Service("u")}).exit_code, 0);
  EXPECT_EQ(Svwait({"-D", "-t", "5000", Service("u")}).exit_code, 0);
  ASSERT_EQ(RunProgram({ours_.svc, "-x", Service("u")}).exit_code, 0);
  EXPECT_EQ(Svwait({"-x", "-t", "5000", Service("u")}).exit_code, 0);
  RunResult usage = Svwait({"-t", "5", Service("u")});
  EXPECT_EQ(usage.exit_code, 100);
}

TEST_F(ReadinessTest, WatchdogRestartsAServiceThatStopsPinging) {
  // Ignores TERM, so the watchdog's KILL is what ends it.
  std::string script = PythonClient(
      "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
      "assert os.environ[\"WATCHDOG_USEC\"] == \"1000000\"\n"
      "send(\"READY=1\")\n"
      "while True:\n"
      "    if os.path.exists(\"ping\"): send(\"WATCHDOG=1\")\n"
      "    time.sleep(0.05)");
  for (const char* name : {"steady", "hung"}) {
    MakeService(Service(name), script);
    WriteFile(Service(name) + "/notify-socket", "");
    WriteFile(Service(name) + "/watchdog-timeout", "1000\n");
    WriteFile(Service(name) + "/timeout-kill", "200\n");
    WriteFile(Service(name) + "/ping", "");
    StartSupervise(name);
    ASSERT_EQ(Svwait({"-U", "-t", "5000", Service(name)}).exit_code, 0)
        << Errors(name);
  }
  uint32_t steady = Pid("steady");
  uint32_t hung = Pid("hung");
  ASSERT_EQ(unlink((Service("hung") + "/ping").c_str()), 0);
  ASSERT_TRUE(
      WaitUntil([&] { return Pid("hung") != hung && Pid("hung"); }, 10000))
      << Errors("hung");
  EXPECT_NE(Errors("hung").find("/run missed its watchdog (1000 ms); "
                                "restarting it"),
            std::string::npos)
      << Errors("hung");
  // supervise records the exit just after the restart's status.
  EXPECT_TRUE(WaitUntil(
      [&] {
        return ReadFile(Service("hung") + "/supervise/exit")
                   .rfind("signal 9 ", 0) == 0;
      },
      2000))
      << ReadFile(Service("hung") + "/supervise/exit");
  // The one that kept pinging was left alone all along.
  EXPECT_EQ(Pid("steady"), steady);
  EXPECT_EQ(Errors("steady").find("watchdog"), std::string::npos);
}

TEST_F(ReadinessTest, SvwaitWorksAgainstDaemontools076) {
  if (!ReferenceInstalled()) GTEST_SKIP() << "daemontools is not installed";
  Suite reference = ReferenceSuite();
  MakeService(Service("d"), "exec sleep 100000", /*down=*/true);
  pid_t waiter = processes_.Start({svwait_, "-d", "-t", "10000", Service("d")});
  // svwait starts before supervise does, and sees it come.
  usleep(200 * 1000);
  StartSupervise("d", reference.supervise);
  std::optional<int> status = processes_.Wait(waiter, 10000);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0);
  ASSERT_EQ(RunProgram({reference.svc, "-u", Service("d")}).exit_code, 0);
  EXPECT_EQ(Svwait({"-u", "-t", "5000", Service("d")}).exit_code, 0);
  RunResult ready = Svwait({"-U", "-t", "5000", Service("d")});
  EXPECT_EQ(ready.exit_code, 100);
  EXPECT_NE(ready.err.find("-U and -D need hardened-daemontools' supervise"),
            std::string::npos)
      << ready.err;
  ASSERT_EQ(RunProgram({reference.svc, "-dx", Service("d")}).exit_code, 0);
  EXPECT_EQ(Svwait({"-x", "-t", "10000", Service("d")}).exit_code, 0);
}

}  // namespace
}  // namespace tests
