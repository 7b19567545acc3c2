#include "log/processor_helper.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "log/log_owner.h"
#include "log/multilog_script.h"

namespace log_tools {

namespace {

constexpr int kFileCount = 5;

// A TERM or ALRM meant for multilog (sent to its process group, say) must
// not take the helper away from it.
constexpr int kIgnoredInHelper[] = {SIGTERM, SIGALRM, SIGHUP, SIGINT};

struct Request {
  uint32_t index;
};

struct Reply {
  int32_t ok;  // 1: `status` is a wait status; 0: `error` says why not
  int32_t status;
  int32_t error;
};

[[noreturn]] void ExecProcessor(const std::string& processor,
                                const std::optional<Owner>& owner,
                                const int files[kFileCount]) {
  if (owner && !BecomeOwner(*owner)) _exit(111);
  if (fchdir(files[0]) != 0) _exit(111);
  // Move the descriptors out of the way first, so no dup2 overwrites one
  // that is still to be placed.
  int moved[kFileCount];
  for (int i = 0; i < kFileCount; ++i) {
    moved[i] = fcntl(files[i], F_DUPFD, 10);
    if (moved[i] < 0) _exit(111);
  }
  const int targets[] = {-1, 0, 1, 4, 5};
  for (int i = 1; i < kFileCount; ++i) {
    if (dup2(moved[i], targets[i]) < 0) _exit(111);
  }
  // The processor gets exactly 0, 1, 2, 4 and 5: nothing inherited by
  // the helper leaks into it through 3 or above 5.
  close(3);
  for (int fd = 6; fd < 1024; ++fd) close(fd);
  for (int signal_number : kIgnoredInHelper) signal(signal_number, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execl("/bin/sh", "sh", "-c", processor.c_str(), static_cast<char*>(nullptr));
  _exit(111);
}

Reply RunOne(const Script& script, const Request& request,
             const int files[kFileCount]) {
  Reply reply{};
  if (request.index >= script.directories.size() ||
      script.directories[request.index].processor.empty()) {
    reply.error = EINVAL;
    return reply;
  }
  // The processor runs in the directory the script names, and as that
  // directory's owner when it is not root's (as multilog itself does).
  const DirectorySettings& settings = script.directories[request.index];
  struct stat given;
  struct stat named;
  if (fstat(files[0], &given) != 0 ||
      stat(settings.path.c_str(), &named) != 0 ||
      given.st_dev != named.st_dev || given.st_ino != named.st_ino) {
    reply.error = EINVAL;
    return reply;
  }
  std::optional<Owner> owner;
  if (geteuid() == 0) owner = OwnerOf(given);
  pid_t child = fork();
  if (child < 0) {
    reply.error = errno;
    return reply;
  }
  if (child == 0) {
    ExecProcessor(settings.processor, owner, files);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) {
      reply.error = errno;
      return reply;
    }
  }
  reply.ok = 1;
  reply.status = status;
  return reply;
}

[[noreturn]] void Serve(int socket, const Script& script) {
  for (;;) {
    Request request{};
    struct iovec data = {&request, sizeof(request)};
    alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int) * kFileCount)];
    struct msghdr message {};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof(control);
    ssize_t got = recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) _exit(0);  // multilog is gone
    struct cmsghdr* header = CMSG_FIRSTHDR(&message);
    Reply reply{};
    reply.error = EINVAL;
    if (header != nullptr && header->cmsg_type == SCM_RIGHTS) {
      // Whatever arrived is closed afterwards, well-formed or not.
      size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      int files[kFileCount];
      std::vector<int> received(count);
      memcpy(received.data(), CMSG_DATA(header), count * sizeof(int));
      if (got == sizeof(request) && count == static_cast<size_t>(kFileCount)) {
        std::copy(received.begin(), received.end(), files);
        reply = RunOne(script, request, files);
      }
      for (int fd : received) close(fd);
    }
    if (send(socket, &reply, sizeof(reply), MSG_NOSIGNAL) < 0) _exit(0);
  }
}

}  // namespace

std::optional<ProcessorHelper> ProcessorHelper::Start(
    std::span<const std::string_view> arguments) {
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0) {
    return std::nullopt;
  }
  pid_t pid = fork();
  if (pid < 0) {
    close(ends[0]);
    close(ends[1]);
    return std::nullopt;
  }
  if (pid == 0) {
    close(ends[0]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    prctl(PR_SET_NAME, "multilog-proc");
    for (int signal_number : kIgnoredInHelper) signal(signal_number, SIG_IGN);
    Script script = ParseScript(arguments);
    Serve(ends[1], script);
  }
  close(ends[1]);
  return ProcessorHelper(common::UniqueFd(ends[0]));
}

std::optional<int> ProcessorHelper::Run(size_t index,
                                        const ProcessorFiles& files) {
  Request request{static_cast<uint32_t>(index)};
  const int descriptors[kFileCount] = {
      files.directory, files.input, files.output, files.state, files.new_state};
  struct iovec data = {&request, sizeof(request)};
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(descriptors))] = {};
  struct msghdr message {};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof(control);
  struct cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(descriptors));
  memcpy(CMSG_DATA(header), descriptors, sizeof(descriptors));
  if (sendmsg(socket_.get(), &message, MSG_NOSIGNAL) < 0) return std::nullopt;
  Reply reply{};
  ssize_t got;
  do {
    got = recv(socket_.get(), &reply, sizeof(reply), 0);
  } while (got < 0 && errno == EINTR);
  if (got != sizeof(reply)) {
    if (got >= 0) errno = EPIPE;
    return std::nullopt;
  }
  if (!reply.ok) {
    errno = reply.error;
    return std::nullopt;
  }
  return reply.status;
}

}  // namespace log_tools
