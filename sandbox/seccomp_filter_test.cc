#include "sandbox/seccomp_filter.h"

#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>

#include "sandbox/bpf_eval.h"

namespace sandbox {
namespace {

uint32_t Decide(const CompiledFilter& filter, int number,
                uint32_t arch = AUDIT_ARCH_X86_64, uint64_t first_arg = 0) {
  SyscallQuery query;
  query.number = number;
  query.arch = arch;
  query.args[0] = first_arg;
  std::optional<uint32_t> result = EvaluateFilter(filter.program, query);
  EXPECT_TRUE(result.has_value());
  return result.value_or(0);
}

CompiledFilter Compile(const std::string& text) {
  ParseResult parsed = ParsePolicy(text);
  EXPECT_TRUE(parsed.value) << parsed.error;
  CompiledFilter filter;
  std::string error;
  EXPECT_TRUE(CompileSeccomp(parsed.value->seccomp, &filter, &error)) << error;
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

uint32_t DecideClone(const CompiledFilter& filter, uint64_t flags) {
  return Decide(filter, SYS_clone, AUDIT_ARCH_X86_64, flags);
}

constexpr uint64_t kFork = SIGCHLD;
constexpr uint64_t kThread = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
                             CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
                             CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
constexpr uint64_t kNamespaceFlags[] = {
    CLONE_NEWUSER, CLONE_NEWNS,  CLONE_NEWPID,    CLONE_NEWNET,
    CLONE_NEWUTS,  CLONE_NEWIPC, CLONE_NEWCGROUP, 0x80 /* CLONE_NEWTIME */};

TEST(SeccompFilterTest, DenyingUnshareRefusesNamespaceFlagsOfClone) {
  for (const char* denied : {"unshare", "setns"}) {
    CompiledFilter filter = Compile(std::string("seccomp deny ") + denied +
                                    "\nseccomp_action errno EPERM\n");
    EXPECT_EQ(DecideClone(filter, kFork), SECCOMP_RET_ALLOW);
    EXPECT_EQ(DecideClone(filter, kThread), SECCOMP_RET_ALLOW);
    for (uint64_t flag : kNamespaceFlags) {
      EXPECT_EQ(DecideClone(filter, kFork | flag), SECCOMP_RET_ERRNO | EPERM)
          << denied << " flag " << flag;
    }
    EXPECT_EQ(Decide(filter, SYS_clone3), SECCOMP_RET_ERRNO | ENOSYS);
  }
  // With the kill action too, but clone3 still only answers ENOSYS.
  CompiledFilter killing = Compile("seccomp deny @privileged\n");
  EXPECT_EQ(DecideClone(killing, kFork | CLONE_NEWUSER | CLONE_NEWNS),
            SECCOMP_RET_KILL_PROCESS);
  EXPECT_EQ(DecideClone(killing, kFork), SECCOMP_RET_ALLOW);
  EXPECT_EQ(Decide(killing, SYS_clone3), SECCOMP_RET_ERRNO | ENOSYS);
}

TEST(SeccompFilterTest, DenyListWithoutUnshareLeavesCloneAlone) {
  CompiledFilter filter = Compile("seccomp deny @reboot\n");
  EXPECT_EQ(DecideClone(filter, kFork | CLONE_NEWUSER), SECCOMP_RET_ALLOW);
  EXPECT_EQ(Decide(filter, SYS_clone3), SECCOMP_RET_ALLOW);
}

TEST(SeccompFilterTest,
     AllowListWithoutUnshareAllowsCloneOnlyWithoutNamespaces) {
  CompiledFilter filter = Compile("seccomp allow clone clone3 setns\n");
  EXPECT_EQ(DecideClone(filter, kFork), SECCOMP_RET_ALLOW);
  EXPECT_EQ(DecideClone(filter, kThread), SECCOMP_RET_ALLOW);
  for (uint64_t flag : kNamespaceFlags) {
    EXPECT_EQ(DecideClone(filter, kFork | flag), SECCOMP_RET_KILL_PROCESS)
        << flag;
  }
  EXPECT_EQ(Decide(filter, SYS_clone3), SECCOMP_RET_ERRNO | ENOSYS);
  // Both allowed: clone and clone3 as asked.
  CompiledFilter open = Compile("seccomp allow clone clone3 unshare setns\n");
  EXPECT_EQ(DecideClone(open, kFork | CLONE_NEWUSER), SECCOMP_RET_ALLOW);
  EXPECT_EQ(Decide(open, SYS_clone3), SECCOMP_RET_ALLOW);
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
