// Starts one supervise process for svscan, found along $PATH like 0.76.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <string>

namespace svscan {

struct LaunchRequest {
  std::string name;    // the service directory's name in the scan directory
  bool log = false;    // start "supervise log" inside NAME instead
  int stdin_fd = -1;   // moved onto fd 0 when >= 0
  int stdout_fd = -1;  // moved onto fd 1 when >= 0
  int stderr_fd = -1;  // moved onto fd 2 when >= 0
};

// Returns the pid, or -1 with errno set (fork, chdir or exec failed).
// `child_mask` is the signal mask supervise starts with.
pid_t LaunchSupervise(const LaunchRequest& request, const sigset_t& child_mask);

}  // namespace svscan
