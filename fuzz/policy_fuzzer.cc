// The policy file parser, and for every policy it accepts, the compiled
// seccomp program checked with the BPF interpreter: each listed syscall
// gets the policy's decision, a sample of others the opposite one, and
// foreign architectures are killed.
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "sandbox/bpf_eval.h"
#include "sandbox/policy.h"
#include "sandbox/seccomp_filter.h"
#include "sandbox/syscall_groups.h"

#define CHECK(condition) \
  if (!(condition)) std::abort()

namespace {

uint32_t Decide(const sandbox::CompiledFilter& filter, int number,
                uint32_t arch = AUDIT_ARCH_X86_64) {
  sandbox::SyscallQuery query;
  query.number = number;
  query.arch = arch;
  std::optional<uint32_t> result =
      sandbox::EvaluateFilter(filter.program, query);
  CHECK(result.has_value());
  return *result;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  sandbox::ParseResult parsed = sandbox::ParsePolicy(text);
  if (!parsed.value) {
    CHECK(parsed.error.rfind("line ", 0) == 0);
    return 0;
  }
  const sandbox::SeccompPolicy& seccomp = parsed.value->seccomp;
  if (seccomp.mode == sandbox::SeccompMode::kNone) return 0;
  sandbox::CompiledFilter filter;
  std::string error;
  CHECK(sandbox::CompileSeccomp(seccomp, &filter, &error));
  CHECK(!filter.program.empty());
  uint32_t action = seccomp.action.kind == sandbox::SeccompAction::kKill
                        ? SECCOMP_RET_KILL_PROCESS
                        : (SECCOMP_RET_ERRNO |
                           static_cast<uint32_t>(seccomp.action.error_number));
  bool allow_list = seccomp.mode == sandbox::SeccompMode::kAllow;
  std::set<int> listed;
  for (const std::string& name : seccomp.syscalls) {
    int number = seccomp_syscall_resolve_name(name.c_str());
    CHECK(number != __NR_SCMP_ERROR);
    // A name this architecture lacks (negative pseudo number) is accepted
    // and filters nothing.
    if (number >= 0) listed.insert(number);
  }
  if (allow_list) {
    for (std::string_view name : sandbox::ExecMinimum()) {
      listed.insert(seccomp_syscall_resolve_name(std::string(name).c_str()));
    }
  }
  int clone3 = seccomp_syscall_resolve_name("clone3");
  int clone = seccomp_syscall_resolve_name("clone");
  int unshare = seccomp_syscall_resolve_name("unshare");
  int setns = seccomp_syscall_resolve_name("setns");
  for (int number = 0; number < 460; ++number) {
    uint32_t decision = Decide(filter, number);
    bool in_list = listed.count(number) > 0;
    if (number == clone3 && allow_list) {
      // Allowed only with new namespaces allowed too (unshare and setns);
      // otherwise ENOSYS when a clone is allowed (glibc's fallback), else
      // the action.
      bool namespaces = listed.count(unshare) > 0 && listed.count(setns) > 0;
      uint32_t clone3_expected = in_list && namespaces ? SECCOMP_RET_ALLOW
                                 : in_list || listed.count(clone)
                                     ? (SECCOMP_RET_ERRNO | ENOSYS)
                                     : action;
      CHECK(decision == clone3_expected);
      continue;
    }
    if (number == clone3 && in_list && !allow_list &&
        seccomp.action.kind == sandbox::SeccompAction::kErrno) {
      CHECK(decision == (SECCOMP_RET_ERRNO | ENOSYS));
      continue;
    }
    // A deny-list that refuses new namespaces (unshare or setns) answers
    // an unlisted clone3 ENOSYS too: its flags are beyond a filter's
    // reach, and libc falls back to clone, whose flags are checked.
    if (number == clone3 && !in_list && !allow_list &&
        (listed.count(unshare) > 0 || listed.count(setns) > 0)) {
      CHECK(decision == (SECCOMP_RET_ERRNO | ENOSYS));
      continue;
    }
    uint32_t expected = (in_list == allow_list) ? SECCOMP_RET_ALLOW : action;
    CHECK(decision == expected);
  }
  CHECK(Decide(filter, 0, AUDIT_ARCH_I386) == SECCOMP_RET_KILL_PROCESS);
  CHECK(Decide(filter, 0x40000000) == SECCOMP_RET_KILL_PROCESS);
  return 0;
}
