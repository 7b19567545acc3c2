// Applies policies for real, each in a forked child, and checks the result
// from /proc/self/status and with functional probes. Needs root.
#include "sandbox/apply.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "sandbox/lockdown.h"

namespace sandbox {
namespace {

std::string StatusField(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      std::string value = line.substr(field.size() + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      value.erase(value.find_last_not_of(" \t") + 1);
      return value;
    }
  }
  return "";
}

ResolvedPolicy Resolve(const std::string& text) {
  ParseResult parsed = ParsePolicy(text);
  EXPECT_TRUE(parsed.value) << parsed.error;
  ResolvedPolicy resolved;
  std::string error;
  EXPECT_TRUE(ResolvePolicy(*parsed.value, &resolved, &error)) << error;
  return resolved;
}

// Exit codes of the probe children: 0 is success, anything else names the
// check that failed.
void ApplyOrExit(const ResolvedPolicy& resolved) {
  ApplyFailure failure;
  if (!ApplyPolicy(resolved, &failure)) _exit(90);
}

bool CanBind(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  struct sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok =
      bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return ok;
}

class ApplyTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
    std::ifstream map("/proc/self/uid_map");
    std::string line;
    std::getline(map, line);
    std::istringstream fields(line);
    long inside, outside, count;
    fields >> inside >> outside >> count;
    if (count < 65536)
      GTEST_SKIP() << "inside a user namespace (Bazel sandbox)";
  }
};

TEST_F(ApplyTest, NobodyWithNoCapabilities) {
  ResolvedPolicy resolved = Resolve("user nobody\n");
  EXPECT_EXIT(
      {
        ApplyOrExit(resolved);
        if (getuid() != 65534 || geteuid() != 65534) _exit(1);
        if (getgid() != 65534) _exit(2);
        if (StatusField("Groups") != "") _exit(3);
        if (StatusField("CapEff") != "0000000000000000") _exit(4);
        if (StatusField("CapPrm") != "0000000000000000") _exit(5);
        if (StatusField("CapBnd") != "0000000000000000") _exit(6);
        if (StatusField("CapAmb") != "0000000000000000") _exit(7);
        if (StatusField("NoNewPrivs") != "1") _exit(8);
        if (setresuid(0, 0, 0) == 0) _exit(9);
        _exit(0);
      },
      testing::ExitedWithCode(0), "");
}

TEST_F(ApplyTest, NobodyKeepsNetBindServiceAndCanBindPort80) {
  ResolvedPolicy resolved =
      Resolve("user nobody\ncapabilities net_bind_service\n");
  EXPECT_EXIT(
      {
        ApplyOrExit(resolved);
        if (StatusField("CapEff") != "0000000000000400") _exit(1);
        if (StatusField("CapAmb") != "0000000000000400") _exit(2);
        if (StatusField("CapBnd") != "0000000000000400") _exit(3);
        if (!CanBind(80)) _exit(4);
        _exit(0);
      },
      testing::ExitedWithCode(0), "");
  ResolvedPolicy without = Resolve("user nobody\n");
  EXPECT_EXIT(
      {
        ApplyOrExit(without);
        _exit(CanBind(80) ? 1 : 0);
      },
      testing::ExitedWithCode(0), "");
}

TEST_F(ApplyTest, SupplementaryGroupsAreExactlyTheListed) {
  ResolvedPolicy resolved = Resolve("user nobody\ngroups 4,24\n");
  EXPECT_EXIT(
      {
        ApplyOrExit(resolved);
        _exit(StatusField("Groups") == "4 24" ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
}

TEST_F(ApplyTest, SeccompDenyKillsOrReturnsTheErrno) {
  ResolvedPolicy kill = Resolve("seccomp deny uname\n");
  EXPECT_EXIT(
      {
        ApplyOrExit(kill);
        syscall(SYS_uname, nullptr);
        _exit(0);
      },
      testing::KilledBySignal(SIGSYS), "");
  ResolvedPolicy errno_policy =
      Resolve("seccomp deny uname\nseccomp_action errno EUCLEAN\n");
  EXPECT_EXIT(
      {
        ApplyOrExit(errno_policy);
        long rc = syscall(SYS_uname, nullptr);
        if (StatusField("Seccomp") != "2") _exit(2);
        _exit(rc == -1 && errno == EUCLEAN ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
}

TEST_F(ApplyTest, RlimitsAndUmask) {
  ResolvedPolicy resolved = Resolve("rlimit nofile 17:33\numask 077\n");
  EXPECT_EXIT(
      {
        ApplyOrExit(resolved);
        struct rlimit limit;
        getrlimit(RLIMIT_NOFILE, &limit);
        if (limit.rlim_cur != 17 || limit.rlim_max != 33) _exit(1);
        mode_t old = umask(0);
        _exit(old == 077 ? 0 : 2);
      },
      testing::ExitedWithCode(0), "");
}

TEST_F(ApplyTest, RootWithABoundedCapabilitySet) {
  ResolvedPolicy resolved = Resolve("capabilities kill\n");
  EXPECT_EXIT(
      {
        ApplyOrExit(resolved);
        if (StatusField("CapBnd") != "0000000000000020") _exit(1);
        if (StatusField("CapEff") != "0000000000000020") _exit(2);
        _exit(0);
      },
      testing::ExitedWithCode(0), "");
}

constexpr int kProbeList[] = {SYS_write, SYS_openat,     SYS_read,
                              SYS_close, SYS_newfstatat, SYS_lseek};
constexpr int kWriteOnly[] = {SYS_write};

TEST_F(ApplyTest, ToolLockdownDropsEverythingAndKillsOnOtherCalls) {
  EXPECT_EXIT(
      {
        LockDownTool(kProbeList);
        if (StatusField("CapEff") != "0000000000000000") _exit(1);
        if (StatusField("CapBnd") != "0000000000000000") _exit(2);
        if (StatusField("NoNewPrivs") != "1") _exit(3);
        if (StatusField("Seccomp") != "2") _exit(4);
        _exit(0);
      },
      testing::ExitedWithCode(0), "");
  EXPECT_EXIT(
      {
        LockDownTool(kWriteOnly);
        syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
        _exit(0);
      },
      testing::KilledBySignal(SIGSYS), "");
}

}  // namespace
}  // namespace sandbox
