// Each terminal tool, caught while it runs: its output goes into a pipe
// that is already full (or it waits for input), so it blocks, and its
// /proc/PID/status shows the lockdown: no capability in any set,
// no_new_privs, a seccomp filter.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/harness.h"

namespace tests {
namespace {

std::string Field(pid_t pid, const std::string& field) {
  return ProcStatusField(pid, field);
}

// Starts argv with stdin from an open, empty pipe and stdout/stderr into
// a full pipe; returns the pid once the tool is blocked.
struct Blocked {
  pid_t pid = -1;
  int input_writer = -1;
  int output_reader = -1;
};

Blocked StartBlocked(const std::vector<std::string>& argv) {
  int input[2], output[2];
  EXPECT_EQ(pipe(input), 0);
  EXPECT_EQ(pipe(output), 0);
  fcntl(output[1], F_SETFL, O_NONBLOCK);
  char filler[4096] = {};
  while (write(output[1], filler, sizeof(filler)) > 0) {
  }
  fcntl(output[1], F_SETFL, 0);
  Blocked blocked;
  blocked.pid = fork();
  if (blocked.pid == 0) {
    dup2(input[0], 0);
    dup2(output[1], 1);
    dup2(output[1], 2);
    std::vector<char*> pointers;
    for (const std::string& word : argv) {
      pointers.push_back(const_cast<char*>(word.c_str()));
    }
    pointers.push_back(nullptr);
    execv(pointers[0], pointers.data());
    _exit(127);
  }
  close(input[0]);
  close(output[1]);
  blocked.input_writer = input[1];
  blocked.output_reader = output[0];
  // Blocked in a read or write: state S with the seccomp filter in place.
  WaitUntil([&] { return Field(blocked.pid, "Seccomp") == "2"; });
  return blocked;
}

void Finish(Blocked& blocked) {
  kill(blocked.pid, SIGKILL);
  waitpid(blocked.pid, nullptr, 0);
  close(blocked.input_writer);
  close(blocked.output_reader);
}

// `kept`: the capability mask the tool keeps when run by root.
void ExpectLockedDown(const std::vector<std::string>& argv,
                      const std::string& kept = "0000000000000000") {
  Blocked blocked = StartBlocked(argv);
  SCOPED_TRACE(argv[0]);
  std::string expected = geteuid() == 0 ? kept : "0000000000000000";
  EXPECT_EQ(Field(blocked.pid, "CapEff"), expected);
  EXPECT_EQ(Field(blocked.pid, "CapPrm"), expected);
  EXPECT_EQ(Field(blocked.pid, "CapInh"), "0000000000000000");
  EXPECT_EQ(Field(blocked.pid, "CapAmb"), "0000000000000000");
  if (geteuid() == 0) {
    EXPECT_EQ(Field(blocked.pid, "CapBnd"), expected);
  }
  EXPECT_EQ(Field(blocked.pid, "NoNewPrivs"), "1");
  EXPECT_EQ(Field(blocked.pid, "Seccomp"), "2");
  Finish(blocked);
}

TEST(ToolLockdownTest, EveryTerminalToolIsLockedDownWhileItRuns) {
  TempDir dir;
  Suite ours = OurSuite();
  // Each one ends up writing a line into the full pipe, or reading.
  // The clients keep CAP_DAC_OVERRIDE (bit 1) to reach another account's
  // supervise/, as daemontools' clients can.
  ExpectLockedDown({ours.svc, "-u", dir / "nonexistent"}, "0000000000000002");
  ExpectLockedDown({ours.svstat, dir / "nonexistent"}, "0000000000000002");
  ExpectLockedDown({ours.svok, dir / "nonexistent"}, "0000000000000002");
  // svwait waits (in poll) for a supervise that never comes.
  ExpectLockedDown({OurProgram("svc/svwait"), "-u", dir.path()},
                   "0000000000000002");
  ExpectLockedDown({OurProgram("svscan/readproctitle"), "x", "........"});
  ExpectLockedDown({OurProgram("log/tai64n")});
  ExpectLockedDown({OurProgram("log/tai64nlocal")});
}

// multilog keeps the two capabilities root needs to write in a log
// directory it does not own (CAP_DAC_OVERRIDE, CAP_FOWNER); nothing else.
TEST(ToolLockdownTest, MultilogKeepsOnlyWhatItsDirectoriesNeed) {
  TempDir dir;
  ExpectLockedDown({OurProgram("log/multilog"), dir / "log"},
                   "000000000000000a");
}

}  // namespace
}  // namespace tests
