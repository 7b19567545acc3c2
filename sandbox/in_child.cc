#include "sandbox/in_child.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "common/error_text.h"
#include "sandbox/privilege.h"

namespace sandbox {

std::string RunInChild(const std::function<std::string()>& body,
                       int* wait_status) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return "pipe failed\n";
  pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[0]);
    std::string report = body();
    ssize_t ignored = write(pipe_fds[1], report.data(), report.size());
    (void)ignored;
    _exit(0);
  }
  close(pipe_fds[1]);
  std::string report;
  char buffer[512];
  ssize_t got;
  while ((got = read(pipe_fds[0], buffer, sizeof(buffer))) > 0) {
    report.append(buffer, static_cast<size_t>(got));
  }
  close(pipe_fds[0]);
  waitpid(child, wait_status, 0);
  return report;
}

std::string ExpectErrno(const char* what, long result, int expected_errno) {
  int error = result < 0 ? errno : 0;
  if (error == expected_errno) return "";
  return std::string(what) + ": " +
         std::string(error ? common::ErrorText(error) : "succeeded") + "\n";
}

bool FailSyscallWith(int number, int error) {
  struct sock_filter program[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(number), 0, 1),
      BPF_STMT(BPF_RET | BPF_K,
               SECCOMP_RET_ERRNO | (static_cast<uint32_t>(error) & 0xffff)),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         InstallSeccompFilter(program);
}

}  // namespace sandbox
