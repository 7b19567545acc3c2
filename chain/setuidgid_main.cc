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
  bool supplementary = argc > 1 && std::strcmp(argv[1], "-s") == 0;
  int first = supplementary ? 2 : 1;
  if (argc - first < 2) {
    common::Die(100, {"setuidgid: usage: setuidgid account child"});
  }
  const char* account = argv[first];
  struct passwd* entry = getpwnam(account);
  if (entry == nullptr) {
    common::Die(111, {"setuidgid: fatal: unknown account ", account});
  }
  int groups_set = supplementary ? initgroups(account, entry->pw_gid)
                                 : setgroups(1, &entry->pw_gid);
  if (groups_set != 0 || setgid(entry->pw_gid) != 0) {
    common::Die(111, {"setuidgid: fatal: unable to setgid: ",
                      common::ErrorText(errno)});
  }
  if (setuid(entry->pw_uid) != 0) {
    common::Die(111, {"setuidgid: fatal: unable to setuid: ",
                      common::ErrorText(errno)});
  }
  common::PathExec(argv + first + 1, environ);
  common::Die(111, {"setuidgid: fatal: unable to run ", argv[first + 1], ": ",
                    common::ErrorText(errno)});
}
