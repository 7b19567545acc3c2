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

// With 300 numbers the old program's 8-bit jump offsets wrapped: listed
// calls jumped into the middle of the list instead of to "allow".
TEST(AllowListBpfTest, LongListsAllowExactlyTheirNumbers) {
  std::vector<int> allowed;
  for (int number = 0; number < 600; number += 2) allowed.push_back(number);
  std::vector<struct sock_filter> program = BuildAllowList(allowed);
  ASSERT_FALSE(program.empty());
  for (int number = 0; number < 620; ++number) {
    EXPECT_EQ(Decide(program, number), number < 600 && number % 2 == 0
                                           ? SECCOMP_RET_ALLOW
                                           : SECCOMP_RET_KILL_PROCESS)
        << number;
  }
}

TEST(AllowListBpfTest, ATooLongListIsRefusedNotTruncated) {
  std::vector<int> allowed;
  for (int number = 0; number < 3000; ++number) allowed.push_back(number);
  EXPECT_TRUE(BuildAllowList(allowed).empty());
}

}  // namespace
}  // namespace sandbox
