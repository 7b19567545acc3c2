// Loading a policy file safely: it must be a regular file (not a symlink),
// owned by root or by the user running us, and writable by nobody else;
// otherwise anyone able to edit it could loosen a service's confinement.
#pragma once

#include <string>

#include "sandbox/identity.h"

namespace sandbox {

enum class PolicyFileState { kAbsent, kLoaded, kRefused };

// Reads, parses and resolves `path` (relative to the current directory).
// kRefused comes with `error` set, e.g. "policy: line 3: unknown setting x"
// or "policy: writable by group or others". `text`, if given, receives
// the bytes of a loaded file (supervise compares them between starts).
PolicyFileState LoadPolicyFile(const std::string& path,
                               ResolvedPolicy* resolved, std::string* error,
                               std::string* text = nullptr);

}  // namespace sandbox
