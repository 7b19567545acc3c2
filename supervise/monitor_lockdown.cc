#include "supervise/monitor_lockdown.h"

#include <linux/capability.h>
#include <malloc.h>

#include <string>

#include "common/diagnostics.h"
#include "sandbox/landlock.h"
#include "sandbox/lockdown.h"

namespace supervise {

namespace {

// Landlock first, while the monitor is still root: the ruleset calls are
// not in its seccomp allow-list, and nothing can loosen the rules later.
void ConfineFiles() {
  namespace landlock = sandbox::landlock;
  const sandbox::LandlockRule rules[] = {
      // restart-policy, read again on SIGHUP.
      {".", landlock::kRead},
      // status, deaths, refused, run.id and their .new files. kRemoveDir
      // only so that a status replaced by a directory is reported as "is a
      // directory" rather than "access denied": the allow-list has neither
      // rmdir nor unlinkat, and renaming a file over a directory fails.
      {"supervise", landlock::kWriteFiles | landlock::kRemoveDir},
      // /proc/PID/stat of ./run and the boot id, for run.id.
      {"/proc", landlock::kReadFile},
  };
  sandbox::LandlockResult result = sandbox::RestrictPaths(rules);
  switch (result.status) {
    case sandbox::LandlockResult::kApplied:
      return;
    case sandbox::LandlockResult::kUnsupported:
      common::Warn(sandbox::Describe(result),
                   "; the monitor keeps only its seccomp filter");
      return;
    case sandbox::LandlockResult::kFailed:
      common::DieFatal(111, "unable to lock down: ", sandbox::Describe(result));
  }
}

}  // namespace

void LockDownMonitor() {
  ConfineFiles();
  constexpr int kKeep[] = {CAP_KILL};
  sandbox::LockDownProcess(kMonitorAllowList, kKeep);
  // Building the filter used heap that is free now; one supervise runs per
  // service, so give it back.
  malloc_trim(0);
}

}  // namespace supervise
