#include "supervise/spawner.h"

#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "sandbox/apply.h"
#include "sandbox/cgroup.h"
#include "sandbox/policy_file.h"
#include "sandbox/policy_summary.h"
#include "supervise/notification.h"

namespace supervise {

namespace {

constexpr char kStartRequest = 'S';
// "./run has exited: kill what is left of it" (answered with one byte).
constexpr char kStopRequest = 'K';
// How long the spawner waits for a killed group to empty.
constexpr int kKillWaitMs = 2000;

// In the new process, which is the monitor's child. It was made by a raw
// clone, so no atfork handler ran: only plain system calls and the
// sandbox sequence (which accounts for that) until exec.
[[noreturn]] void BecomeService(const std::string& dir,
                                const sigset_t& child_mask,
                                const sandbox::ResolvedPolicy* policy,
                                const sandbox::ServiceContext& context,
                                const Notification& notification,
                                char* const* environment) {
  // A session of its own: no controlling terminal to push input into
  // with TIOCSTI (F5). Before the policy, whose filter may deny setsid.
  setsid();
  sigprocmask(SIG_SETMASK, &child_mask, nullptr);
  InstallNotificationFd(notification);
  if (policy != nullptr) {
    sandbox::ApplyFailure failure;
    if (!sandbox::ApplyPolicy(*policy, &failure, &context)) {
      common::DieFatal(111, "unable to apply policy for ", dir, ": ",
                       failure.step, ": ", common::ErrorText(failure.error));
    }
  }
  char run[] = "./run";
  char* argv[] = {run, nullptr};
  execve(run, argv, environment);
  common::DieSys(111, "unable to start ", dir, "/run");
}

SpawnReply Refusal(const std::string& reason) {
  SpawnReply reply;
  reply.result = SpawnReply::kRefused;
  std::strncpy(reply.reason, reason.c_str(), sizeof(reply.reason) - 1);
  return reply;
}

// What the spawner remembers of ./policy between starts, so that a
// service cannot loosen the policy of its next start by changing the
// file: once a policy was in place (when supervise started, or at a
// start), a missing one is refused rather than read as "unconfined"; and
// while the policy in force leaves the service uid 0 (which owns its
// directory and so can rewrite the file), any change is refused. Only a
// new supervise, started by root, forgets both.
class PolicyMemory {
 public:
  // At the spawner's start, given ./policy as loaded then (`initial`,
  // nullptr if none was, and its bytes): a policy in any form (a file, a
  // link, something unreadable) means a policy was meant.
  PolicyMemory(sandbox::PolicyFileState initial_state,
               const sandbox::ResolvedPolicy* initial,
               const std::string& text) {
    // A policy refused at that load counts even if it is gone by now.
    struct stat info;
    seen_ = initial_state != sandbox::PolicyFileState::kAbsent ||
            fstatat(AT_FDCWD, "policy", &info, AT_SYMLINK_NOFOLLOW) == 0 ||
            errno != ENOENT;
    if (initial != nullptr) Remember(*initial, text);
  }

  // Loads ./policy for a start into `policy` (nullptr: start without
  // one). Returns false with `reason` set when the start must be refused.
  bool Load(sandbox::ResolvedPolicy& policy, bool& loaded,
            std::string& reason) {
    std::string text;
    sandbox::PolicyFileState state =
        sandbox::LoadPolicyFile("policy", &policy, &reason, &text);
    loaded = state == sandbox::PolicyFileState::kLoaded;
    if (state == sandbox::PolicyFileState::kRefused) return false;
    if (state == sandbox::PolicyFileState::kAbsent) {
      if (seen_) reason = "policy disappeared";
      return !seen_;
    }
    if (pinned_ && text != *pinned_) {
      reason =
          "policy changed while its service kept uid 0; start supervise "
          "again to use it";
      return false;
    }
    // A uid-0 service owns its directory and may rewrite its policy: such
    // a policy must say so (user root) rather than look like a boundary.
    if (geteuid() == 0 && policy.policy.ConfinesRootImplicitly()) {
      reason = std::string("policy: ") + sandbox::kConfinesRootImplicitly;
      return false;
    }
    Remember(policy, text);
    return true;
  }

 private:
  void Remember(const sandbox::ResolvedPolicy& policy,
                const std::string& text) {
    seen_ = true;
    uid_t uid = policy.uid.value_or(geteuid());
    if (uid == 0) pinned_ = text;
  }

