#include "sandbox/seccomp_filter.h"

#include <sched.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "common/error_text.h"
#include "sandbox/privilege.h"
#include "sandbox/syscall_groups.h"

namespace sandbox {

namespace {

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

// clone() flags that make new namespaces. CLONE_NEWTIME shares its bit
// with the exit signal in clone()'s flags, but no valid signal sets it.
constexpr uint64_t kNamespaceFlags =
    CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS |
    CLONE_NEWIPC | CLONE_NEWCGROUP | CLONE_NEWTIME;

uint32_t ActionOf(const SeccompAction& action) {
  if (action.kind == SeccompAction::kErrno) {
    return SCMP_ACT_ERRNO(static_cast<uint16_t>(action.error_number));
  }
  return SCMP_ACT_KILL_PROCESS;
}

class Context {
 public:
  explicit Context(uint32_t default_action)
      : context_(seccomp_init(default_action)) {}
  ~Context() {
    if (context_) seccomp_release(context_);
  }
  scmp_filter_ctx get() const { return context_; }

 private:
  scmp_filter_ctx context_;
};

bool AddRule(scmp_filter_ctx context, uint32_t action, const std::string& name,
             std::string* error) {
  int number = seccomp_syscall_resolve_name(name.c_str());
  if (number == __NR_SCMP_ERROR) {
    *error = "unknown syscall " + name;
    return false;
  }
  int rc = seccomp_rule_add(context, action, number, 0);
  if (rc != 0) {
    *error = "cannot add rule for " + name + ": " +
             std::string(common::ErrorText(-rc));
    return false;
  }
  return true;
}

bool AddRule(scmp_filter_ctx context, uint32_t action, const char* name,
             const struct scmp_arg_cmp& condition, std::string* error) {
  int rc = seccomp_rule_add(context, action, seccomp_syscall_resolve_name(name),
                            1, condition);
  if (rc != 0) {
    *error = std::string("cannot add rule for ") + name + ": " +
             std::string(common::ErrorText(-rc));
    return false;
  }
  return true;
}

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A policy that refuses unshare or setns means "no new namespaces", and
// clone() makes them too. An allow-list then allows clone() only without
// namespace flags; clone3's flags sit in memory a filter cannot read, so it
// answers ENOSYS and libc falls back to clone(). glibc falls back only on
// ENOSYS: any other answer would break threads and posix_spawn.
bool AllowClone(scmp_filter_ctx context,
                const std::vector<std::string>& allowed, std::string* error) {
  bool has_clone = Contains(allowed, "clone");
  bool has_clone3 = Contains(allowed, "clone3");
  bool namespaces = Contains(allowed, "unshare") && Contains(allowed, "setns");
  if (has_clone &&
      !(namespaces ? AddRule(context, SCMP_ACT_ALLOW, "clone", error)
                   : AddRule(context, SCMP_ACT_ALLOW, "clone",
                             SCMP_A0(SCMP_CMP_MASKED_EQ, kNamespaceFlags, 0),
                             error))) {
    return false;
  }
  if (!has_clone && !has_clone3) return true;
  return AddRule(
      context,
      has_clone3 && namespaces ? SCMP_ACT_ALLOW : SCMP_ACT_ERRNO(ENOSYS),
      "clone3", error);
}

// A deny-list that refuses unshare or setns refuses clone() with any
// namespace flag (one rule per flag: a rule matches when its flag is set)
// and clone3 as above.
bool RefuseCloneIntoNamespaces(scmp_filter_ctx context, uint32_t action,
                               const std::vector<std::string>& denied,
                               std::string* error) {
  if (!Contains(denied, "clone")) {
    for (uint64_t flag = 1; flag != 0; flag <<= 1) {
      if ((kNamespaceFlags & flag) == 0) continue;
      if (!AddRule(context, action, "clone",
                   SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag), error)) {
        return false;
      }
    }
  }
  return Contains(denied, "clone3") ||
         AddRule(context, SCMP_ACT_ERRNO(ENOSYS), "clone3", error);
}

}  // namespace

bool CompileSeccomp(const SeccompPolicy& policy, CompiledFilter* filter,
                    std::string* error) {
  filter->program.clear();
  if (policy.mode == SeccompMode::kNone) return true;
  uint32_t action = ActionOf(policy.action);
  bool allow_list = policy.mode == SeccompMode::kAllow;
  Context context(allow_list ? action : SCMP_ACT_ALLOW);
  if (context.get() == nullptr) {
    *error = "seccomp_init failed";
    return false;
  }
  // We set no_new_privs ourselves, in order; a foreign ABI is killed.
  if (seccomp_attr_set(context.get(), SCMP_FLTATR_CTL_NNP, 0) != 0 ||
      seccomp_attr_set(context.get(), SCMP_FLTATR_ACT_BADARCH,
                       SCMP_ACT_KILL_PROCESS) != 0) {
    *error = "cannot set filter attributes";
    return false;
  }
  if (allow_list) {
    std::vector<std::string> allowed = policy.syscalls;
    for (std::string_view name : ExecMinimum()) allowed.emplace_back(name);
    std::sort(allowed.begin(), allowed.end());
    allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
    for (const std::string& name : allowed) {
      if (name == "clone" || name == "clone3") continue;
      if (!AddRule(context.get(), SCMP_ACT_ALLOW, name, error)) return false;
    }
    if (!AllowClone(context.get(), allowed, error)) return false;
  } else {
    for (const std::string& name : policy.syscalls) {
      uint32_t rule_action = action;
      if (name == "clone3" && policy.action.kind == SeccompAction::kErrno) {
        rule_action = SCMP_ACT_ERRNO(ENOSYS);
      }
      if (!AddRule(context.get(), rule_action, name, error)) return false;
    }
    if ((Contains(policy.syscalls, "unshare") ||
         Contains(policy.syscalls, "setns")) &&
        !RefuseCloneIntoNamespaces(context.get(), action, policy.syscalls,
                                   error)) {
      return false;
    }
  }
  int memory = memfd_create("seccomp-bpf", MFD_CLOEXEC);
  if (memory < 0) {
    *error =
        std::string("memfd_create: ") + std::string(common::ErrorText(errno));
    return false;
  }
  int rc = seccomp_export_bpf(context.get(), memory);
  off_t size = lseek(memory, 0, SEEK_END);
  if (rc != 0 || size <= 0 || size % sizeof(struct sock_filter) != 0) {
    close(memory);
    *error = "cannot export the filter";
    return false;
  }
  filter->program.resize(static_cast<size_t>(size) /
                         sizeof(struct sock_filter));
  ssize_t got =
      pread(memory, filter->program.data(), static_cast<size_t>(size), 0);
  close(memory);
  if (got != size) {
    *error = "cannot read the exported filter";
    return false;
  }
  return true;
}

int InstallFilter(const CompiledFilter& filter) {
  if (filter.program.empty()) return 0;
  return InstallSeccompFilter(filter.program) ? 0 : -1;
}

}  // namespace sandbox
