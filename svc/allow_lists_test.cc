#include "svc/allow_lists.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox/lockdown.h"

namespace svc {
namespace {

void CallForbidden(long number) {
  if (number == SYS_execve) {
    char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
    execve("/bin/true", argv, nullptr);
  } else {
    syscall(number, AF_INET, SOCK_STREAM, 0, 0);
  }
}

// Under each list, the calls the tool does make still work, and a call it
// never makes (socket, fork, execve) kills it with SIGSYS.
void ExpectKillsOnForeignCall(std::span<const int> list) {
  for (long forbidden :
       {long{SYS_socket}, long{SYS_fork}, long{SYS_execve}, long{SYS_ptrace}}) {
    EXPECT_EXIT(
        {
          sandbox::LockDownTool(list);
          CallForbidden(forbidden);
          _exit(0);
        },
        testing::KilledBySignal(SIGSYS), "")
        << forbidden;
  }
}

TEST(AllowListsTest, SvcWorksUnderItsListAndNothingElse) {
  EXPECT_EXIT(
      {
        sandbox::LockDownTool(kSvcAllowList);
        int start = open(".", O_RDONLY | O_DIRECTORY);
        if (chdir("/") != 0 || fchdir(start) != 0) _exit(1);
        signal(SIGPIPE, SIG_IGN);
        int fd = open("/dev/null", O_WRONLY | O_NONBLOCK);
        if (fcntl(fd, F_SETFL, 0) != 0 || write(fd, "x", 1) != 1) _exit(2);
        close(fd);
        _exit(0);
      },
      testing::ExitedWithCode(0), "");
  ExpectKillsOnForeignCall(kSvcAllowList);
}

TEST(AllowListsTest, SvstatWorksUnderItsListAndNothingElse) {
  EXPECT_EXIT(
      {
        sandbox::LockDownTool(kSvstatAllowList);
        struct stat info;
        if (stat("/dev/null", &info) != 0) _exit(1);
        int fd = open("/dev/zero", O_RDONLY | O_NONBLOCK);
        char byte;
        if (read(fd, &byte, 1) != 1) _exit(2);
        close(fd);
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        _exit(0);
      },
      testing::ExitedWithCode(0), "");
  ExpectKillsOnForeignCall(kSvstatAllowList);
}

TEST(AllowListsTest, SvokWorksUnderItsListAndNothingElse) {
  EXPECT_EXIT(
      {
        sandbox::LockDownTool(kSvokAllowList);
        if (chdir("/") != 0) _exit(1);
        close(open("/dev/null", O_WRONLY | O_NONBLOCK));
        _exit(0);
      },
      testing::ExitedWithCode(0), "");
  ExpectKillsOnForeignCall(kSvokAllowList);
}

TEST(AllowListsTest, SvwaitWorksUnderItsListAndNothingElse) {
  EXPECT_EXIT(
      {
        sandbox::LockDownTool(kSvwaitAllowList);
        int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
        int watcher = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (dir < 0 || fchdir(dir) != 0 || watcher < 0) _exit(1);
        if (inotify_add_watch(watcher, "/proc/self/fd/0", IN_OPEN) < 0 &&
            inotify_add_watch(watcher, ".", IN_CREATE) < 0) {
          _exit(2);
        }
        struct pollfd fds = {};
        fds.fd = watcher;
        fds.events = POLLIN;
        if (poll(&fds, 1, 0) < 0) _exit(3);
        _exit(0);
      },
      testing::ExitedWithCode(0), "");
  ExpectKillsOnForeignCall(kSvwaitAllowList);
}

}  // namespace
}  // namespace svc
