// The few fields supervise reads from /proc/PID/stat: whether the process
// is alive, its parent (who may notify, whether an orphan was adopted) and
// its start time (with the boot id, what names one process for good).
#pragma once

#include <sys/types.h>

#include <optional>

namespace supervise {

struct ProcessStat {
  pid_t parent = 0;
  unsigned long long start_ticks = 0;  // since boot, in clock ticks
};

// nullopt when the process is gone, a zombie, or the file does not parse.
std::optional<ProcessStat> ReadProcessStat(pid_t pid);

}  // namespace supervise
