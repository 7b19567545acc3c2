#include "sandbox/allow_list_bpf.h"

#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>

#include "sandbox/bpf_eval.h"

namespace sandbox {
namespace {

uint32_t Decide(const std::vector<struct sock_filter>& program, int number,
                uint32_t arch = AUDIT_ARCH_X86_64) {
  SyscallQuery query;
  query.number = number;
  query.arch = arch;
  return EvaluateFilter(program, query).value_or(0xdead);
}

TEST(AllowListBpfTest, AllowsExactlyTheListedNumbers) {
  const int allowed[] = {SYS_write, SYS_read, SYS_read, SYS_exit_group};
  std::vector<struct sock_filter> program = BuildAllowList(allowed);
  for (int number = 0; number < 460; ++number) {
    bool listed =
        number == SYS_write || number == SYS_read || number == SYS_exit_group;
    EXPECT_EQ(Decide(program, number),
              listed ? SECCOMP_RET_ALLOW : SECCOMP_RET_KILL_PROCESS)
        << number;
  }
  EXPECT_EQ(Decide(program, SYS_read, AUDIT_ARCH_I386),
            SECCOMP_RET_KILL_PROCESS);
  EXPECT_EQ(Decide(program, SYS_read | 0x40000000), SECCOMP_RET_KILL_PROCESS);
}

TEST(AllowListBpfTest, EmptyListKillsEverything) {
  std::vector<struct sock_filter> program = BuildAllowList({});
  EXPECT_EQ(Decide(program, SYS_read), SECCOMP_RET_KILL_PROCESS);
}

}  // namespace
}  // namespace sandbox
