#include "sandbox/lockdown.h"

#include <linux/capability.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <vector>

#include "common/diagnostics.h"
#include "sandbox/allow_list_bpf.h"
#include "sandbox/privilege.h"

namespace sandbox {

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// "PROG: fatal: unable to lock down: STEP", PROG as main set it.
[[noreturn]] void Die(std::string_view step) {
  common::DieFatal(111, "unable to lock down: ", step);
}

bool LoadAllowList(std::span<const int> allowed) {
  std::vector<int> numbers(std::begin(kToolBaseline), std::end(kToolBaseline));
  numbers.insert(numbers.end(), allowed.begin(), allowed.end());
  return InstallSeccompFilter(BuildAllowList(numbers));
}

// Drops every capability the process may drop, except `keep`. Raw
// capget/capset/prctl rather than libcap-ng: every tool runs this at
// startup, and libcap-ng's initialisation reads /proc several times.
bool DropAllCapabilities(std::span<const int> keep) {
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capget, &header, data) != 0) return false;
  auto join = [](uint32_t low, uint32_t high) {
    return uint64_t{low} | (uint64_t{high} << 32);
  };
  uint64_t permitted = join(data[0].permitted, data[1].permitted);
  uint64_t effective = join(data[0].effective, data[1].effective);
  uint64_t kept = 0;
  for (int capability : keep) {
    if (capability >= 0 && capability < 64 && ((permitted >> capability) & 1)) {
      kept |= uint64_t{1} << capability;
    }
  }
  // Without CAP_SETPCAP the bounding set cannot shrink; no_new_privs then
  // keeps exec from granting anything. It must shrink before capset drops
  // CAP_SETPCAP itself.
  if (((effective >> CAP_SETPCAP) & 1) && ShrinkBoundingSet(kept) != 0) {
    return false;
  }
  for (int half = 0; half < 2; ++half) {
    uint32_t bits = static_cast<uint32_t>(kept >> (32 * half));
    data[half].effective = bits;
    data[half].permitted = bits;
    data[half].inheritable = 0;
  }
  if (syscall(SYS_capset, &header, data) != 0) return false;
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  return true;
}

}  // namespace

void LockDownTool(std::span<const int> allowed) {
  LockDownProcess(allowed, {});
}

void LockDownProcess(std::span<const int> allowed, std::span<const int> keep) {
  if (!DropAllCapabilities(keep)) Die("capabilities");
  // Not dumpable: run by root, we are uid 0 with (almost) no capabilities
  // left, and /proc/PID/root and /proc/PID/cwd would then open to any
  // uid-0 service holding as many (a "user root" policy), leading out of
  // the mount namespace that confines it (F1: it deletes its policy).
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) Die("dumpable");
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    Die("no_new_privs");
  }
  if (kSanitized) return;
  if (!LoadAllowList(allowed)) Die("seccomp");
}

}  // namespace sandbox
