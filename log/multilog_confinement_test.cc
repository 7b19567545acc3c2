// multilog's Landlock confinement, for real in forked children: beneath
// the log directories it holds everything multilog does works; anything
// else (a root-only file, a new file elsewhere, /etc/passwd) is refused,
// which is what stands between a compromised root multilog and the rest
// of the filesystem (F12).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "log/log_directory.h"
#include "sandbox/in_child.h"
#include "sandbox/landlock.h"

namespace log_tools {
namespace {

using sandbox::ExpectErrno;

class MultilogConfinementTest : public testing::Test {
 protected:
  void SetUp() override {
    if (sandbox::LandlockAbi() == 0) {
      GTEST_SKIP() << "this kernel has no Landlock";
    }
    std::string base =
        std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp";
    std::string pattern = base + "/confineXXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    ASSERT_EQ(mkdir((root_ + "/outside").c_str(), 0755), 0);
    int fd =
        open((root_ + "/outside/secret").c_str(), O_WRONLY | O_CREAT, 0600);
    ASSERT_GE(fd, 0);
    close(fd);
  }
  void TearDown() override {
    if (!root_.empty()) {
      std::string command = "rm -rf '" + root_ + "'";
      EXPECT_EQ(std::system(command.c_str()), 0);
    }
  }

  // Opens the log directories at `paths` as multilog does, runs `after`
  // (which may move them), confines the child to them, then runs `probe`.
  std::string Confined(const std::vector<std::string>& paths,
                       const std::function<void()>& after,
                       const std::function<std::string(int first)>& probe) {
    int status = 0;
    std::string report = sandbox::RunInChild(
        [&] {
          std::vector<common::UniqueFd> held;
          std::vector<DirectorySettings> settings;
          for (const std::string& path : paths) {
            struct stat info;
            held.push_back(LogDirectory::Open(path, &info));
            DirectorySettings one;
            one.path = path;
            settings.push_back(one);
          }
          after();
          LogDirectory::ConfineTo(held, settings);
          return probe(held[0].get());
        },
        &status);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    return report;
  }

  std::string root_;
};

TEST_F(MultilogConfinementTest, WorksInItsDirectoriesOnly) {
  std::string outside = root_ + "/outside";
  std::string report = Confined(
      {root_ + "/main", root_ + "/second"}, [] {},
      [&](int dir) {
        std::string r;
        int current = openat(dir, "current", O_WRONLY | O_CREAT, 0644);
        r += ExpectErrno("create current", current, 0);
        close(current);
        r += ExpectErrno("link an archive",
                         linkat(dir, "current", dir, "@1.s", 0), 0);
        r +=
            ExpectErrno("rename", renameat(dir, "current", dir, "previous"), 0);
        r += ExpectErrno("remove", unlinkat(dir, "previous", 0), 0);
        r += ExpectErrno(
            "create in the second",
            open((root_ + "/second/current").c_str(), O_WRONLY | O_CREAT, 0644),
            0);
        r += ExpectErrno("read outside",
                         open((outside + "/secret").c_str(), O_RDONLY), EACCES);
        r += ExpectErrno("write outside",
                         open((outside + "/secret").c_str(), O_WRONLY), EACCES);
        r += ExpectErrno(
            "create outside",
            open((outside + "/poc").c_str(), O_WRONLY | O_CREAT, 0644), EACCES);
        r += ExpectErrno("read /etc/passwd", open("/etc/passwd", O_RDONLY),
                         EACCES);
        return r;
      });
  EXPECT_EQ(report, "");
}

// The rule lands on the directory multilog opened, not on whatever its
// path names by the time the rules are made.
TEST_F(MultilogConfinementTest, RuleFollowsTheHeldDirectoryNotItsPath) {
  std::string path = root_ + "/main";
  std::string report = Confined(
      {path},
      [&] {
        rename(path.c_str(), (root_ + "/moved").c_str());
        mkdir(path.c_str(), 0755);
      },
      [&](int dir) {
        std::string r;
        r += ExpectErrno("create in the held directory",
                         openat(dir, "current", O_WRONLY | O_CREAT, 0644), 0);
        r += ExpectErrno(
            "create in the directory now at its path",
            open((path + "/current").c_str(), O_WRONLY | O_CREAT, 0644),
            EACCES);
        return r;
      });
  EXPECT_EQ(report, "");
}

}  // namespace
}  // namespace log_tools
