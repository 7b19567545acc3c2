#include "sandbox/syscall_groups.h"

#include <map>

namespace sandbox {

namespace {

using List = std::vector<std::string_view>;

const std::map<std::string_view, List>& Groups() {
  static const auto* groups = new std::map<std::string_view, List>{
      {"@basic-io",
       {"read", "write", "readv", "writev", "pread64", "pwrite64", "preadv",
        "pwritev", "preadv2", "pwritev2", "close", "close_range", "dup",
        "dup2", "dup3", "lseek", "fcntl", "ioctl", "pipe", "pipe2", "poll",
        "ppoll", "select", "pselect6", "epoll_create", "epoll_create1",
        "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", "eventfd",
        "eventfd2", "sendfile", "splice", "tee", "copy_file_range",
        "fsync", "fdatasync", "sync_file_range"}},
      {"@file-system",
       {"open", "openat", "openat2", "creat", "stat", "fstat", "lstat",
        "newfstatat", "statx", "statfs", "fstatfs", "access", "faccessat",
        "faccessat2", "readlink", "readlinkat", "getdents", "getdents64",
        "getcwd", "chdir", "fchdir", "mkdir", "mkdirat", "rmdir", "unlink",
        "unlinkat", "rename", "renameat", "renameat2", "link", "linkat",
        "symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "chown",
        "fchown", "fchownat", "lchown", "truncate", "ftruncate",
        "fallocate", "utime", "utimes", "utimensat", "futimesat", "umask",
        "flock", "fadvise64", "mknod", "mknodat", "inotify_init",
        "inotify_init1", "inotify_add_watch", "inotify_rm_watch",
        "getxattr", "lgetxattr", "fgetxattr", "listxattr", "llistxattr",
        "flistxattr", "memfd_create"}},
      {"@memory",
       {"brk", "mmap", "munmap", "mprotect", "mremap", "madvise", "mlock",
        "mlock2", "munlock", "mlockall", "munlockall", "msync", "mincore",
        "membarrier"}},
      {"@process",
       {"clone", "clone3", "fork", "vfork", "execve", "execveat", "exit",
        "exit_group", "wait4", "waitid", "kill", "tkill", "tgkill",
        "getpid", "gettid", "getppid", "getpgid", "getpgrp", "setpgid",
        "getsid", "setsid", "prctl", "arch_prctl", "set_tid_address",
        "set_robust_list", "get_robust_list", "rseq", "futex",
        "sched_yield", "sched_getaffinity", "sched_setaffinity",
        "sched_getparam", "sched_getscheduler", "getpriority",
        "setpriority", "getrlimit", "setrlimit", "prlimit64", "getrusage",
        "times", "pidfd_open", "pidfd_send_signal", "capget"}},
      {"@signal",
       {"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending",
        "rt_sigsuspend", "rt_sigtimedwait", "rt_sigqueueinfo", "sigaltstack",
        "signalfd", "signalfd4", "pause", "restart_syscall"}},
      {"@timer",
       {"nanosleep", "clock_nanosleep", "clock_gettime", "clock_getres",
        "gettimeofday", "time", "alarm", "getitimer", "setitimer",
        "timer_create", "timer_settime", "timer_gettime", "timer_delete",
        "timer_getoverrun", "timerfd_create", "timerfd_settime",
        "timerfd_gettime"}},
      {"@identity",
       {"getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid",
        "getgroups", "uname", "getrandom", "sysinfo"}},
      {"@network-io",
       {"socket", "socketpair", "connect", "bind", "listen", "accept",
        "accept4", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg",
        "recvmmsg", "shutdown", "getsockname", "getpeername", "setsockopt",
        "getsockopt"}},
      {"@ipc",
       {"shmget", "shmat", "shmdt", "shmctl", "semget", "semop",
        "semtimedop", "semctl", "msgget", "msgsnd", "msgrcv", "msgctl",
        "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive",
        "mq_notify", "mq_getsetattr", "process_madvise"}},
      {"@setuid",
       {"setuid", "setgid", "setreuid", "setregid", "setresuid",
        "setresgid", "setgroups", "setfsuid", "setfsgid", "capset"}},
      // Dangerous groups, for deny-lists.
      {"@mount",
       {"mount", "umount2", "pivot_root", "chroot", "move_mount",
        "open_tree", "fsopen", "fsconfig", "fsmount", "fspick",
        "mount_setattr"}},
      {"@module", {"init_module", "finit_module", "delete_module"}},
      {"@reboot", {"reboot", "kexec_load", "kexec_file_load"}},
      {"@swap", {"swapon", "swapoff"}},
      {"@raw-io", {"ioperm", "iopl", "pciconfig_read", "pciconfig_write"}},
      {"@debug",
       {"ptrace", "process_vm_readv", "process_vm_writev",
        "perf_event_open", "kcmp", "lookup_dcookie"}},
      {"@clock",
       {"settimeofday", "clock_settime", "adjtimex", "clock_adjtime"}},
      {"@privileged",
       {"acct", "quotactl", "sethostname", "setdomainname", "syslog",
        "bpf", "unshare", "setns", "keyctl", "add_key", "request_key",
        "userfaultfd", "vhangup", "nfsservctl", "open_by_handle_at",
        "name_to_handle_at", "personality", "uselib", "ustat", "sysfs",
        "_sysctl"}},
  };
  return *groups;
}

}  // namespace

const List* SyscallGroup(std::string_view name) {
  if (name == "@system-service") {
    static const List* service = [] {
      auto* list = new List;
      for (const char* part :
           {"@basic-io", "@file-system", "@memory", "@process", "@signal",
            "@timer", "@identity", "@network-io", "@ipc"}) {
        const List& members = Groups().at(part);
        list->insert(list->end(), members.begin(), members.end());
      }
      return list;
    }();
    return service;
  }
  auto found = Groups().find(name);
  return found == Groups().end() ? nullptr : &found->second;
}

std::vector<std::string_view> SyscallGroupNames() {
  std::vector<std::string_view> names = {"@system-service"};
  for (const auto& [name, members] : Groups()) names.push_back(name);
  return names;
}

const List& ExecMinimum() {
  static const List minimum = {
      "execve",          "brk",        "arch_prctl", "mmap",
      "munmap",          "mprotect",   "openat",     "read",
      "close",           "newfstatat", "fstat",      "pread64",
      "access",          "set_tid_address", "set_robust_list", "rseq",
      "prlimit64",       "exit_group", "exit",       "rt_sigreturn",
      "restart_syscall"};
  return minimum;
}

}  // namespace sandbox
