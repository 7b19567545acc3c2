#include "svc/syscall_tracer.h"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <set>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "sandbox/apply.h"
#include "sandbox/lockdown.h"
#include "sandbox/policy_file.h"

namespace svc {

namespace {

// What the tracer does once the child exists.
constexpr int kTracerAllowList[] = {SYS_ptrace, SYS_wait4,        SYS_kill,
                                    SYS_write,  SYS_rt_sigaction, SYS_alarm};

// The deadline interrupts the blocking wait; nothing else to do.
void OnAlarm(int) {}

// The traced child: the service's identity, limits and capabilities from
// its policy (the filter is what we are learning, so it is left out),
// then stop until the tracer is ready, then ./run.
[[noreturn]] void BecomeTracedService() {
  // The operator's session, terminal, descriptors and environment are
  // not the service's to have: a service typed into root's terminal
  // through TIOCSTI, read root's descriptors and secrets in its
  // environment. Its own session, /dev/null for 0-2 (its output is not
  // shown), nothing above 2, the PATH svscanboot gives.
  setsid();
  int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0 || dup2(null_fd, 0) < 0 ||
      syscall(SYS_close_range, 3U, ~0U, 0U) != 0) {
    _exit(111);
  }
  sandbox::ResolvedPolicy policy;
  std::string error;
  sandbox::PolicyFileState state =
      sandbox::LoadPolicyFile("policy", &policy, &error);
  if (state == sandbox::PolicyFileState::kRefused) {
    common::DieFatal(111, error);
  }
  if (state == sandbox::PolicyFileState::kLoaded) {
    policy.filter.program.clear();
    policy.policy.seccomp = sandbox::SeccompPolicy();
    sandbox::ApplyFailure failure;
    if (!sandbox::ApplyPolicy(policy, &failure)) {
      common::DieFatal(111, "unable to apply policy: ", failure.step, ": ",
                       common::ErrorText(failure.error));
    }
  }
  // Errors above still reach the operator; from here on nothing does.
  if (dup2(0, 1) < 0 || dup2(0, 2) < 0) _exit(111);
  if (ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) != 0) {
    _exit(111);
  }
  raise(SIGSTOP);
  char run[] = "./run";
  char* argv[] = {run, nullptr};
  char path[] =
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  char* environment[] = {path, nullptr};
  execve(run, argv, environment);
  _exit(111);
}

void Record(pid_t pid, std::set<long>* numbers) {
  struct __ptrace_syscall_info info;
  long size = ptrace(PTRACE_GET_SYSCALL_INFO, pid,
                     reinterpret_cast<void*>(sizeof(info)), &info);
  if (size <= 0 || info.op != PTRACE_SYSCALL_INFO_ENTRY) return;
  // A call of a foreign ABI is killed by every filter anyway.
  if (info.arch != AUDIT_ARCH_X86_64) return;
  numbers->insert(static_cast<long>(info.entry.nr));
}

}  // namespace

TraceResult TraceRun(int seconds) {
  TraceResult result;
  pid_t child = fork();
  if (child < 0) {
    result.error = "unable to fork: " + std::string(common::ErrorText(errno));
    return result;
  }
  if (child == 0) BecomeTracedService();
  constexpr int kKeep[] = {CAP_KILL};
  sandbox::LockDownProcess(kTracerAllowList, kKeep);

  struct sigaction alarm_action = {};
  alarm_action.sa_handler = OnAlarm;  // no SA_RESTART: the wait returns
  sigaction(SIGALRM, &alarm_action, nullptr);
  alarm(static_cast<unsigned>(seconds));

  std::set<pid_t> tracees = {child};
  std::set<long> numbers;
  bool first_stop = true;
  while (!tracees.empty()) {
    int status;
    pid_t pid = waitpid(-1, &status, __WALL);
    if (pid < 0 && errno == EINTR) {
      result.timed_out = true;
      for (pid_t tracee : tracees) kill(tracee, SIGKILL);
      continue;
    }
    if (pid < 0) break;
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      tracees.erase(pid);
      continue;
    }
    tracees.insert(pid);
    int signal = 0;
    int stop = WSTOPSIG(status);
    if (first_stop && pid == child) {
      first_stop = false;
      ptrace(PTRACE_SETOPTIONS, pid, nullptr,
             PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
                 PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL);
    } else if (stop == (SIGTRAP | 0x80)) {
      Record(pid, &numbers);
    } else if ((status >> 16) != 0 || stop == SIGSTOP || stop == SIGTRAP) {
      if ((status >> 16) == PTRACE_EVENT_EXEC) result.started = true;
      // Fork, clone and exec events, and the stop of a new child.
    } else {
      signal = stop;  // a real signal: deliver it
    }
    ptrace(PTRACE_SYSCALL, pid, nullptr,
           reinterpret_cast<void*>(static_cast<intptr_t>(signal)));
  }
  for (long number : numbers) {
    char* name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64,
                                                  static_cast<int>(number));
    result.syscalls.insert(name != nullptr ? name
                                           : "#" + std::to_string(number));
    std::free(name);
  }
  return result;
}

}  // namespace svc
