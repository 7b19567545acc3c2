#include "supervise/spawn.h"

#include <unistd.h>

#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"

extern char** environ;

namespace supervise {

pid_t SpawnRun(const std::string& dir, const sigset_t& child_mask) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  sigprocmask(SIG_SETMASK, &child_mask, nullptr);
  char run[] = "./run";
  char* argv[] = {run, nullptr};
  execve(run, argv, environ);
  common::Die(111, {"supervise: fatal: unable to start ", dir,
                    "/run: ", common::ErrorText(errno)});
}

}  // namespace supervise
