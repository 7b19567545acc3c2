// The system calls svc, svstat, svok and svwait may make once locked down
// (on top of sandbox::kToolBaseline: exit, heap, signal return). Anything
// else kills the process. They need no capability but the one below.
#pragma once

#include <linux/capability.h>
#include <sys/syscall.h>

#include <string_view>

namespace svc {

// svc: save and restore the cwd (openat, fchdir), chdir into each
// directory, check supervise/ and the control FIFO (fstat, newfstatat),
// write the bytes waiting at most a second for room (poll, clock), report
// (write), ignore SIGPIPE (rt_sigaction).
inline constexpr int kSvcAllowList[] = {
    SYS_openat,     SYS_chdir, SYS_fchdir,       SYS_fcntl,
    SYS_write,      SYS_close, SYS_rt_sigaction, SYS_fstat,
    SYS_newfstatat, SYS_poll,  SYS_ppoll,        SYS_clock_gettime};

// svstat: as svc, plus stat of ./down, reading the status file and the
// clock for the age of the state.
inline constexpr int kSvstatAllowList[] = {
    SYS_openat, SYS_chdir, SYS_fchdir, SYS_newfstatat,    SYS_fstat,
    SYS_read,   SYS_write, SYS_close,  SYS_clock_gettime, SYS_gettimeofday};

// svok: chdir, check supervise/ and a non-blocking open of the ok FIFO; a
// message on error.
inline constexpr int kSvokAllowList[] = {SYS_chdir, SYS_openat, SYS_close,
                                         SYS_write, SYS_fstat,  SYS_newfstatat};

// svwait: open each directory and fchdir into it, check supervise/ and
// read status and readiness as svstat does, inotify on the directory and
// its supervise/, poll with the monotonic clock for the timeout and for
// the held ok FIFO of each running supervise; a message on error.
inline constexpr int kSvwaitAllowList[] = {
    SYS_openat, SYS_fchdir,        SYS_newfstatat,    SYS_fstat,
    SYS_read,   SYS_write,         SYS_close,         SYS_poll,
    SYS_ppoll,  SYS_clock_gettime, SYS_inotify_init1, SYS_inotify_add_watch};

// The one capability the clients keep: root's svc, svstat, svok and svwait
// must reach the supervise/ of a service supervised under another account
// (0700, owned by it), as daemontools' do.
inline constexpr int kClientCapabilities[] = {CAP_DAC_OVERRIDE};

}  // namespace svc
