// What supervise's monitor may do once its spawner exists: read commands,
// write the status file, reap and signal its service, talk to the
// spawner. It keeps only CAP_KILL (services may run as other users) and
// cannot fork, exec, change identity or load anything. Landlock limits its
// files (where the kernel has it): it reads the service directory (its
// working directory) and /proc, and writes only regular files beneath
// supervise/.
#pragma once

#include <sys/syscall.h>

#include <string_view>

namespace supervise {

inline constexpr int kMonitorAllowList[] = {
    // Commands, the signalfd, the spawner's socket (and the pidfds it
    // passes), files in supervise/ (replaced atomically, by descriptor).
    // No fchmod: the files get their mode from a fixed umask, and a
    // compromised monitor must not make ./run or the service directory
    // writable for others.
    SYS_read, SYS_write, SYS_close, SYS_openat, SYS_renameat, SYS_unlinkat,
    SYS_newfstatat, SYS_fstat, SYS_fcntl, SYS_poll, SYS_ppoll, SYS_sendto,
    SYS_recvfrom, SYS_recvmsg,
    // Children and signals: only through pidfds of its own ./run, never
    // kill() on an arbitrary pid.
    SYS_wait4, SYS_waitid, SYS_pidfd_send_signal, SYS_rt_sigprocmask,
    // Clocks (normally answered by the vDSO).
    SYS_clock_gettime, SYS_gettimeofday,
    // Returning the filter compiler's scratch memory (malloc_trim).
    SYS_madvise};

// Confines files with Landlock (a warning if the kernel lacks it), drops to
// CAP_KILL, sets no_new_privs and loads the allow-list (default action:
// kill). Dies (111) if any step fails. Call it in the service directory.
void LockDownMonitor();

}  // namespace supervise
