// Compiles a SeccompPolicy to a classic BPF program, once, in the parent:
// the child that installs it then only needs prctl(), no allocation and no
// library state. Filters check the architecture and kill the process on a
// foreign ABI (including x32 numbers).
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

#include "sandbox/policy.h"

namespace sandbox {

struct CompiledFilter {
  std::vector<struct sock_filter> program;
};

// Returns false with `error` set when the policy cannot be compiled.
bool CompileSeccomp(const SeccompPolicy& policy, CompiledFilter* filter,
                    std::string* error);

// Installs `filter` on the calling thread. Needs no_new_privs (or
// CAP_SYS_ADMIN). Returns 0 or -1 with errno set.
int InstallFilter(const CompiledFilter& filter);

}  // namespace sandbox
