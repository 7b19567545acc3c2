// The one primitive for each privilege step that more than one program
// takes: shrinking the capability bounding set and installing a seccomp
// filter. Raw prctl, no libraries: the clients call these at startup.
#pragma once

#include <linux/filter.h>

#include <cstdint>
#include <span>

namespace sandbox {

// One bit per capability number in `capabilities` (numbers outside 0-63
// are ignored).
uint64_t CapabilityBits(std::span<const int> capabilities);

// Removes from the bounding set every capability whose bit is not in
// `keep`, up to the kernel's last capability. Returns 0, or the errno of
// the first refused drop (EPERM without CAP_SETPCAP); the set is then
// partly shrunk.
int ShrinkBoundingSet(uint64_t keep);

// Installs `program` as a seccomp filter of the calling thread (needs
// no_new_privs or CAP_SYS_ADMIN). Fails closed: false (errno set) also for
// an empty program and one longer than the kernel accepts (BPF_MAXINSNS),
// whose length would not fit the kernel's structure.
bool InstallSeccompFilter(std::span<const struct sock_filter> program);

}  // namespace sandbox
