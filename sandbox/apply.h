// The fixed sequence that puts a child into its policy just before exec:
//
//   rlimits -> umask -> supplementary groups -> gid + uid, keeping only the
//   listed capabilities (bounding, permitted, effective, inheritable,
//   ambient) -> no_new_privs -> seccomp (last: everything after it is
//   filtered, and it survives exec).
//
// Any failure stops the sequence; the caller must then _exit, never exec,
// so a service never runs half-dropped.
#pragma once

#include "sandbox/identity.h"

namespace sandbox {

struct ApplyFailure {
  const char* step = "";
  int error = 0;
};

// Returns true when every step succeeded. Safe in a child made by a raw
// clone (no atfork handlers ran): it resets libcap-ng's idea of the pid.
bool ApplyPolicy(const ResolvedPolicy& resolved, ApplyFailure* failure);

}  // namespace sandbox
