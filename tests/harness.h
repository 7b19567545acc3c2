// Helpers for tests that drive real processes: temporary service trees,
// running programs with captured output, waiting on conditions with a
// deadline, and killing every process a test started.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status_record.h"

namespace tests {

// The programs of one suite: ours (from the build) or the reference
// daemontools 0.76 from Debian.
struct Suite {
  std::string name;
  std::string supervise;
  std::string svc;
  std::string svstat;
  std::string svok;
  std::string svscan;
};

Suite OurSuite();
Suite ReferenceSuite();
bool ReferenceInstalled();

// Where a test's own program of ours lives, e.g. OurProgram("svc/svc").
std::string OurProgram(const std::string& package_and_name);

// The command line that runs our svscan over `scan` with our supervise
// first on PATH (svscan finds supervise along PATH, as 0.76 does).
std::vector<std::string> OurSvscanCommand(const std::string& scan);

struct RunResult {
  int exit_code = -1;  // -1 if killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

// Runs argv to completion in `cwd` (if not empty), with stdin from
// /dev/null; gives up and kills it after `timeout_ms`.
RunResult RunProgram(const std::vector<std::string>& argv,
                     const std::string& cwd = "", int timeout_ms = 10000);

// A scratch directory removed (with everything in it) at destruction.
class TempDir {
 public:
  TempDir();
  // Under `base` instead of the test's private directory, e.g. "/tmp" for
  // trees that other users must be able to reach.
  explicit TempDir(const std::string& base);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const {
    return path_ + "/" + name;
  }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const std::string& content,
               int mode = 0644);
std::string ReadFile(const std::string& path);
bool Exists(const std::string& path);
void MakeDir(const std::string& path);

// A service directory with an executable ./run made of `script`
// (a /bin/sh script body).
void MakeService(const std::string& dir, const std::string& script,
                 bool down = false);

// Background processes that are killed (SIGKILL, by pid) and reaped when the
// group is destroyed, so no test leaves anything running.
class ProcessGroup {
 public:
  ~ProcessGroup();
  // Starts argv in `cwd`; stdout and stderr go to the given files
  // (or /dev/null when empty).
  pid_t Start(const std::vector<std::string>& argv, const std::string& cwd = "",
              const std::string& out_file = "",
              const std::string& err_file = "");
  // Waits for `pid` to exit; returns its wait status, or nullopt on timeout.
  std::optional<int> Wait(pid_t pid, int timeout_ms);
  // Also kill this pid (e.g. a service forked by a supervise) at the end.
  void Adopt(pid_t pid) { pids_.push_back(pid); }
  void KillAll();
  // Runs `body` in a child as the attacker account (below) and _exits with
  // its result; the child is killed at the end like every other.
  pid_t StartAsAttacker(const std::function<int()>& body);

 private:
  std::vector<pid_t> pids_;
};

// The unprivileged account whose attacks the hostile-tree tests perform.
inline constexpr uid_t kAttackerUid = 65534;  // nobody
inline constexpr gid_t kAttackerGid = 65534;  // nogroup

// Runs `body` in a child process as the attacker (a fresh process with
// that uid and gid and no supplementary groups) and returns what it
// returned, or -1 if it died or did not finish within `timeout_ms`.
int RunAsAttacker(const std::function<int()>& body, int timeout_ms = 10000);

// Makes `path` and everything below it the attacker's.
void GiveToAttacker(const std::string& path);

// A mount made for one test (a small tmpfs, a bind mount) and detached at
// destruction. ok() is false where mounting is not allowed (not root, no
// CAP_SYS_ADMIN); such a test skips.
class ScopedMount {
 public:
  ScopedMount(const std::string& source, const std::string& target,
              const std::string& type, unsigned long flags,
              const std::string& options = "");
  ~ScopedMount();
  ScopedMount(const ScopedMount&) = delete;
  ScopedMount& operator=(const ScopedMount&) = delete;
  bool ok() const { return ok_; }
  // Changes a bind mount's flags (e.g. MS_RDONLY on, then off).
  bool RemountBind(unsigned long flags);

 private:
  std::string target_;
  bool ok_ = false;
};

// CLOCK_MONOTONIC in milliseconds, for deadlines and durations in tests.
int64_t MonotonicMs();

// Polls `condition` every few milliseconds until it holds or `timeout_ms`
// passes. Returns whether it held.
bool WaitUntil(const std::function<bool()>& condition, int timeout_ms = 10000);

std::optional<common::StatusRecord> ReadStatus(const std::string& dir);

// Fields of /proc/PID/stat; nullopt when the process is gone.
struct ProcStat {
  char state = 0;
  pid_t ppid = 0;
};
std::optional<ProcStat> ReadProcStat(pid_t pid);
bool ProcessAlive(pid_t pid);  // exists and is not a zombie

// One field of /proc/PID/status ("Uid", "CapEff") without its name, or ""
// when absent.
std::string ProcStatusField(pid_t pid, const std::string& field);

// The names in `dir` other than . and .., sorted.
std::vector<std::string> ListDir(const std::string& dir);

// Every live process whose working directory is `dir` or below it.
std::vector<pid_t> ProcessesUnder(const std::string& dir);
// SIGKILLs them all (by pid), repeating until none is left or 5 s passed.
void KillProcessesUnder(const std::string& dir);

// Replaces digits in runs that follow "pid " and numbers before " seconds"
// with x, as rts.tests does, so outputs of two suites can be compared.
std::string Normalise(const std::string& text);

// A scratch tree for services that run as nobody: the directory itself is
// reachable (0755; a TempDir is 0700) and results/ is world-writable, for
// the services to write back what they saw.
class ServiceTree : public TempDir {
 public:
  explicit ServiceTree(const std::string& base);
  std::string results() const { return *this / "results"; }
  // Copies tests/probe/probe into the tree, where nobody can run it (the
  // build's copy is under root's home); returns the copy's path.
  std::string CopyProbe() const;
};

// The fixture of tests that run one service as nobody under our
// supervise: a ServiceTree under `tree_base` with the probe copied in and
// the service directory service_ (not made yet). Skips unless root.
class NobodyServiceTest : public testing::Test {
 protected:
  explicit NobodyServiceTest(std::string tree_base)
      : tree_base_(std::move(tree_base)) {}
  void SetUp() override;
  void TearDown() override;

  // Starts supervise on service_ and waits until svok says it runs.
  pid_t StartSupervise();
  // The content of results/NAME once it exists; a test failure if it
  // does not appear.
  std::string WaitForResult(const std::string& name);
  std::string Svstat();

  Suite ours_ = OurSuite();
  std::unique_ptr<ServiceTree> dir_;
  std::string probe_, results_, service_;
  ProcessGroup processes_;

 private:
  std::string tree_base_;
};

}  // namespace tests
