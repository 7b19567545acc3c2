// Whether this kernel, and this process, can honour a policy's deeper
// keys (namespaces, mounts, Landlock, cgroups). Part of ResolvePolicy, so
// the spawner refuses a start with the reason and `svpolicy check` reports
// the same in advance: a key that cannot be honoured is never ignored.
#pragma once

#include <string>

#include "sandbox/policy.h"

namespace sandbox {

// "" when every key can be honoured, else the first reason it cannot,
// e.g. "pids_max: the cgroup v2 pids controller is not available ...".
std::string KernelCannotHonour(const Policy& policy);

// Landlock needs ABI 3 (truncation handled) for read-only to mean that.
inline constexpr int kLandlockMinimumAbi = 3;

}  // namespace sandbox
