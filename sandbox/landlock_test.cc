// RestrictPaths for real, in forked children: what a rule allows works,
// everything else is refused with EACCES, and a bad rule fails without
// confining anything.
#include "sandbox/landlock.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>

#include "sandbox/in_child.h"

namespace sandbox {
namespace {

// Runs `body` in a child, which must exit normally; returns its report.
std::string InChild(const std::function<std::string()>& body) {
  int status = 0;
  std::string report = RunInChild(body, &status);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  return report;
}

class LandlockTest : public testing::Test {
 protected:
  void SetUp() override {
    if (LandlockAbi() == 0) GTEST_SKIP() << "this kernel has no Landlock";
    std::string base =
        std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp";
    std::string pattern = base + "/landlockXXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    for (const char* dir : {"/read", "/write", "/outside"}) {
      ASSERT_EQ(mkdir((root_ + dir).c_str(), 0755), 0);
    }
    Touch(root_ + "/read/file");
    Touch(root_ + "/outside/secret");
  }
  void TearDown() override {
    if (!root_.empty()) {
      std::string command = "rm -rf '" + root_ + "'";
      EXPECT_EQ(std::system(command.c_str()), 0);
    }
  }
  static void Touch(const std::string& path) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT, 0644);
    ASSERT_GE(fd, 0);
    close(fd);
  }
  std::string At(const char* name) const { return root_ + "/" + name; }

  std::string root_;
};

TEST_F(LandlockTest, ReadBeneathOneTreeWriteBeneathAnotherNothingElse) {
  std::string report = InChild([&] {
    const LandlockRule rules[] = {{At("read"), landlock::kRead},
                                  {At("write"), landlock::kWriteFiles}};
    LandlockResult result = RestrictPaths(rules);
    if (result.status != LandlockResult::kApplied) return Describe(result);
    std::string r;
    r += ExpectErrno("read a file in read/",
                     open(At("read/file").c_str(), O_RDONLY), 0);
    r += ExpectErrno("list read/",
                     open(At("read").c_str(), O_RDONLY | O_DIRECTORY), 0);
    r += ExpectErrno("write a file in read/",
                     open(At("read/file").c_str(), O_WRONLY), EACCES);
    r += ExpectErrno("create in read/",
                     open(At("read/new").c_str(), O_WRONLY | O_CREAT, 0644),
                     EACCES);
    r += ExpectErrno("read outside",
                     open(At("outside/secret").c_str(), O_RDONLY), EACCES);
    r += ExpectErrno("write outside",
                     open(At("outside/new").c_str(), O_WRONLY | O_CREAT, 0644),
                     EACCES);
    r += ExpectErrno("read /etc/passwd", open("/etc/passwd", O_RDONLY), EACCES);
    // What the monitor and multilog do: create, replace, truncate, remove.
    r +=
        ExpectErrno("create in write/",
                    open(At("write/new").c_str(), O_WRONLY | O_CREAT, 0644), 0);
    r += ExpectErrno("truncate in write/",
                     open(At("write/new").c_str(), O_WRONLY | O_TRUNC), 0);
    r += ExpectErrno("rename in write/",
                     rename(At("write/new").c_str(), At("write/final").c_str()),
                     0);
    r += ExpectErrno("link in write/",
                     link(At("write/final").c_str(), At("write/link").c_str()),
                     0);
    r += ExpectErrno("unlink in write/", unlink(At("write/link").c_str()), 0);
    // Rights no rule grants.
    r += ExpectErrno(
        "move write/ to read/",
        rename(At("write/final").c_str(), At("read/moved").c_str()), EACCES);
    r += ExpectErrno("mkdir in write/", mkdir(At("write/dir").c_str(), 0755),
                     EACCES);
    r += ExpectErrno("symlink in write/",
                     symlink("/etc/passwd", At("write/symlink").c_str()),
                     EACCES);
    r += ExpectErrno("mkfifo in write/", mkfifo(At("write/fifo").c_str(), 0600),
                     EACCES);
    r +=
        ExpectErrno("execute in write/",
                    execl(At("write/final").c_str(), "final", nullptr), EACCES);
    return r;
  });
  EXPECT_EQ(report, "");
}

