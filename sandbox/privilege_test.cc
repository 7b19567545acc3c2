#include "sandbox/privilege.h"

#include <linux/capability.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "gtest/gtest.h"

namespace sandbox {
namespace {

TEST(PrivilegeTest, CapabilityBitsIgnoresNumbersOutOfRange) {
  const int capabilities[] = {CAP_NET_ADMIN, CAP_SETPCAP, -1, 64};
  EXPECT_EQ(CapabilityBits(capabilities),
            (uint64_t{1} << CAP_NET_ADMIN) | (uint64_t{1} << CAP_SETPCAP));
}

// Fails closed: nothing is installed, and the caller learns why.
TEST(PrivilegeTest, InstallRefusesEmptyAndOversizedPrograms) {
  errno = 0;
  EXPECT_FALSE(InstallSeccompFilter({}));
  EXPECT_EQ(errno, EINVAL);
  std::vector<struct sock_filter> huge(
      BPF_MAXINSNS + 1, BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  errno = 0;
  EXPECT_FALSE(InstallSeccompFilter(huge));
  EXPECT_EQ(errno, EINVAL);
}

TEST(PrivilegeTest, ShrinkKeepsExactlyTheNamedCapabilities) {
  if (geteuid() != 0) GTEST_SKIP() << "needs CAP_SETPCAP (run as root)";
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (ShrinkBoundingSet(uint64_t{1} << CAP_NET_ADMIN) != 0) _exit(2);
    bool right = prctl(PR_CAPBSET_READ, CAP_NET_ADMIN) == 1 &&
                 prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) == 0 &&
                 prctl(PR_CAPBSET_READ, CAP_SETPCAP) == 0;
    _exit(right ? 0 : 3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace sandbox
