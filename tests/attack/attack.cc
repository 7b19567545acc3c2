// attack WHAT: tries one escape from a seccomp policy and prints
// "WHAT ok" or "WHAT errno N" on stdout (a seccomp kill prints nothing).
//   pidfd_getfd    take a descriptor out of a child of ours
//   io_uring_setup make an io_uring
//   clone_newuser  clone(CLONE_NEWUSER), the child exits at once
//   clone3_newuser the same through clone3
//   fork, thread   ordinary process and thread creation (must keep working)
#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

int Report(const char* what, long result) {
  if (result < 0) {
    std::printf("%s errno %d\n", what, errno);
  } else {
    std::printf("%s ok\n", what);
  }
  return 0;
}

// A raw clone returns in the child too: it leaves at once.
long ReapIfParent(long pid) {
  if (pid == 0) _exit(0);
  if (pid > 0) waitpid(static_cast<pid_t>(pid), nullptr, 0);
  return pid;
}

long PidfdGetfd() {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return -1;
  pid_t child = fork();
  if (child < 0) return -1;
  if (child == 0) {
    pause();
    _exit(0);
  }
  long result = -1;
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, child, 0));
  if (pidfd >= 0) result = syscall(SYS_pidfd_getfd, pidfd, pipe_fds[0], 0);
  int saved = errno;
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  errno = saved;
  return result;
}

long IoUringSetup() {
  unsigned char params[120] = {};  // struct io_uring_params, all zero
  long fd = syscall(SYS_io_uring_setup, 4, params);
  if (fd >= 0) close(static_cast<int>(fd));
  return fd;
}

long Clone3NewUser() {
  struct clone_args args;
  std::memset(&args, 0, sizeof(args));
  args.flags = CLONE_NEWUSER;
  args.exit_signal = SIGCHLD;
  return ReapIfParent(syscall(SYS_clone3, &args, sizeof(args)));
}

void* Nothing(void*) { return nullptr; }

long Thread() {
  pthread_t thread;
  int rc = pthread_create(&thread, nullptr, Nothing, nullptr);
  if (rc != 0) {
    errno = rc;
    return -1;
  }
  pthread_join(thread, nullptr);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 100;
  std::string what = argv[1];
  if (what == "pidfd_getfd") return Report(argv[1], PidfdGetfd());
  if (what == "io_uring_setup") return Report(argv[1], IoUringSetup());
  if (what == "clone_newuser") {
    return Report(
        argv[1],
        ReapIfParent(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)));
  }
  if (what == "clone3_newuser") return Report(argv[1], Clone3NewUser());
  if (what == "fork") return Report(argv[1], ReapIfParent(fork()));
  if (what == "thread") return Report(argv[1], Thread());
  return 100;
}
