// setuidgid [-s] ACCOUNT CHILD...: runs CHILD as ACCOUNT's uid and gid,
// with supplementary groups set to exactly the account's primary group
// (with -s, as daemontools-encore: to the account's groups from the group
// database). Linked dynamically, so accounts from any NSS source work.
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/path_exec.h"

extern char** environ;

int main(int argc, char** argv) {
  common::SetProgramName("setuidgid");
  bool supplementary = argc > 1 && std::strcmp(argv[1], "-s") == 0;
  int first = supplementary ? 2 : 1;
  if (argc - first < 2) {
    common::DieUsage("setuidgid: usage: setuidgid account child");
  }
  const char* account = argv[first];
  struct passwd* entry = getpwnam(account);
  if (entry == nullptr) {
    common::DieFatal(111, "unknown account ", account);
  }
  int groups_set = supplementary ? initgroups(account, entry->pw_gid)
                                 : setgroups(1, &entry->pw_gid);
  if (groups_set != 0 || setgid(entry->pw_gid) != 0) {
    common::DieSys(111, "unable to setgid");
  }
  if (setuid(entry->pw_uid) != 0) {
    common::DieSys(111, "unable to setuid");
  }
  common::PathExec(argv + first + 1, environ);
  common::DieSys(111, "unable to run ", argv[first + 1]);
}
