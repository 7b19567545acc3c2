#include "supervise/spawner.h"

#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "sandbox/apply.h"
#include "sandbox/policy_file.h"

extern char** environ;

namespace supervise {

namespace {

constexpr char kStartRequest = 'S';

// In the new process, which is the monitor's child. It was made by a raw
// clone, so no atfork handler ran: only plain system calls and the
// sandbox sequence (which accounts for that) until exec.
[[noreturn]] void BecomeService(const std::string& dir,
                                const sigset_t& child_mask,
                                const sandbox::ResolvedPolicy* policy) {
  // A session of its own: no controlling terminal to push input into
  // with TIOCSTI (F5). Before the policy, whose filter may deny setsid.
  setsid();
  sigprocmask(SIG_SETMASK, &child_mask, nullptr);
  if (policy != nullptr) {
    sandbox::ApplyFailure failure;
    if (!sandbox::ApplyPolicy(*policy, &failure)) {
      common::Die(111,
                  {"supervise: fatal: unable to apply policy for ", dir, ": ",
                   failure.step, ": ", common::ErrorText(failure.error)});
    }
  }
  char run[] = "./run";
  char* argv[] = {run, nullptr};
  execve(run, argv, environ);
  common::Die(111, {"supervise: fatal: unable to start ", dir,
                    "/run: ", common::ErrorText(errno)});
}

SpawnReply StartService(const std::string& dir, const sigset_t& child_mask) {
  SpawnReply reply;
  sandbox::ResolvedPolicy policy;
  std::string reason;
  sandbox::PolicyFileState state =
      sandbox::LoadPolicyFile("policy", &policy, &reason);
  if (state == sandbox::PolicyFileState::kRefused) {
    reply.result = SpawnReply::kRefused;
    std::strncpy(reply.reason, reason.c_str(), sizeof(reply.reason) - 1);
    return reply;
  }
  pid_t pid = static_cast<pid_t>(syscall(SYS_clone, CLONE_PARENT | SIGCHLD,
                                         nullptr, nullptr, nullptr, nullptr));
  if (pid == 0) {
    BecomeService(
        dir, child_mask,
        state == sandbox::PolicyFileState::kLoaded ? &policy : nullptr);
  }
  if (pid < 0) {
    reply.result = SpawnReply::kForkFailed;
    reply.error = errno;
    return reply;
  }
  reply.result = SpawnReply::kStarted;
  reply.pid = pid;
  return reply;
}

[[noreturn]] void ServeRequests(int socket, const std::string& dir,
                                const sigset_t& child_mask) {
  for (;;) {
    char request;
    ssize_t got = recv(socket, &request, 1, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) _exit(0);  // the monitor is gone
    if (request != kStartRequest) continue;
    SpawnReply reply = StartService(dir, child_mask);
    send(socket, &reply, sizeof(reply), MSG_NOSIGNAL);
  }
}

}  // namespace

std::optional<SpawnerClient> SpawnerClient::Start(
    const std::string& dir, const sigset_t& child_mask,
    std::span<const int> close_in_spawner) {
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0) {
    return std::nullopt;
  }
  common::UniqueFd monitor_end(ends[0]);
  common::UniqueFd spawner_end(ends[1]);
  pid_t monitor = getpid();
  pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    // Dies with the monitor; the check closes the race with its death.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != monitor) _exit(0);
    // Tells it apart from the monitor in ps and /proc/PID/comm.
    prctl(PR_SET_NAME, "supervise-spawn");
    for (int fd : close_in_spawner) close(fd);
    monitor_end.Reset();
    ServeRequests(spawner_end.get(), dir, child_mask);
  }
  return SpawnerClient(pid, std::move(monitor_end));
}

std::optional<SpawnReply> SpawnerClient::RequestStart() {
  char request = kStartRequest;
  if (send(socket_.get(), &request, 1, MSG_NOSIGNAL) != 1) return std::nullopt;
  SpawnReply reply;
  for (;;) {
    ssize_t got = recv(socket_.get(), &reply, sizeof(reply), 0);
    if (got < 0 && errno == EINTR) continue;
    if (got != static_cast<ssize_t>(sizeof(reply))) return std::nullopt;
    reply.reason[sizeof(reply.reason) - 1] = '\0';
    return reply;
  }
}

}  // namespace supervise
