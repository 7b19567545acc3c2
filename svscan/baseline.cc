#include "svscan/baseline.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <iterator>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "sandbox/policy_file.h"
#include "sandbox/privilege.h"
#include "sandbox/seccomp_filter.h"
#include "svscan/default_baseline.h"
#include "svscan/default_baseline_table.h"

namespace svscan {

namespace {

void ApplyBoundingSet(const std::vector<int>& keep) {
  // Without CAP_SETPCAP (svscan not run as root) there is nothing we may
  // drop, and nothing below us can gain capabilities anyway.
  if (prctl(PR_CAPBSET_READ, CAP_SETPCAP) != 1 || geteuid() != 0) return;
  if (sandbox::ShrinkBoundingSet(sandbox::CapabilityBits(keep)) != 0) {
    common::Warn(
        "unable to shrink the capability bounding set (needs "
        "CAP_SETPCAP)");
  }
}

}  // namespace

bool LoadBaseline(sandbox::ResolvedPolicy* baseline, std::vector<int>* keep,
                  std::string* error) {
  keep->clear();
  sandbox::PolicyFileState state =
      sandbox::LoadPolicyFile(".baseline", baseline, error);
  if (state == sandbox::PolicyFileState::kRefused) return false;
  if (state == sandbox::PolicyFileState::kAbsent) {
    // kDefaultBaseline as the build compiled it: no parsing, no libseccomp.
    *baseline = sandbox::ResolvedPolicy();
    sandbox::SeccompPolicy& seccomp = baseline->policy.seccomp;
    seccomp.mode = generated::kMode;
    seccomp.action = generated::kAction;
    seccomp.syscalls.assign(std::begin(generated::kSyscalls),
                            std::end(generated::kSyscalls));
    baseline->filter.program.assign(std::begin(generated::kProgram),
                                    std::end(generated::kProgram));
    for (int capability = 0; capability <= CAP_LAST_CAP; ++capability) {
      if (capability != CAP_SYS_MODULE && capability != CAP_SYS_BOOT) {
        keep->push_back(capability);
      }
    }
    return true;
  }
  const sandbox::Policy& policy = baseline->policy;
  if (policy.ChangesIdentity() || !policy.rlimits.empty() || policy.umask ||
      policy.control_group || policy.no_new_privs ||
      policy.HasDeepConfinement()) {
    *error =
        ".baseline: only seccomp, seccomp_action and capabilities belong in "
        "a baseline";
    return false;
  }
  if (policy.capabilities) {
    *keep = *policy.capabilities;
  } else {
    for (int capability = 0; capability <= CAP_LAST_CAP; ++capability) {
      keep->push_back(capability);
    }
  }
  return true;
}

void ApplyBaseline() {
  sandbox::ResolvedPolicy baseline;
  std::vector<int> keep;
  std::string error;
  if (!LoadBaseline(&baseline, &keep, &error)) {
    common::DieFatal(111, error);
  }
  ApplyBoundingSet(keep);
  if (baseline.filter.program.empty()) return;
  if (sandbox::InstallFilter(baseline.filter) != 0) {
    common::Warn(
        "not loading the baseline seccomp filter: ", common::ErrorText(errno),
        " (it needs CAP_SYS_ADMIN); services run without it");
  }
}

}  // namespace svscan
