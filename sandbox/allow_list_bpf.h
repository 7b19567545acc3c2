// A seccomp allow-list built directly as classic BPF from syscall
// numbers, without libseccomp: the tools and supervise's monitor lock
// themselves down at every start, and one supervise runs per service, so
// this keeps their startup cheap and their heap small. The program checks
// the architecture (x86-64 only; x32 numbers too are killed), allows the
// listed numbers and kills the process on anything else.
#pragma once

#include <linux/filter.h>

#include <span>
#include <vector>

namespace sandbox {

// Empty when the list is too long for one BPF program (the caller must
// then refuse to run, never run unfiltered).
std::vector<struct sock_filter> BuildAllowList(std::span<const int> allowed);

}  // namespace sandbox
