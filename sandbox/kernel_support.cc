#include "sandbox/kernel_support.h"

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>

#include "sandbox/cgroup.h"
#include "sandbox/landlock.h"

namespace sandbox {

namespace {

bool HasNamespace(const char* name) {
  return access((std::string("/proc/self/ns/") + name).c_str(), F_OK) == 0;
}

std::string NamespaceProblem(const Policy& policy) {
  bool mounts = policy.NeedsMountNamespace();
  if (!mounts && !policy.namespaces.Any()) return "";
  if (geteuid() != 0) {
    return "namespaces and mounts need supervise to run as root";
  }
  if (mounts) {
    if (!HasNamespace("mnt")) return "this kernel has no mount namespaces";
    // Made read-only with mount_setattr (Linux 5.12): ENOSYS if absent.
    if (mount_setattr(-1, "", 0, nullptr, 0) != 0 && errno == ENOSYS) {
      return "filesystem view: this kernel has no mount_setattr (needs "
             "Linux 5.12)";
    }
  }
  if (policy.namespaces.network && !HasNamespace("net")) {
    return "private_network: this kernel has no network namespaces";
  }
  if (policy.namespaces.ipc && !HasNamespace("ipc")) {
    return "private_ipc: this kernel has no IPC namespaces";
  }
  if (policy.namespaces.hostname && !HasNamespace("uts")) {
    return "private_uts: this kernel has no UTS namespaces";
  }
  return "";
}

std::string LandlockProblem(const LandlockPolicy& policy) {
  if (!policy.Any() || policy.best_effort) return "";
  int abi = LandlockAbi();
  if (abi >= kLandlockMinimumAbi) return "";
  std::string what;
  if (abi == 0) {
    LandlockResult result;
    result.status = LandlockResult::kUnsupported;
    result.error = errno;
    what = Describe(result);
  } else {
    what = "this kernel has Landlock ABI " + std::to_string(abi) +
           ", rules need " + std::to_string(kLandlockMinimumAbi);
  }
  return "landlock: " + what + " (landlock best_effort runs with less)";
}

std::string CgroupProblem(const CgroupPolicy& policy) {
  // Without a word about cgroups, a group is made where possible.
  bool asked =
      policy.enabled.value_or(false) || policy.kill_mode || policy.Limits();
  if (!asked) return "";
  // Whether the spawner may write there shows at the start itself (this
  // check also runs in svpolicy, which has no capabilities).
  std::string error;
  std::string own = OwnCgroupDirectory(&error);
  if (own.empty()) return "cgroup: " + error;
  if (std::string missing = MissingController(policy, own); !missing.empty()) {
    return "cgroup: " + missing;
  }
  return "";
}

}  // namespace

std::string KernelCannotHonour(const Policy& policy) {
  if (std::string problem = NamespaceProblem(policy); !problem.empty()) {
    return problem;
  }
  if (std::string problem = LandlockProblem(policy.landlock);
      !problem.empty()) {
    return problem;
  }
  return CgroupProblem(policy.cgroup);
}

}  // namespace sandbox
