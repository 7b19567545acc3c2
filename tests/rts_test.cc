// The supervise-family checks of daemontools 0.76's own test script
// (rts.tests items 1-8), run against our programs and the reference, each
// compared with the output the original produces.
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/harness.h"

namespace tests {
namespace {

constexpr char kExpected[] =
    "--- svstat handles new and nonexistent directories\n"
    "test.sv: unable to open supervise/ok: file does not exist\n"
    "nonexistent: unable to chdir: file does not exist\n"
    "0\n"
    "--- svc handles new and nonexistent directories\n"
    "svc: warning: unable to control test.sv: file does not exist\n"
    "svc: warning: unable to chdir to nonexistent: file does not exist\n"
    "0\n"
    "--- svok handles new and nonexistent directories\n"
    "100\n"
    "svok: fatal: unable to chdir to nonexistent: file does not exist\n"
    "111\n"
    "--- supervise handles nonexistent directories\n"
    "supervise: fatal: unable to chdir to nonexistent: file does not exist\n"
    "111\n"
    "--- supervise starts, svok works, svstat works, svc -x works\n"
    "test.sv: down x seconds\n"
    "0\n"
    "0\n"
    "test.sv: supervise not running\n"
    "0\n"
    "--- svc -ox works\n"
    "hi\n"
    "--- svstat works for up services\n"
    ".: up (pid x) x seconds, normally down\n"
    "0\n"
    "--- svc -u works\n"
    "first\n"
    "second\n";

// A directory with the suite's programs under their daemontools names.
void LinkPrograms(const Suite& suite, const std::string& bin) {
  MakeDir(bin);
  for (const std::string& program :
       {suite.supervise, suite.svc, suite.svstat, suite.svok}) {
    std::string name = program.substr(program.rfind('/') + 1);
    ASSERT_EQ(symlink(program.c_str(), (bin + "/" + name).c_str()), 0);
  }
}

std::string RunRts(const Suite& suite) {
  TempDir dir;
  LinkPrograms(suite, dir / "bin");
  MakeDir(dir / "work");
  std::string script = OurProgram("tests/rts_supervise.sh");
  RunResult result = RunProgram(
      {"env", "-", "PATH=" + (dir / "bin") + ":/bin:/usr/bin", "/bin/sh", "-c",
       "/bin/sh \"$0\" \"$1\" 2>&1", script, dir / "work"},
      "", 30000);
  return result.out;
}

TEST(RtsTest, OurSuitePassesTheOriginalChecks) {
  EXPECT_EQ(RunRts(OurSuite()), kExpected);
}

TEST(RtsTest, ReferenceProducesTheSameText) {
  if (!ReferenceInstalled()) {
    GTEST_SKIP() << "reference daemontools not installed (make deps)";
  }
  EXPECT_EQ(RunRts(ReferenceSuite()), kExpected);
}

}  // namespace
}  // namespace tests
