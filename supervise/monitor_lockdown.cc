#include "supervise/monitor_lockdown.h"

#include <linux/capability.h>
#include <malloc.h>

#include "sandbox/lockdown.h"

namespace supervise {

void LockDownMonitor() {
  constexpr int kKeep[] = {CAP_KILL};
  sandbox::LockDownProcess("supervise", kMonitorAllowList, kKeep);
  // Building the filter used heap that is free now; one supervise runs per
  // service, so give it back.
  malloc_trim(0);
}

}  // namespace supervise
