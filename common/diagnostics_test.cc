#include "common/diagnostics.h"

#include <cerrno>
#include <string>

#include "gtest/gtest.h"

namespace {

// The 0.76 shapes: "PROG: fatal: WHAT: ERR", "PROG: warning: WHAT".
TEST(DiagnosticsDeathTest, DieSysAppendsTheErrorText) {
  common::SetProgramName("svc");
  EXPECT_EXIT(
      {
        errno = ENOENT;
        common::DieSys(111, "unable to chdir to ", std::string("x"));
      },
      testing::ExitedWithCode(111),
      "^svc: fatal: unable to chdir to x: file does not exist\n$");
}

TEST(DiagnosticsDeathTest, DieFatalAndUsage) {
  common::SetProgramName("svok");
  EXPECT_EXIT(common::DieFatal(111, "unknown account ", "x"),
              testing::ExitedWithCode(111),
              "^svok: fatal: unknown account x\n$");
  EXPECT_EXIT(common::DieUsage("svok: usage: svok dir"),
              testing::ExitedWithCode(100), "^svok: usage: svok dir\n$");
}

TEST(DiagnosticsDeathTest, WarningsKeepErrno) {
  common::SetProgramName("svscan");
  EXPECT_EXIT(
      {
        errno = EACCES;
        common::WarnSys("unable to stat ", "x");
        common::Warn("ignoring ", "y");
        _exit(errno == EACCES ? 0 : 1);
      },
      testing::ExitedWithCode(0),
      "^svscan: warning: unable to stat x: access denied\n"
      "svscan: warning: ignoring y\n$");
}

}  // namespace
