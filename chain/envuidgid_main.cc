// envuidgid ACCOUNT CHILD...: runs CHILD with $UID and $GID set to
// ACCOUNT's ids (the ids of the process do not change).
#include <pwd.h>

#include <cerrno>
#include <string>

#include "chain/environment.h"
#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/path_exec.h"

int main(int argc, char** argv) {
  common::SetProgramName("envuidgid");
  if (argc < 3) common::DieUsage("envuidgid: usage: envuidgid account child");
  struct passwd* entry = getpwnam(argv[1]);
  if (entry == nullptr) {
    common::DieFatal(111, "unknown account ", argv[1]);
  }
  chain::Environment environment = chain::Environment::Current();
  environment.Set("GID", std::to_string(entry->pw_gid));
  environment.Set("UID", std::to_string(entry->pw_uid));
  common::PathExec(argv + 2, environment.Pointers());
  common::DieSys(111, "unable to run ", argv[2]);
}
