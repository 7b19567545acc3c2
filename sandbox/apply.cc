#include "sandbox/apply.h"

#include <cap-ng.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace sandbox {

namespace {

bool Fail(ApplyFailure* failure, const char* step, int error) {
  failure->step = step;
  failure->error = error != 0 ? error : EPERM;
  return false;
}

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
    if (capng_update(CAPNG_ADD,
                     static_cast<capng_type_t>(
                         CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_INHERITABLE |
                         CAPNG_BOUNDING_SET | CAPNG_AMBIENT),
                     static_cast<unsigned int>(capability)) != 0) {
      return Fail(failure, "capabilities", EINVAL);
    }
  }
  if (identity) {
    // The bounding set first, from the model (capng_change_id's own
    // CAPNG_CLEAR_BOUNDING would empty it regardless of the model).
    errno = 0;
    if (capng_apply(CAPNG_SELECT_BOUNDS) != 0) {
      return Fail(failure, "bounding set", errno);
    }
    int uid = resolved.uid ? static_cast<int>(*resolved.uid) : -1;
    int gid = resolved.gid ? static_cast<int>(*resolved.gid) : -1;
    errno = 0;
    if (capng_change_id(uid, gid, static_cast<capng_flags_t>(0)) != 0) {
      return Fail(failure, "change of uid/gid and capabilities", errno);
    }
    return true;
  }
  errno = 0;
  if (capng_apply(CAPNG_SELECT_ALL) != 0) {
    return Fail(failure, "capabilities", errno);
  }
  return true;
}

}  // namespace

bool ApplyPolicy(const ResolvedPolicy& resolved, ApplyFailure* failure) {
  const Policy& policy = resolved.policy;
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
  if (InstallFilter(resolved.filter) != 0) {
    return Fail(failure, "seccomp", errno);
  }
  return true;
}

}  // namespace sandbox