  bool seen_ = false;
  std::optional<std::string> pinned_;
};

// The service's cgroup (sandbox/cgroup.h): made before each start of a
// service with a policy, where cgroup v2 is usable or the policy asks for
// it; after ./run has exited (the monitor says so), whatever is left in it
// is killed, unless kill_mode process. Services without a policy keep
// 0.76's behaviour: no group, nothing killed but ./run.
class ServiceGroup {
 public:
  // `initial`: ./policy as loaded at the spawner's start, or nullptr.
  explicit ServiceGroup(const sandbox::ResolvedPolicy* initial) {
    // A service adopted by this supervise may sit in the group of the
    // policy in force when it was started.
    if (initial != nullptr && Wanted(initial->policy.cgroup) &&
        KillsTree(initial->policy.cgroup)) {
      struct stat info;
      std::string error;
      if (stat(".", &info) == 0) {
        path_ = sandbox::ServiceCgroupPath(info.st_dev, info.st_ino, &error);
      }
    }
  }

  // Before a start under `policy` (nullptr: none). Returns false with
  // `reason` set when the policy asks for a group that cannot be made.
  bool Prepare(const sandbox::ResolvedPolicy* policy,
               sandbox::ServiceContext* context, std::string* reason) {
    procs_.Reset();
    path_.clear();
    if (policy == nullptr || !Wanted(policy->policy.cgroup)) return true;
    const sandbox::CgroupPolicy& wanted = policy->policy.cgroup;
    bool asked =
        wanted.enabled.value_or(false) || wanted.kill_mode || wanted.Limits();
    if (!asked && !sandbox::CgroupsUnusable().empty()) return true;
    struct stat info;
    sandbox::ServiceCgroup group;
    std::string error;
    if (stat(".", &info) != 0) {
      error = std::string(common::ErrorText(errno));
    } else if (sandbox::PrepareServiceCgroup(wanted, info.st_dev, info.st_ino,
                                             &group, &error)) {
      procs_ = std::move(group.procs);
      if (KillsTree(wanted)) path_ = group.path;
      context->cgroup_procs = procs_.get();
      return true;
    }
    if (!asked) return true;  // the default only where groups work
    *reason = "policy: cgroup: " + error;
    return false;
  }

  // After the clone: the child has its own copy of cgroup.procs.
  void Started() { procs_.Reset(); }

  bool KillsLeftovers() const { return !path_.empty(); }

  // ./run has exited: nothing of it may stay.
  void KillLeftovers() {
    if (path_.empty()) return;
    std::string error;
    if (!sandbox::KillCgroup(path_, kKillWaitMs, &error)) {
      common::Warn(error);
    }
  }

 private:
  static bool Wanted(const sandbox::CgroupPolicy& policy) {
    return policy.enabled.value_or(true);
  }
  static bool KillsTree(const sandbox::CgroupPolicy& policy) {
    return policy.kill_mode.value_or(sandbox::KillMode::kControlGroup) ==
           sandbox::KillMode::kControlGroup;
  }

  common::UniqueFd procs_;
  std::string path_;  // the group to kill after ./run, if any
};

// Fills the reply's readiness fields and hands over the read ends.
void ReplyNotification(Notification& notification, SpawnReply& reply,
                       StartedFds& fds) {
  if (notification.pipe_read.valid()) reply.notifies |= SpawnReply::kPipe;
  if (notification.socket.valid()) reply.notifies |= SpawnReply::kSocket;
  reply.watchdog_ms = notification.watchdog_ms;
  reply.kill_timeout_ms = notification.kill_timeout_ms;
  fds.notification_pipe = std::move(notification.pipe_read);
  fds.notify_socket = std::move(notification.socket);
}

// `fds` receives the new service's pidfd and notification read ends.
SpawnReply StartService(const std::string& dir, const sigset_t& child_mask,
                        PolicyMemory& memory, ServiceGroup& group,
                        StartedFds& fds) {
  SpawnReply reply;
  sandbox::ResolvedPolicy policy;
  std::string reason;
  bool loaded = false;
  if (!memory.Load(policy, loaded, reason)) return Refusal(reason);
  sandbox::ServiceContext context;
  char directory[PATH_MAX];
  if (getcwd(directory, sizeof(directory)) == nullptr) {
    return Refusal("cannot name the service directory: " +
                   std::string(common::ErrorText(errno)));
  }
  context.directory = directory;
  if (!group.Prepare(loaded ? &policy : nullptr, &context, &reason)) {
    return Refusal(reason);
  }
  Notification notification;
  if (!PrepareNotification(&notification, &reason)) return Refusal(reason);
  // An abstract socket lives in supervise's network namespace.
  if (loaded && policy.policy.namespaces.network &&
      notification.socket.valid()) {
    return Refusal(
        "notify-socket: unreachable with private_network; use "
        "notification-fd");
  }
  // Built before the clone: the child may not allocate.
  std::vector<char*> environment;
  for (std::string& variable : notification.environment) {
    environment.push_back(variable.data());
  }
  environment.push_back(nullptr);
  int new_pidfd = -1;
  pid_t pid = static_cast<pid_t>(
      syscall(SYS_clone, CLONE_PARENT | CLONE_PIDFD | SIGCHLD, nullptr,
              &new_pidfd, nullptr, nullptr));
  if (pid == 0) {
    BecomeService(dir, child_mask, loaded ? &policy : nullptr, context,
                  notification, environment.data());
  }
  group.Started();
  if (pid < 0) {
    reply.result = SpawnReply::kForkFailed;
    reply.error = errno;
    return reply;
  }
  fds.pidfd.Reset(new_pidfd);
  reply.result = SpawnReply::kStarted;
  reply.pid = pid;
  reply.kills_group = group.KillsLeftovers() ? 1 : 0;
  ReplyNotification(notification, reply, fds);
  if (loaded) {
    std::string summary = sandbox::PolicySummary(policy);
    std::strncpy(reply.reason, summary.c_str(), sizeof(reply.reason) - 1);
  }
  return reply;
}

constexpr size_t kMaxPassedFds = 3;

// The reply, and with a started service its descriptors as SCM_RIGHTS
// (pidfd, then the notification pipe and socket its flags announce).
void SendReply(int socket, const SpawnReply& reply, const StartedFds& fds) {
  struct iovec data = {const_cast<SpawnReply*>(&reply), sizeof(reply)};
  struct msghdr message = {};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  int passed[kMaxPassedFds];
  size_t count = 0;
  for (const common::UniqueFd* fd :
       {&fds.pidfd, &fds.notification_pipe, &fds.notify_socket}) {
    if (fd->valid()) passed[count++] = fd->get();
  }
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(passed))] = {};
  if (count > 0) {
    message.msg_control = control;
    message.msg_controllen = CMSG_SPACE(count * sizeof(int));
    struct cmsghdr* header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(count * sizeof(int));
    std::memcpy(CMSG_DATA(header), passed, count * sizeof(int));
  }
  sendmsg(socket, &message, MSG_NOSIGNAL);
}

