// The fixed sequence that puts a child into its policy just before exec,
// the one list of the spawner's steps (docs/SECURITY.md shows it):
//
//   1. cgroup: join the service's group (made and limited by the spawner),
//      first, so every later step and every process after it is inside;
//   2. namespaces: network (only lo, up), IPC, UTS with its host name;
//   3. filesystem view: a mount namespace (sandbox/mount_namespace.h),
//      ending in the service directory's new mount;
//   4. rlimits (while still privileged, so hard limits can be set);
//   5. umask;
//   6. supplementary groups;
//   7. gid + uid, keeping only the listed capabilities (bounding,
//      permitted, effective, inheritable, ambient);
//   8. no_new_privs;
//   9. Landlock: after the identity change, so nothing privileged happens
//      under it and its paths are opened as the service's user; before
//      seccomp, so a filter need not allow the landlock_* calls;
//  10. seccomp (last: everything after it is filtered, and it survives
//      exec).
//
// Steps 1-3 need root (CAP_SYS_ADMIN) and come before the identity
// changes. Any failure stops the sequence; the caller must then _exit,
// never exec, so a service never runs half-dropped.
#pragma once

#include <string>

#include "sandbox/apply_failure.h"
#include "sandbox/identity.h"

namespace sandbox {

// What only supervise's spawner has: the service directory and the
// service's cgroup.
struct ServiceContext {
  std::string directory;  // absolute path of the working directory
  int cgroup_procs = -1;  // the group's cgroup.procs, or -1: no group
};

// Returns true when every step succeeded. Safe in a child made by a raw
// clone (no atfork handlers ran): it resets libcap-ng's idea of the pid.
// Without `context` (applypolicy, svpolicy learn) a policy with cgroup
// limits fails (only supervise makes groups), the filesystem view takes
// the working directory as the service directory, and no group is
// joined.
bool ApplyPolicy(const ResolvedPolicy& resolved, ApplyFailure* failure,
                 const ServiceContext* context = nullptr);

}  // namespace sandbox
