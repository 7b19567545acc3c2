// The chain-loading tools and tai64n/tai64nlocal against the reference
// daemontools: the same inputs, outputs and exit codes; the rts.tests
// checks for them; and the cases where we are safer on purpose.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "tests/harness.h"

namespace tests {
namespace {

std::string Ours(const std::string& name) {
  return OurProgram(name == "tai64n" || name == "tai64nlocal"
                        ? "log/" + name
                        : "chain/" + name);
}

std::string Theirs(const std::string& name) { return "/usr/bin/" + name; }

class ChainToolsTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!ReferenceInstalled()) GTEST_SKIP() << "reference not installed";
  }

  // Runs `name` with `arguments` from both suites (through sh, so the
  // arguments may use the shell) and expects the same results.
  void ExpectSame(const std::string& name, const std::string& arguments,
                  const std::string& input = "") {
    RunResult ours = Shell(Ours(name), arguments, input);
    RunResult theirs = Shell(Theirs(name), arguments, input);
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << name << " " << arguments;
    EXPECT_EQ(ours.out, theirs.out) << name << " " << arguments;
    EXPECT_EQ(ours.err, theirs.err) << name << " " << arguments;
  }

  RunResult Shell(const std::string& program, const std::string& arguments,
                  const std::string& input) {
    WriteFile(dir_ / "input", input);
    return RunProgram(
        {"/bin/sh", "-c", "exec \"$0\" " + arguments + " < input", program},
        dir_.path());
  }

  TempDir dir_;
};

TEST_F(ChainToolsTest, UsageAndMissingPrograms) {
  for (const char* name : {"setuidgid", "envuidgid", "envdir", "softlimit",
                           "setlock", "fghack", "pgrphack"}) {
    ExpectSame(name, "");
  }
  ExpectSame("envuidgid", "root");
  ExpectSame("envdir", ".");
  ExpectSame("setlock", "lockfile");
  ExpectSame("softlimit", "-m");
  ExpectSame("softlimit", "-m 12x true");
  ExpectSame("softlimit", "-p0 ./nonexistent");
  ExpectSame("fghack", "./nonexistent");
  ExpectSame("pgrphack", "./nonexistent");
  ExpectSame("envuidgid", "root ./nonexistent");
  ExpectSame("setuidgid", "no-such-account-here true");
  ExpectSame("envuidgid", "no-such-account-here true");
  ExpectSame("setuidgid", "nobody ./nonexistent");
}

TEST_F(ChainToolsTest, RtsChecks) {
  ExpectSame("softlimit", "-p0 echo ./nonexistent");
  ExpectSame("fghack", "sh -c 'echo hi &'");
  ExpectSame("pgrphack", "echo ok");
  ExpectSame("envuidgid", "root sh -c 'echo $UID $GID'");
  ExpectSame("setuidgid", "nobody id");
  ExpectSame("fghack", "sh -c 'exit 7'");
  ExpectSame("fghack", "sh -c 'kill -9 $$'");
  ExpectSame("pgrphack",
             "sh -c 'ps -o pid=,pgid=,sid= -p $$ | "
             "awk \"{print (\\$1==\\$2 && \\$2==\\$3)}\"'");
}

