// What supervise's monitor may do once its spawner exists: read commands,
// write the status file, reap and signal its service, talk to the
// spawner. It keeps only CAP_KILL (services may run as other users) and
// cannot fork, exec, change identity or load anything.
#pragma once

#include <string_view>

namespace supervise {

inline constexpr std::string_view kMonitorAllowList[] = {
    // Commands, the signalfd, the spawner's socket, the status file.
    "read", "write", "close", "openat", "rename", "renameat", "unlink",
    "newfstatat", "fstat", "fcntl", "poll", "ppoll", "sendto", "recvfrom",
    // Children and signals.
    "wait4", "waitid", "kill", "pidfd_send_signal", "rt_sigprocmask",
    // Clocks (normally answered by the vDSO).
    "clock_gettime", "gettimeofday"};

// Drops to CAP_KILL, sets no_new_privs and loads the allow-list (default
// action: kill). Dies (111) if any step fails.
void LockDownMonitor();

}  // namespace supervise
