#include "supervise/monitor_lockdown.h"

#include <linux/capability.h>

#include "sandbox/lockdown.h"

namespace supervise {

void LockDownMonitor() {
  constexpr int kKeep[] = {CAP_KILL};
  sandbox::LockDownProcess("supervise", kMonitorAllowList, kKeep);
}

}  // namespace supervise
