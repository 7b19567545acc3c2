// Starts ./run in the current (service) directory as a child of supervise.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <string>

namespace supervise {

// Forks and execs ./run with supervise's environment and descriptors 0-2.
// `child_mask` is the signal mask the service starts with. Returns the pid,
// or -1 with errno set when fork failed. If exec fails the child prints
// "supervise: fatal: unable to start DIR/run: ERR" and exits 111.
pid_t SpawnRun(const std::string& dir, const sigset_t& child_mask);

}  // namespace supervise
