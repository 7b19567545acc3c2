// The baseline every process under svscan inherits: a seccomp deny-list
// and a smaller capability bounding set, applied to svscan itself before
// it starts anything. Filters and the bounding set pass to children and
// survive exec, so the baseline binds every supervise and every service,
// and no policy below can undo it.
//
// Default (no SCANDIR/.baseline): deny module loading, kexec, reboot and
// swap (EPERM), and drop CAP_SYS_MODULE and CAP_SYS_BOOT from the
// bounding set. A .baseline file (policy format, owned by root, not
// writable by others) replaces that; it may hold only the settings
// seccomp, seccomp_action and capabilities (the bounding set to keep).
//
// no_new_privs is not set: that would stop setuid programs in every
// service. Loading a filter without it needs CAP_SYS_ADMIN, so a non-root
// svscan warns and runs without the filter.
#pragma once

#include <string>
#include <vector>

#include "sandbox/identity.h"

namespace svscan {

// Reads and checks ./.baseline (or the default when there is none) without
// applying it: the filter in `baseline`, the bounding set to keep in
// `keep`. False with `error` set ("policy: line 2: ...") when invalid.
// svpolicy check uses it too, so it judges a baseline exactly as svscan.
bool LoadBaseline(sandbox::ResolvedPolicy* baseline, std::vector<int>* keep,
                  std::string* error);

// Reads ./.baseline and applies it. Dies (111) on an invalid file.
void ApplyBaseline();

}  // namespace svscan
