// Self-lockdown for processes that will run no other program (the clients,
// tai64n, readproctitle, multilog, supervise's monitor, ...): before they
// parse any input they drop every capability they do not name (bounding
// and ambient sets included, where the process may), set no_new_privs and
// install a strict allow-list whose default action kills the process. The
// allow-list of each program is written next to its main() (the clients'
// in svc/allow_lists.h), as syscall numbers (SYS_*).
#pragma once

#include <sys/syscall.h>

#include <span>
#include <string_view>

namespace sandbox {

// Syscalls every locked-down tool may make: exit, memory for the heap,
// signal return, and futex (the C++ runtime's one-time initialisation).
inline constexpr int kToolBaseline[] = {
    SYS_exit_group, SYS_exit,   SYS_brk,          SYS_mmap,
    SYS_munmap,     SYS_mremap, SYS_rt_sigreturn, SYS_restart_syscall,
    SYS_futex};

// Dies with "PROG: fatal: unable to lock down: STEP" (exit 111; PROG as
// common::SetProgramName set it) if any step fails. Under AddressSanitizer the
// filter is skipped: the sanitizer runtime makes calls no tool policy should
// allow.
void LockDownTool(std::span<const int> allowed);

// As LockDownTool, but keeps the capabilities in `keep` (effective,
// permitted and bounding), for a process such as supervise's monitor that
// must still signal services running as other users.
void LockDownProcess(std::span<const int> allowed, std::span<const int> keep);

}  // namespace sandbox