TEST_F(ChainToolsTest, Envdir) {
  MakeDir(dir_ / "env1");
  WriteFile(dir_ / "env1/Message", "This is a test. This is only a test.\n");
  WriteFile(dir_ / "env1/Trailing", "value \t \nsecond line\n");
  WriteFile(dir_ / "env1/Nul", std::string("a\0b\n", 4));
  WriteFile(dir_ / "env1/Blank", "\n");
  WriteFile(dir_ / "env1/.hidden", "ignored\n");
  MakeDir(dir_ / "env2");
  WriteFile(dir_ / "env2/Message", "");
  ExpectSame("envdir", "env1 sh -c 'echo \"$Message\"'");
  ExpectSame("envdir",
             "env1 sh -c 'echo \"[$Trailing][$Nul][${Blank-unset}]"
             "[${hidden-unset}]\"'");
  ExpectSame("envdir", "env1 envdir env2 sh -c 'echo \"${Message-removed}\"'");
  ASSERT_EQ(symlink("loop", (dir_ / "loop").c_str()), 0);
  ExpectSame("envdir", "loop true");
  MakeDir(dir_ / "env3");
  MakeDir(dir_ / "env3/Dir");
  ExpectSame("envdir", "env3 true");
  ExpectSame("envdir", "nonexistent true");
  // The environment itself, sorted (0.76 reorders it).
  RunResult ours = Shell(Ours("envdir"), "env1 env", "");
  RunResult theirs = Shell(Theirs("envdir"), "env1 env", "");
  auto sorted = [](std::string text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  EXPECT_EQ(sorted(ours.out), sorted(theirs.out));
}

TEST_F(ChainToolsTest, EnvdirDanglingEntryIsAnErrorNotTheLastValue) {
  MakeDir(dir_ / "env");
  WriteFile(dir_ / "env/A", "valA\n");
  ASSERT_EQ(symlink("nowhere", (dir_ / "env/H").c_str()), 0);
  RunResult ours = Shell(Ours("envdir"), "env sh -c 'echo $H'", "");
  EXPECT_EQ(ours.exit_code, 111);
  EXPECT_EQ(ours.err,
            "envdir: fatal: unable to read env/H: file does not exist\n");
}

TEST_F(ChainToolsTest, Setlock) {
  ExpectSame("setlock", "nonexistent/lock true");
  ExpectSame("setlock", "-x nonexistent/lock true");
  ExpectSame("setlock", "-q lock true");
  ExpectSame("setlock", "lock echo ok");
  WriteFile(dir_ / "kept", "content\n");
  ExpectSame("setlock", "kept cat kept");
  // Already locked: -n complains, -nx is quiet.
  ExpectSame("setlock", "lock setlock -n lock echo two");
  ExpectSame("setlock", "lock setlock -nx lock echo two");
  ExpectSame("setlock", "lock sh -c 'setlock -nx lock echo two; echo after'");
}

TEST_F(ChainToolsTest, SoftlimitSetsOnlySoftLimits) {
  ExpectSame("softlimit", "-o 20 sh -c 'ulimit -Sn; ulimit -Hn'");
  ExpectSame("softlimit", "-o = sh -c 'ulimit -Sn'");
  ExpectSame(
      "softlimit",
      "-m 100000000 sh -c 'ulimit -Sd; ulimit -Ss; ulimit -Sl; ulimit -Sv'");
  ExpectSame("softlimit", "-o 99999999 sh -c 'ulimit -Sn'");   // clamped
  ExpectSame("softlimit", "-c 0 -c 1024 sh -c 'ulimit -Sc'");  // last wins
}

TEST_F(ChainToolsTest, Tai64n) {
  RunResult ours = Shell(Ours("tai64n"), "", "ONE\nTWO\npartial");
  EXPECT_EQ(ours.exit_code, 0);
  std::istringstream lines(ours.out);
  std::string line;
  std::vector<std::string> all;
  while (std::getline(lines, line)) all.push_back(line);
  ASSERT_EQ(all.size(), 3u);
  for (const std::string& each : all) {
    ASSERT_GE(each.size(), 26u);
    EXPECT_EQ(each[0], '@');
    EXPECT_EQ(each.find_first_not_of("0123456789abcdef", 1), 25u);
    EXPECT_EQ(each[25], ' ');
  }
  EXPECT_EQ(all[0].substr(26), "ONE");
  EXPECT_EQ(all[2].substr(26), "partial");
  EXPECT_NE(ours.out.back(), '\n');  // a partial line stays partial
}

TEST_F(ChainToolsTest, Tai64nlocal) {
  std::string input =
      "@4000000037c219bf2ef02e94 hello\nplain\n@400000006b04958a3a0d714c x\n";
  for (const char* zone : {"UTC", "America/New_York"}) {
    RunResult ours = RunProgram(
        {"/bin/sh", "-c", std::string("TZ=") + zone + " exec \"$0\" < input",
         Ours("tai64nlocal")},
        dir_.path());
    WriteFile(dir_ / "input", input);
    ours = RunProgram(
        {"/bin/sh", "-c", std::string("TZ=") + zone + " exec \"$0\" < input",
         Ours("tai64nlocal")},
        dir_.path());
    RunResult theirs = RunProgram(
        {"/bin/sh", "-c", std::string("TZ=") + zone + " exec \"$0\" < input",
         Theirs("tai64nlocal")},
        dir_.path());
    EXPECT_EQ(ours.out, theirs.out) << zone;
    EXPECT_EQ(ours.exit_code, theirs.exit_code);
  }
  // Malformed labels: 0.76 crashes, we pass them through.
  RunResult bad = Shell(Ours("tai64nlocal"), "", "@zz x\n@12 y\nok\n");
  EXPECT_EQ(bad.exit_code, 0);
  EXPECT_EQ(bad.out, "@zz x\n@12 y\nok\n");
}

// Issue 21 (G6, G7): what another account can put in an env dir or a log
// does not make envdir or tai64nlocal misbehave.
class HostileInputTest : public ChainToolsTest {
 protected:
  void SetUp() override {
    ChainToolsTest::SetUp();
    if (IsSkipped()) return;
    if (geteuid() != 0) GTEST_SKIP() << "needs root to act as nobody";
    ASSERT_EQ(chmod(open_.path().c_str(), 0755), 0);
    MakeDir(open_ / "env");
    ASSERT_EQ(chown((open_ / "env").c_str(), 65534, 65534), 0);
  }

  // The attacker: runs `script` as nobody in the shared directory.
  void AsNobody(const std::string& script) {
    RunResult result = RunProgram({"setpriv", "--reuid=65534", "--regid=65534",
                                   "--clear-groups", "/bin/sh", "-c", script},
                                  open_.path(), 60000);
    ASSERT_EQ(result.exit_code, 0) << script << ": " << result.err;
  }

  // The victim: root runs `program arguments` in the shared directory.
  RunResult AsRoot(const std::string& program, const std::string& arguments) {
    return RunProgram({"/bin/sh", "-c", "exec \"$0\" " + arguments, program},
                      open_.path());
  }

  TempDir open_{"/tmp"};
};

std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST_F(HostileInputTest, EnvdirNameWithEqualsReplacesTheVariable) {
  // 0.76 takes the variable's name up to the first '=': the file replaces
  // FOO (and an empty one sets BAZ to "BAZ=Q"'s value, Q).
  AsNobody("echo x > 'env/FOO=BAR'; : > 'env/BAZ=Q'; echo y > env/OTHER");
  const std::string arguments = "env /usr/bin/env";
  RunResult ours = AsRoot("/usr/bin/env", "-i FOO=orig BAZ=1 KEPT=k " +
                                              Ours("envdir") + " " + arguments);
  RunResult theirs =
      AsRoot("/usr/bin/env",
             "-i FOO=orig BAZ=1 KEPT=k " + Theirs("envdir") + " " + arguments);
  ASSERT_EQ(theirs.exit_code, 0) << theirs.err;
  EXPECT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(SortedLines(ours.out), SortedLines(theirs.out));
  EXPECT_EQ(
      SortedLines(ours.out),
      (std::vector<std::string>{"BAZ=Q", "FOO=BAR=x", "KEPT=k", "OTHER=y"}));
}

TEST_F(HostileInputTest, EnvdirRefusesAnEndlessFileUnderAMemoryLimit) {
  AsNobody("echo v > env/A; ln -s /dev/zero env/BIG");
  const std::string limited = "--as=268435456";  // 256 MiB of address space
  RunResult ours = RunProgram(
      {"prlimit", limited, Ours("envdir"), "env", "true"}, open_.path());
  EXPECT_EQ(ours.exit_code, 111) << ours.err;
  EXPECT_EQ(ours.err, "envdir: fatal: unable to read env/BIG: file too big\n");
  RunResult theirs = RunProgram(
      {"prlimit", limited, Theirs("envdir"), "env", "true"}, open_.path());
  EXPECT_EQ(theirs.exit_code, 111) << theirs.err;
}

TEST_F(HostileInputTest, EnvdirReadsOnlyTheFirstLine) {
  // A short first line before a long rest is fine, as in 0.76.
  AsNobody("echo first > env/V; head -c 1000000 /dev/zero >> env/V");
  RunResult ours = AsRoot(Ours("envdir"), "env sh -c 'echo \"$V\"'");
  EXPECT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(ours.out, "first\n");
}

// Runs `program` with stdin and stdout redirected to files; returns its
// peak resident size in KiB (-1 if it did not exit 0).
long PeakKibOfRun(const std::string& program, const std::string& in,
                  const std::string& out) {
  pid_t pid = fork();
  if (pid == 0) {
    int input = open(in.c_str(), O_RDONLY);
    int output = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (input < 0 || output < 0 || dup2(input, 0) < 0 || dup2(output, 1) < 0) {
      _exit(127);
    }
    execl(program.c_str(), program.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (pid < 0 || wait4(pid, &status, 0, &usage) != pid) return -1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return usage.ru_maxrss;
}

TEST_F(HostileInputTest, Tai64nlocalStreamsALongLine) {
  // 50 MB after a label and no newline: 0.76 streams it; so must we.
  AsNobody(
      "printf @400000006747a1c500000000 > env/log; "
      "head -c 50000000 /dev/zero | tr '\\0' A >> env/log");
  long ours =
      PeakKibOfRun(Ours("tai64nlocal"), open_ / "env/log", open_ / "ours");
  long theirs =
      PeakKibOfRun(Theirs("tai64nlocal"), open_ / "env/log", open_ / "theirs");
  ASSERT_GT(ours, 0);
  ASSERT_GT(theirs, 0);
  EXPECT_LT(ours, 16 * 1024) << "KiB";
  EXPECT_EQ(RunProgram({"cmp", open_ / "ours", open_ / "theirs"}).exit_code, 0);
}

TEST_F(ChainToolsTest, Tai64nlocalLabelsAcrossReadBoundaries) {
  // Labels that straddle the 4096-byte reads and long lines.
  const std::string label = "@4000000037c219bf2ef02e94";
  std::string input = std::string(4084, 'x') + "\n" + label + " a\n" +
                      std::string(9000, 'y') + "\n" + label + " b\n" +
                      std::string(4090 - 2 * label.size() - 4, 'z') + "\n" +
                      label + " \n" + label + std::string(5000, 'q') + "\n";
  WriteFile(dir_ / "input", input);
  for (const char* zone : {"UTC", "America/New_York"}) {
    auto run = [&](const std::string& program) {
      return RunProgram(
          {"/bin/sh", "-c", std::string("TZ=") + zone + " exec \"$0\" < input",
           program},
          dir_.path());
    };
    RunResult ours = run(Ours("tai64nlocal"));
    RunResult theirs = run(Theirs("tai64nlocal"));
    EXPECT_EQ(ours.exit_code, 0);
    EXPECT_EQ(ours.out, theirs.out) << zone;
  }
}

}  // namespace
}  // namespace tests
