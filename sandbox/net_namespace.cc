#include "sandbox/net_namespace.h"

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/unique_fd.h"

namespace sandbox {

namespace {

bool BringUpLoopback(ApplyFailure* failure) {
  common::UniqueFd socket_fd(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!socket_fd.valid())
    return Fail(failure, "private_network: socket", errno);
  struct ifreq request = {};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  if (ioctl(socket_fd.get(), SIOCGIFFLAGS, &request) != 0) {
    return Fail(failure, "private_network: lo", errno);
  }
  request.ifr_flags |= IFF_UP;
  if (ioctl(socket_fd.get(), SIOCSIFFLAGS, &request) != 0) {
    return Fail(failure, "private_network: bring up lo", errno);
  }
  return true;
}

}  // namespace

bool EnterNamespaces(const NamespacePolicy& policy, ApplyFailure* failure) {
  int flags = (policy.network ? CLONE_NEWNET : 0) |
              (policy.ipc ? CLONE_NEWIPC : 0) |
              (policy.hostname ? CLONE_NEWUTS : 0);
  if (flags == 0) return true;
  if (unshare(flags) != 0) return Fail(failure, "namespaces", errno);
  if (policy.hostname &&
      sethostname(policy.hostname->data(), policy.hostname->size()) != 0) {
    return Fail(failure, "private_uts: sethostname", errno);
  }
  return !policy.network || BringUpLoopback(failure);
}

}  // namespace sandbox
