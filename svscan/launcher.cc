#include "svscan/launcher.h"

#include <spawn.h>

#include <cerrno>

extern char** environ;

namespace svscan {

pid_t LaunchSupervise(const LaunchRequest& request,
                      const sigset_t& child_mask) {
  // posix_spawn (vfork-like) keeps starting thousands of supervise
  // processes cheap, and reports exec failures back to us.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (request.stdin_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, request.stdin_fd, 0);
  }
  if (request.stdout_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, request.stdout_fd, 1);
  }
  if (request.stderr_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, request.stderr_fd, 2);
  }
  if (request.log) {
    posix_spawn_file_actions_addchdir_np(&actions, request.name.c_str());
  }
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setsigmask(&attributes, &child_mask);
  // svscan ignores SIGPIPE for itself; supervise and ./run must not
  // inherit that.
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::string program = "supervise";
  std::string argument = request.log ? "log" : request.name;
  char* argv[] = {program.data(), argument.data(), nullptr};
  pid_t pid = -1;
  int error =
      posix_spawnp(&pid, "supervise", &actions, &attributes, argv, environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    errno = error;
    return -1;
  }
  return pid;
}

}  // namespace svscan
