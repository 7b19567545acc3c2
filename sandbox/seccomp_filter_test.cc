#include "sandbox/seccomp_filter.h"

#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>

#include "sandbox/bpf_eval.h"

namespace sandbox {
namespace {

uint32_t Decide(const CompiledFilter& filter, int number,
                uint32_t arch = AUDIT_ARCH_X86_64) {
  SyscallQuery query;
  query.number = number;
  query.arch = arch;
  std::optional<uint32_t> result = EvaluateFilter(filter.program, query);
  EXPECT_TRUE(result.has_value());
  return result.value_or(0);
}

CompiledFilter Compile(const std::string& text) {
  ParseResult parsed = ParsePolicy(text);
  EXPECT_TRUE(parsed.policy) << parsed.error;
  CompiledFilter filter;
  std::string error;
  EXPECT_TRUE(CompileSeccomp(parsed.policy->seccomp, &filter, &error)) << error;
  return filter;
}

TEST(SeccompFilterTest, AllowListAllowsItsCallsAndKillsTheRest) {
  CompiledFilter filter = Compile("seccomp allow getppid write\n");
  EXPECT_EQ(Decide(filter, SYS_getppid), SECCOMP_RET_ALLOW);
  EXPECT_EQ(Decide(filter, SYS_write), SECCOMP_RET_ALLOW);
  // The exec minimum is always there.
  EXPECT_EQ(Decide(filter, SYS_execve), SECCOMP_RET_ALLOW);
  EXPECT_EQ(Decide(filter, SYS_socket), SECCOMP_RET_KILL_PROCESS);
  EXPECT_EQ(Decide(filter, SYS_ptrace), SECCOMP_RET_KILL_PROCESS);
}

TEST(SeccompFilterTest, DenyListWithErrno) {
  CompiledFilter filter =
      Compile("seccomp deny uname @reboot\nseccomp_action errno EUCLEAN\n");
  EXPECT_EQ(Decide(filter, SYS_uname), SECCOMP_RET_ERRNO | EUCLEAN);
  EXPECT_EQ(Decide(filter, SYS_reboot), SECCOMP_RET_ERRNO | EUCLEAN);
  EXPECT_EQ(Decide(filter, SYS_kexec_load), SECCOMP_RET_ERRNO | EUCLEAN);
  EXPECT_EQ(Decide(filter, SYS_read), SECCOMP_RET_ALLOW);
}

TEST(SeccompFilterTest, ForeignArchitectureAndX32AreKilled) {
  CompiledFilter filter = Compile("seccomp deny uname\n");
  EXPECT_EQ(Decide(filter, SYS_read, AUDIT_ARCH_I386),
            SECCOMP_RET_KILL_PROCESS);
  EXPECT_EQ(Decide(filter, SYS_read | 0x40000000), SECCOMP_RET_KILL_PROCESS);
}

TEST(SeccompFilterTest, Clone3GetsEnosysWhenOnlyCloneIsAllowed) {
  CompiledFilter filter = Compile("seccomp allow clone\n");
  EXPECT_EQ(Decide(filter, SYS_clone), SECCOMP_RET_ALLOW);
  EXPECT_EQ(Decide(filter, SYS_clone3), SECCOMP_RET_ERRNO | ENOSYS);
}

TEST(SeccompFilterTest, NoSeccompMeansNoProgram) {
  CompiledFilter filter = Compile("user nobody\n");
  EXPECT_TRUE(filter.program.empty());
}

TEST(BpfEvalTest, RejectsMalformedPrograms) {
  std::vector<struct sock_filter> no_return = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0)};
  EXPECT_FALSE(EvaluateFilter(no_return, {}).has_value());
  std::vector<struct sock_filter> bad_load = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 200),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  EXPECT_FALSE(EvaluateFilter(bad_load, {}).has_value());
}

}  // namespace
}  // namespace sandbox
