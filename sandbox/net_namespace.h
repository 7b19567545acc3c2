// Namespaces other than the mount namespace, made by the spawner's child
// as root: a network namespace with only the loopback device, brought up
// (SIOCSIFFLAGS, no ip binary); an IPC namespace (its own System V IPC
// and POSIX message queues); a UTS namespace with its own host name.
#pragma once

#include "sandbox/apply_failure.h"
#include "sandbox/policy.h"

namespace sandbox {

bool EnterNamespaces(const NamespacePolicy& policy, ApplyFailure* failure);

}  // namespace sandbox
