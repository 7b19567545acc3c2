// pgrphack CHILD...: runs CHILD in a new session and process group.
#include <unistd.h>

#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/path_exec.h"

extern char** environ;

int main(int argc, char** argv) {
  common::SetProgramName("pgrphack");
  if (argc < 2) common::DieUsage("pgrphack: usage: pgrphack child");
  setsid();  // fails only if already a group leader; that is fine
  common::PathExec(argv + 1, environ);
  common::DieSys(111, "unable to run ", argv[1]);
}
