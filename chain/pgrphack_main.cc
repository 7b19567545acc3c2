// pgrphack CHILD...: runs CHILD in a new session and process group.
#include <unistd.h>

#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/path_exec.h"

extern char** environ;

int main(int argc, char** argv) {
  if (argc < 2) common::Die(100, {"pgrphack: usage: pgrphack child"});
  setsid();  // fails only if already a group leader; that is fine
  common::PathExec(argv + 1, environ);
  common::Die(111, {"pgrphack: fatal: unable to run ", argv[1], ": ",
                    common::ErrorText(errno)});
}
