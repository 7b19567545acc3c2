// fghack CHILD...: for daemons that insist on going into the background.
// Runs CHILD with 30 extra copies of a pipe's write end and waits until
// every copy is closed, i.e. until the whole process tree has exited; then
// exits with CHILD's exit code.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/path_exec.h"

extern char** environ;

int main(int argc, char** argv) {
  common::SetProgramName("fghack");
  if (argc < 2) common::DieUsage("fghack: usage: fghack child");
  int ends[2];
  if (pipe(ends) != 0) {
    common::DieSys(111, "unable to create pipe");
  }
  pid_t pid = fork();
  if (pid < 0) {
    common::DieSys(111, "unable to fork");
  }
  if (pid == 0) {
    close(ends[0]);
    // Copies that daemonising code is unlikely to close all of; once the
    // table is full, further copies fail too.
    for (int i = 0; i < 30; ++i) {
      if (dup(ends[1]) < 0) break;
    }
    common::PathExec(argv + 1, environ);
    common::DieSys(111, "unable to run ", argv[1]);
  }
  close(ends[1]);
  char buffer[256];
  for (;;) {
    ssize_t got = read(ends[0], buffer, sizeof(buffer));
    if (got == 0) break;
    if (got < 0 && errno != EINTR) break;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      common::DieSys(111, "wait failed");
    }
  }
  if (WIFSIGNALED(status)) common::DieFatal(111, "child crashed");
  return WEXITSTATUS(status);
}
