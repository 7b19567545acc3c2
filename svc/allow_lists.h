// The system calls svc, svstat and svok may make once locked down (on top
// of sandbox::kToolBaseline: exit, heap, signal return). Anything else
// kills the process. They need no capability at all.
#pragma once

#include <string_view>

namespace svc {

// svc: save and restore the cwd (openat, fchdir), chdir into each
// directory, open the control FIFO, switch it to blocking (fcntl), write
// the bytes, report (write), ignore SIGPIPE (rt_sigaction).
inline constexpr std::string_view kSvcAllowList[] = {
    "openat", "chdir", "fchdir", "fcntl", "write", "close", "rt_sigaction"};

// svstat: as svc, plus stat of ./down, reading the status file and the
// clock for the age of the state.
inline constexpr std::string_view kSvstatAllowList[] = {
    "openat", "chdir", "fchdir",        "newfstatat",  "read",
    "write",  "close", "clock_gettime", "gettimeofday"};

// svok: chdir and a non-blocking open of the ok FIFO; a message on error.
inline constexpr std::string_view kSvokAllowList[] = {"chdir", "openat",
                                                      "close", "write"};

}  // namespace svc
