#include "sandbox/privilege.h"

#include <linux/seccomp.h>
#include <sys/prctl.h>

#include <cerrno>

namespace sandbox {

uint64_t CapabilityBits(std::span<const int> capabilities) {
  uint64_t bits = 0;
  for (int capability : capabilities) {
    if (capability >= 0 && capability < 64) bits |= uint64_t{1} << capability;
  }
  return bits;
}

int ShrinkBoundingSet(uint64_t keep) {
  for (int capability = 0; capability < 64; ++capability) {
    if ((keep >> capability) & 1) continue;
    if (prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0) {
      // EINVAL: past the kernel's last capability, so done.
      return errno == EINVAL ? 0 : errno;
    }
  }
  return 0;
}

bool InstallSeccompFilter(std::span<const struct sock_filter> program) {
  if (program.empty() || program.size() > BPF_MAXINSNS) {
    errno = EINVAL;
    return false;
  }
  struct sock_fprog fprog;
  fprog.len = static_cast<unsigned short>(program.size());
  fprog.filter = const_cast<struct sock_filter*>(program.data());
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) == 0;
}

}  // namespace sandbox
