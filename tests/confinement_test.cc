// Policies applied to real processes through applypolicy: a policy with
// only "groups" sets exactly those groups (F9), and deny-list groups close
// the gaps of F13 (pidfd_getfd, io_uring, namespaces through clone and
// clone3) while fork and threads keep working. Needs root; the attacks run
// as nobody.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "tests/harness.h"

namespace tests {
namespace {

class ConfinementTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to apply policies";
    // Under /tmp, reachable by nobody; the attack program is copied in.
    dir_ = std::make_unique<TempDir>("/tmp");
    ASSERT_EQ(chmod(dir_->path().c_str(), 0755), 0);
    attack_ = *dir_ / "attack";
    WriteFile(attack_, ReadFile(OurProgram("tests/attack/attack")), 0755);
  }

  // Runs argv under a root-owned policy file holding `policy`.
  RunResult UnderPolicy(const std::string& policy,
                        const std::vector<std::string>& argv,
                        const std::vector<std::string>& prefix = {}) {
    std::string file = *dir_ / "policy";
    WriteFile(file, policy, 0644);
    std::vector<std::string> command = prefix;
    command.push_back(OurProgram("chain/applypolicy"));
    command.push_back(file);
    command.insert(command.end(), argv.begin(), argv.end());
    return RunProgram(command);
  }

  // The "Groups:" line of /proc/self/status of a program run under
  // `policy`, started with supplementary groups 4 and 24.
  std::string GroupsUnder(const std::string& policy) {
    RunResult result =
        UnderPolicy(policy, {"/bin/grep", "^Groups:", "/proc/self/status"},
                    {"setpriv", "--groups", "4,24", "--"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::string line = result.out;
    while (!line.empty() &&
           (line.back() == '\n' || line.back() == ' ' || line.back() == '\t')) {
      line.pop_back();
    }
    return line;
  }

  std::string Attack(const std::string& policy, const std::string& what) {
    RunResult result = UnderPolicy(policy, {attack_, what});
    EXPECT_EQ(result.exit_code, 0) << what << ": " << result.err;
    return result.out;
  }

  std::unique_ptr<TempDir> dir_;
  std::string attack_;
};

TEST_F(ConfinementTest, GroupsAloneAreExactlyTheGroupsListed) {
  // The starting point the policies must replace.
  EXPECT_EQ(GroupsUnder("umask 022\n"), "Groups:\t4 24");
  EXPECT_EQ(GroupsUnder("groups nogroup\n"), "Groups:\t65534");
  EXPECT_EQ(GroupsUnder("groups nogroup,0\n"), "Groups:\t0 65534");
  EXPECT_EQ(GroupsUnder("groups none\n"), "Groups:");
}

constexpr char kNobody[] = "user nobody\n";
// The deny-list of the F13 report.
constexpr char kDenyList[] =
    "user nobody\n"
    "seccomp deny @debug @privileged @mount\n"
    "seccomp_action errno EPERM\n";

TEST_F(ConfinementTest, DenyListGroupsRefuseWhatF13Escaped) {
  // Each attack works for nobody without a filter, so a refusal below is
  // the filter's doing.
  for (const char* what :
       {"pidfd_getfd", "io_uring_setup", "clone_newuser", "clone3_newuser"}) {
    ASSERT_EQ(Attack(kNobody, what), std::string(what) + " ok\n")
        << "this kernel already refuses it to nobody";
  }
  EXPECT_EQ(Attack(kDenyList, "pidfd_getfd"), "pidfd_getfd errno 1\n");
  EXPECT_EQ(Attack(kDenyList, "clone_newuser"), "clone_newuser errno 1\n");
  // ENOSYS (38): glibc then falls back to clone, which is filtered.
  EXPECT_EQ(Attack(kDenyList, "clone3_newuser"), "clone3_newuser errno 38\n");
  // Processes and threads are still possible.
  EXPECT_EQ(Attack(kDenyList, "fork"), "fork ok\n");
  EXPECT_EQ(Attack(kDenyList, "thread"), "thread ok\n");
  // io_uring is asynchronous I/O, as in systemd.
  EXPECT_EQ(Attack("user nobody\nseccomp deny @aio\nseccomp_action errno "
                   "EPERM\n",
                   "io_uring_setup"),
            "io_uring_setup errno 1\n");
}

TEST_F(ConfinementTest, DenyingOnlyUnshareAlsoRefusesCloneIntoNamespaces) {
  const std::string policy =
      "user nobody\nseccomp deny unshare\nseccomp_action errno EPERM\n";
  EXPECT_EQ(Attack(policy, "clone_newuser"), "clone_newuser errno 1\n");
  EXPECT_EQ(Attack(policy, "clone3_newuser"), "clone3_newuser errno 38\n");
  EXPECT_EQ(Attack(policy, "thread"), "thread ok\n");
}

TEST_F(ConfinementTest, AllowListWithoutUnshareRefusesCloneIntoNamespaces) {
  const std::string policy =
      "user nobody\n"
      "seccomp allow @basic-io @file-system @memory @signal @timer @identity "
      "clone clone3 fork wait4 exit futex kill getpid gettid tgkill "
      "set_robust_list rseq madvise\n"
      "seccomp_action errno EPERM\n";
  EXPECT_EQ(Attack(policy, "clone_newuser"), "clone_newuser errno 1\n");
  EXPECT_EQ(Attack(policy, "clone3_newuser"), "clone3_newuser errno 38\n");
  EXPECT_EQ(Attack(policy, "fork"), "fork ok\n");
  EXPECT_EQ(Attack(policy, "thread"), "thread ok\n");
}

}  // namespace
}  // namespace tests
