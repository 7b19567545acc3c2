#include "sandbox/seccomp_filter.h"

#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "sandbox/syscall_groups.h"

namespace sandbox {

namespace {

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
    *error = "cannot add rule for " + name + ": " + std::strerror(-rc);
    return false;
  }
  return true;
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
    bool has_clone = false, has_clone3 = false;
    for (const std::string& name : allowed) {
      if (!AddRule(context.get(), SCMP_ACT_ALLOW, name, error)) return false;
      has_clone |= name == "clone";
      has_clone3 |= name == "clone3";
    }
    // glibc falls back from clone3 to clone only on ENOSYS; any other
    // answer breaks threads and posix_spawn.
    if (has_clone && !has_clone3 &&
        !AddRule(context.get(), SCMP_ACT_ERRNO(ENOSYS), "clone3", error)) {
      return false;
    }
  } else {
    for (const std::string& name : policy.syscalls) {
      uint32_t rule_action = action;
      if (name == "clone3" && policy.action.kind == SeccompAction::kErrno) {
        rule_action = SCMP_ACT_ERRNO(ENOSYS);
      }
      if (!AddRule(context.get(), rule_action, name, error)) return false;
    }
  }
  int memory = memfd_create("seccomp-bpf", MFD_CLOEXEC);
  if (memory < 0) {
    *error = std::string("memfd_create: ") + std::strerror(errno);
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
  struct sock_fprog program;
  program.len = static_cast<unsigned short>(filter.program.size());
  program.filter = const_cast<struct sock_filter*>(filter.program.data());
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0);
}

}  // namespace sandbox
