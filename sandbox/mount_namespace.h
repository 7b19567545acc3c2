// The service's own view of the filesystem: a mount namespace made by the
// spawner's child, still as root, before the identity changes.
//
//   1. unshare(CLONE_NEWNS), and every mount a slave of the host's (host
//      mounts still arrive; nothing made here leaks back);
//   2. every read-only and writable path (read_only, writable,
//      protect_system, protect_home read-only, the service directory) is
//      bound onto itself, shortest first, so each is a mount of its own;
//   3. every mount at or beneath a read-only path becomes read-only
//      (mount_setattr), unless a deeper writable path covers it: the
//      deepest path wins, so exceptions nest; nothing is ever made
//      writable that was read-only before;
//   4. each read-only path is checked (statvfs) to be read-only now;
//   5. chdir into the service directory again, so ./run is reached through
//      the new mount (and stays reachable if /tmp is covered next);
//   6. private_tmp: a fresh tmpfs on /tmp and /var/tmp;
//   7. inaccessible paths (and protect_home yes) are covered by an empty
//      mode-000 directory or file of a read-only tmpfs.
//
// Paths are resolved (symbolic links followed) first, so a rule lands on
// what the path names. A listed path that does not exist fails the start;
// the fixed ones of protect_system and protect_home are skipped when
// absent.
#pragma once

#include <string>

#include "sandbox/apply_failure.h"
#include "sandbox/policy.h"

namespace sandbox {

// `service_directory`: the absolute path of the service directory (the
// working directory), made read-only unless the policy says writable.
bool SetUpFilesystemView(const FilesystemPolicy& policy,
                         const std::string& service_directory,
                         ApplyFailure* failure);

}  // namespace sandbox