[[noreturn]] void ServeRequests(int socket, const std::string& dir,
                                const sigset_t& child_mask) {
  // ./policy as it is now: loaded once, for both.
  sandbox::ResolvedPolicy initial;
  std::string initial_text, error;
  sandbox::PolicyFileState state =
      sandbox::LoadPolicyFile("policy", &initial, &error, &initial_text);
  bool loaded = state == sandbox::PolicyFileState::kLoaded;
  PolicyMemory memory(state, loaded ? &initial : nullptr, initial_text);
  ServiceGroup group(loaded ? &initial : nullptr);
  for (;;) {
    char request;
    ssize_t got = recv(socket, &request, 1, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) _exit(0);  // the monitor is gone
    if (request == kStopRequest) {
      group.KillLeftovers();
      send(socket, &request, 1, MSG_NOSIGNAL);
      continue;
    }
    if (request != kStartRequest) continue;
    StartedFds fds;
    SpawnReply reply = StartService(dir, child_mask, memory, group, fds);
    SendReply(socket, reply, fds);
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

bool SpawnerClient::RequestStop() {
  char request = kStopRequest;
  if (send(socket_.get(), &request, 1, MSG_NOSIGNAL) != 1) return false;
  for (;;) {
    ssize_t got = recv(socket_.get(), &request, 1, 0);
    if (got < 0 && errno == EINTR) continue;
    return got == 1;
  }
}

std::optional<SpawnReply> SpawnerClient::RequestStart(StartedFds* fds) {
  char request = kStartRequest;
  if (send(socket_.get(), &request, 1, MSG_NOSIGNAL) != 1) return std::nullopt;
  SpawnReply reply;
  struct iovec data = {&reply, sizeof(reply)};
  alignas(struct cmsghdr) char control[CMSG_SPACE(kMaxPassedFds * sizeof(int))];
  struct msghdr message = {};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof(control);
  for (;;) {
    ssize_t got = recvmsg(socket_.get(), &message, MSG_CMSG_CLOEXEC);
    if (got < 0 && errno == EINTR) continue;
    std::vector<common::UniqueFd> received;
    for (struct cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr;
         header = CMSG_NXTHDR(&message, header)) {
      if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) {
        continue;
      }
      size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (size_t i = 0; i < count; ++i) {
        int fd;
        std::memcpy(&fd, CMSG_DATA(header) + i * sizeof(int), sizeof(int));
        received.emplace_back(fd);
      }
    }
    if (got != static_cast<ssize_t>(sizeof(reply))) return std::nullopt;
    // In the order SendReply put them; anything unannounced is closed.
    size_t next = 0;
    auto take = [&](common::UniqueFd* into) {
      if (next < received.size()) *into = std::move(received[next++]);
    };
    if (reply.result == SpawnReply::kStarted) {
      take(&fds->pidfd);
      if (reply.notifies & SpawnReply::kPipe) take(&fds->notification_pipe);
      if (reply.notifies & SpawnReply::kSocket) take(&fds->notify_socket);
    }
    reply.reason[sizeof(reply.reason) - 1] = '\0';
    return reply;
  }
}

}  // namespace supervise
