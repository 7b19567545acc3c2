// A bounded soak: svscan over services that crash at random, random
// control bytes from several writers at once, and supervise processes
// killed with SIGKILL every so often (svscan restarts them and they adopt
// the running service). At the end every service is brought up and must
// be up exactly once, with one supervise each, and a logged counter must
// have every line exactly once. SOAK_SECONDS sets the length (default 30;
// `make soak` runs longer).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <random>
#include <sstream>
#include <thread>

#include "tests/harness.h"

namespace tests {
namespace {

constexpr int kServices = 12;

std::string Comm(pid_t pid) {
  std::string comm = ReadFile("/proc/" + std::to_string(pid) + "/comm");
  return comm.substr(0, comm.find('\n'));
}

// Our supervise monitors whose working directory is exactly `dir`.
std::vector<pid_t> SupervisesOf(const std::string& dir) {
  std::vector<pid_t> found;
  for (pid_t pid : ProcessesUnder(dir)) {
    char link[4096];
    std::string cwd = "/proc/" + std::to_string(pid) + "/cwd";
    ssize_t length = readlink(cwd.c_str(), link, sizeof(link));
    if (length > 0 && std::string(link, static_cast<size_t>(length)) == dir &&
        Comm(pid) == "supervise") {
      found.push_back(pid);
    }
  }
  return found;
}

std::vector<pid_t> LiveRuns(const std::string& dir) {
  std::vector<pid_t> live;
  std::istringstream starts(ReadFile(dir + "/starts"));
  for (pid_t pid; starts >> pid;) {
    if (ProcessAlive(pid)) live.push_back(pid);
  }
  return live;
}

bool UpExactlyOnce(const std::string& dir) {
  std::vector<pid_t> live = LiveRuns(dir);
  auto status = ReadStatus(dir);
  return live.size() == 1 && status &&
         status->pid == static_cast<uint32_t>(live[0]) &&
         SupervisesOf(dir).size() == 1;
}

TEST(SoakTest, ChaosEndsWithEveryServiceUpExactlyOnce) {
  int seconds = 30;
  if (const char* configured = getenv("SOAK_SECONDS")) {
    seconds = std::max(5, atoi(configured));
  }
  TempDir dir("/tmp");
  std::string scan = dir / "scan";
  MakeDir(scan);
  std::vector<std::string> services;
  for (int i = 0; i < kServices; ++i) {
    std::string service = scan + "/s" + std::to_string(i);
    // Lives 0.2 to 1.8 s, then dies by exit or by SIGKILL.
    std::string life = "0." + std::to_string(2 + (i * 3) % 8);
    MakeService(service, "echo $$ >> starts\nsleep " + life + "\n" +
                             (i % 2 ? "exit 1" : "kill -9 $$"));
    services.push_back(service);
  }
  // A counter whose every line must reach its log exactly once.
  std::string counter = scan + "/counter";
  MakeService(counter,
              "echo $$ >> starts\nexec python3 -u -c 'import itertools, time\n"
              "for i in itertools.count(1):\n  print(i)\n  time.sleep(0.002)'");
  MakeService(counter + "/log",
              "exec " + OurProgram("log/multilog") + " s16777215 ./main");
  ProcessGroup group;
  pid_t svscan =
      group.Start(OurSvscanCommand(scan), scan, "", dir / "svscan.err");
  for (const std::string& service : services) {
    ASSERT_TRUE(WaitUntil([&] { return Exists(service + "/supervise/ok"); }));
  }
  ASSERT_TRUE(WaitUntil([&] { return UpExactlyOnce(counter); }));

  std::atomic<bool> stop{false};
  std::atomic<int> commands{0};
  std::atomic<int> kills{0};
  std::vector<std::thread> chaos;
  for (int writer = 0; writer < 3; ++writer) {
    chaos.emplace_back([&, writer] {
      std::mt19937 random(static_cast<unsigned>(writer + 1));
      const std::string bytes = "udtkpcoh";
      while (!stop) {
        const std::string& service = services[random() % services.size()];
        int fd = open((service + "/supervise/control").c_str(),
                      O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0) {
          char byte = bytes[random() % bytes.size()];
          if (write(fd, &byte, 1) == 1) ++commands;
          close(fd);
        }
        usleep(20000);
      }
    });
  }
  chaos.emplace_back([&] {
    std::mt19937 random(99);
    std::vector<std::string> targets = services;
    targets.push_back(counter);
    targets.push_back(counter + "/log");
    while (!stop) {
      usleep(400000);
      const std::string& target = targets[random() % targets.size()];
      for (pid_t pid : SupervisesOf(target)) {
        kill(pid, SIGKILL);
        ++kills;
      }
    }
  });
  WaitUntil([&] { return false; }, seconds * 1000);  // the soak itself
  stop = true;
  for (std::thread& thread : chaos) thread.join();
  ASSERT_TRUE(ProcessAlive(svscan));

  // Calm: everything continued and wanted up.
  for (const std::string& service : services) {
    EXPECT_TRUE(WaitUntil([&] { return SupervisesOf(service).size() == 1; }))
        << service;
    RunResult result = RunProgram({OurSuite().svc, "-cu", service});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    // Make the services stay up now, so "up exactly once" is a steady state.
    // (A new file renamed over run: a shell still reading the old one
    // must not see its text change.)
    WriteFile(service + "/run.new",
              "#!/bin/sh\necho $$ >> starts\nexec sleep 100000\n", 0755);
    rename((service + "/run.new").c_str(), (service + "/run").c_str());
    RunProgram({OurSuite().svc, "-t", service});
  }
  size_t starts = 0;
  for (const std::string& service : services) {
    EXPECT_TRUE(WaitUntil([&] { return UpExactlyOnce(service); }, 15000))
        << service << ": " << LiveRuns(service).size() << " alive, "
        << SupervisesOf(service).size() << " supervise";
    std::istringstream lines(ReadFile(service + "/starts"));
    for (std::string line; std::getline(lines, line);) ++starts;
  }
  EXPECT_TRUE(UpExactlyOnce(counter)) << ReadFile(dir / "svscan.err");
  EXPECT_EQ(ReadFile(counter + "/starts"),
            std::to_string(LiveRuns(counter)[0]) + "\n")
      << "the counter was never restarted";

  // Stop the counter, let the logger drain, then check every number.
  RunProgram({OurSuite().svc, "-d", counter});
  ASSERT_TRUE(WaitUntil([&] { return LiveRuns(counter).empty(); }));
  std::string logged;
  int64_t last = 0;
  ASSERT_TRUE(WaitUntil([&] {
    logged = ReadFile(counter + "/log/main/current");
    std::istringstream numbers(logged);
    int64_t n = 0;
    for (int64_t value; numbers >> value;) n = value;
    if (n != last) {
      last = n;
      return false;  // still draining
    }
    return n > 0;
  }));
  std::istringstream numbers(logged);
  int64_t expected = 1;
  bool contiguous = true;
  for (int64_t value; numbers >> value; ++expected) {
    if (value != expected) {
      contiguous = false;
      ADD_FAILURE() << "log line " << expected << " is " << value;
      break;
    }
  }
  EXPECT_TRUE(contiguous);
  printf(
      "SOAK: %d s, %d services + logged counter, %d control bytes, "
      "%d supervise SIGKILLs, %zu starts, %lld log lines, lost 0\n",
      seconds, kServices, commands.load(), kills.load(), starts,
      static_cast<long long>(expected - 1));

  group.KillAll();
  KillProcessesUnder(dir.path());
}

}  // namespace
}  // namespace tests
