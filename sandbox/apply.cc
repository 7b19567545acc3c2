#include "sandbox/apply.h"

#include <cap-ng.h>
#include <grp.h>
#include <limits.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "sandbox/cgroup.h"
#include "sandbox/kernel_support.h"
#include "sandbox/landlock.h"
#include "sandbox/mount_namespace.h"
#include "sandbox/net_namespace.h"
#include "sandbox/privilege.h"

namespace sandbox {

namespace {

bool ApplyCapabilitiesAndIdentity(const ResolvedPolicy& resolved,
                                  ApplyFailure* failure) {
  const Policy& policy = resolved.policy;
  // "groups" is exact on its own too: a policy with nothing else still
  // replaces the inherited supplementary groups.
  if (resolved.set_groups &&
      setgroups(resolved.groups.size(), resolved.groups.data()) != 0) {
    return Fail(failure, "setgroups", errno);
  }
  bool identity = resolved.uid.has_value() || resolved.gid.has_value();
  if (!identity && !policy.capabilities) return true;

  // After a raw clone libcap-ng still aims at the parent's thread id.
  capng_setpid(static_cast<int>(getpid()));
  capng_clear(CAPNG_SELECT_ALL);
  for (int capability : policy.capabilities.value_or(std::vector<int>{})) {
    if (capng_update(
            CAPNG_ADD,
            static_cast<capng_type_t>(CAPNG_EFFECTIVE | CAPNG_PERMITTED |
                                      CAPNG_INHERITABLE | CAPNG_AMBIENT),
            static_cast<unsigned int>(capability)) != 0) {
      return Fail(failure, "capabilities", EINVAL);
    }
  }
  uint64_t kept =
      CapabilityBits(policy.capabilities.value_or(std::vector<int>{}));
  if (identity) {
    // The bounding set first (capng_change_id's own CAPNG_CLEAR_BOUNDING
    // would empty it regardless of the policy).
    if (int refused = ShrinkBoundingSet(kept)) {
      return Fail(failure, "bounding set", refused);
    }
    int uid = resolved.uid ? static_cast<int>(*resolved.uid) : -1;
    int gid = resolved.gid ? static_cast<int>(*resolved.gid) : -1;
    errno = 0;
    if (capng_change_id(uid, gid, static_cast<capng_flags_t>(0)) != 0) {
      return Fail(failure, "change of uid/gid and capabilities", errno);
    }
    return true;
  }
  if (int refused = ShrinkBoundingSet(kept)) {
    return Fail(failure, "capabilities", refused);
  }
  errno = 0;
  if (capng_apply(static_cast<capng_select_t>(CAPNG_SELECT_CAPS |
                                              CAPNG_SELECT_AMBIENT)) != 0) {
    return Fail(failure, "capabilities", errno);
  }
  return true;
}

bool ApplyLandlock(const Policy& policy, const std::string& directory,
                   ApplyFailure* failure) {
  const LandlockPolicy& rules = policy.landlock;
  if (!rules.Any()) return true;
  namespace ll = landlock;
  constexpr uint64_t kWrite = ll::kWriteFiles | ll::kMakeDir | ll::kRemoveDir |
                              ll::kMakeSym | ll::kMakeFifo | ll::kMakeSock |
                              ll::kRefer | ll::kIoctlDev;
  // ./run must stay readable and executable.
  std::vector<LandlockRule> list = {{directory, ll::kRead | ll::kExecute}};
  for (const std::string& path : rules.read) list.push_back({path, ll::kRead});
  for (const std::string& path : rules.write) list.push_back({path, kWrite});
  for (const std::string& path : rules.execute) {
    list.push_back({path, ll::kRead | ll::kExecute});
  }
  // Enforced means the ABI that handles truncation; anything less only
  // with best_effort (checked in advance by KernelCannotHonour too).
  int abi = LandlockAbi();
  if (abi < kLandlockMinimumAbi && !rules.best_effort) {
    return Fail(failure, "landlock: ABI " + std::to_string(abi), ENOTSUP);
  }
  LandlockResult result = RestrictPaths(list, /*files_only=*/true);
  switch (result.status) {
    case LandlockResult::kApplied:
      return true;
    case LandlockResult::kUnsupported:
      if (rules.best_effort) return true;
      return Fail(failure, "landlock", result.error);
    case LandlockResult::kFailed:
      break;
  }
  return Fail(failure, "landlock: " + result.where, result.error);
}

// Steps 1-3: still root, before anything is dropped.
bool ApplyIsolation(const ResolvedPolicy& resolved,
                    const ServiceContext& context, ApplyFailure* failure) {
  const Policy& policy = resolved.policy;
  if (context.cgroup_procs >= 0) {
    if (int error = JoinCgroup(context.cgroup_procs); error != 0) {
      return Fail(failure, "joining the service's cgroup", error);
    }
  } else if (policy.cgroup.Limits() || policy.cgroup.enabled.value_or(false) ||
             policy.cgroup.kill_mode) {
    return Fail(failure, "cgroup keys apply to supervise only", EINVAL);
  }
  if (!EnterNamespaces(policy.namespaces, failure)) return false;
  if (policy.NeedsMountNamespace() &&
      !SetUpFilesystemView(policy.filesystem, context.directory, failure)) {
    return false;
  }
  return true;
}

}  // namespace

bool ApplyPolicy(const ResolvedPolicy& resolved, ApplyFailure* failure,
                 const ServiceContext* context) {
  const Policy& policy = resolved.policy;
  ServiceContext here;
  if (context == nullptr) {
    char directory[PATH_MAX];
    if (getcwd(directory, sizeof(directory)) == nullptr) {
      return Fail(failure, "getcwd", errno);
    }
    here.directory = directory;
    context = &here;
  }
  if (!ApplyIsolation(resolved, *context, failure)) return false;
  for (const RlimitSetting& setting : policy.rlimits) {
    struct rlimit limit = {setting.soft, setting.hard};
    if (setrlimit(static_cast<__rlimit_resource_t>(setting.resource), &limit) !=
        0) {
      return Fail(failure, "setrlimit", errno);
    }
  }
  if (policy.umask) umask(*policy.umask);
  if (!ApplyCapabilitiesAndIdentity(resolved, failure)) return false;
  if (policy.EffectiveNoNewPrivs() &&
      prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    return Fail(failure, "no_new_privs", errno);
  }
  if (!ApplyLandlock(policy, context->directory, failure)) return false;
  if (InstallFilter(resolved.filter) != 0) {
    return Fail(failure, "seccomp", errno);
  }
  return true;
}

}  // namespace sandbox