TEST_F(LandlockTest, FileRuleAllowsOnlyThatFile) {
  Touch(At("outside/other"));
  std::string report = InChild([&] {
    const LandlockRule rules[] = {
        {At("outside/secret"), landlock::kRead | landlock::kMakeReg}};
    LandlockResult result = RestrictPaths(rules);
    if (result.status != LandlockResult::kApplied) return Describe(result);
    std::string r;
    r += ExpectErrno("read the file",
                     open(At("outside/secret").c_str(), O_RDONLY), 0);
    r += ExpectErrno("read its neighbour",
                     open(At("outside/other").c_str(), O_RDONLY), EACCES);
    return r;
  });
  EXPECT_EQ(report, "");
}

TEST_F(LandlockTest, TcpIsRefused) {
  if (LandlockAbi() < 4) GTEST_SKIP() << "Landlock ABI < 4 has no TCP rights";
  std::string report = InChild([&] {
    const LandlockRule rules[] = {{At("read"), landlock::kRead}};
    LandlockResult result = RestrictPaths(rules);
    if (result.status != LandlockResult::kApplied) return Describe(result);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {};
    address.sin_family = AF_INET;
    return ExpectErrno(
        "bind TCP",
        bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)),
        EACCES);
  });
  EXPECT_EQ(report, "");
}

TEST_F(LandlockTest, MissingPathFailsAndConfinesNothing) {
  std::string report = InChild([&] {
    const LandlockRule rules[] = {{At("read"), landlock::kRead},
                                  {At("missing"), landlock::kRead}};
    LandlockResult result = RestrictPaths(rules);
    std::string r;
    if (result.status != LandlockResult::kFailed ||
        result.where != At("missing") || result.error != ENOENT) {
      r += "unexpected result: " + Describe(result) + "\n";
    }
    r += ExpectErrno("read outside afterwards",
                     open(At("outside/secret").c_str(), O_RDONLY), 0);
    return r;
  });
  EXPECT_EQ(report, "");
}

TEST_F(LandlockTest, AKernelWithoutLandlockIsReportedNotFailed) {
  struct Case {
    int error;
    LandlockResult::Status status;
    const char* text;
  };
  const Case cases[] = {
      {ENOSYS, LandlockResult::kUnsupported, "this kernel has no Landlock"},
      {EOPNOTSUPP, LandlockResult::kUnsupported,
       "Landlock is not enabled in this kernel"},
      {EPERM, LandlockResult::kFailed,
       "Landlock failed on landlock_create_ruleset: permission denied"},
  };
  for (const Case& expected : cases) {
    std::string report = InChild([&] {
      if (!FailSyscallWith(SYS_landlock_create_ruleset, expected.error)) {
        return std::string("cannot load the filter\n");
      }
      const LandlockRule rules[] = {{At("read"), landlock::kRead}};
      LandlockResult result = RestrictPaths(rules);
      std::string r;
      if (result.status != expected.status) r += "status\n";
      if (Describe(result) != expected.text) r += Describe(result) + "\n";
      return r;
    });
    EXPECT_EQ(report, "") << expected.error;
  }
}

TEST_F(LandlockTest, ReportsTheNewestAbi) {
  std::string report = InChild([&] {
    const LandlockRule rules[] = {{At("read"), landlock::kRead}};
    LandlockResult applied = RestrictPaths(rules);
    if (applied.abi != LandlockAbi()) return Describe(applied) + "\n";
    return std::string();
  });
  EXPECT_EQ(report, "");
  RecordProperty("landlock_abi", LandlockAbi());
}

}  // namespace
}  // namespace sandbox
