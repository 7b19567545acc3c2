#include "sandbox/lockdown.h"

#include <cap-ng.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "sandbox/allow_list_bpf.h"

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

[[noreturn]] void Die(std::string_view program, std::string_view step) {
  std::string line(program);
  line += ": fatal: unable to lock down: ";
  line += step;
  line += "\n";
  ssize_t ignored = write(2, line.data(), line.size());
  (void)ignored;
  _exit(111);
}

bool LoadAllowList(std::span<const int> allowed) {
  std::vector<int> numbers(std::begin(kToolBaseline), std::end(kToolBaseline));
  numbers.insert(numbers.end(), allowed.begin(), allowed.end());
  std::vector<struct sock_filter> program = BuildAllowList(numbers);
  struct sock_fprog fprog;
  fprog.len = static_cast<unsigned short>(program.size());
  fprog.filter = program.data();
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) == 0;
}

}  // namespace

bool DropAllCapabilities(std::span<const int> keep) {
  capng_setpid(static_cast<int>(getpid()));
  if (capng_get_caps_process() != 0) return false;
  bool can_drop_bounding =
      capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP) != 0;
  std::vector<int> kept;
  for (int capability : keep) {
    if (capng_have_capability(CAPNG_PERMITTED,
                              static_cast<unsigned int>(capability))) {
      kept.push_back(capability);
    }
  }
  capng_clear(CAPNG_SELECT_ALL);
  for (int capability : kept) {
    capng_update(CAPNG_ADD,
                 static_cast<capng_type_t>(CAPNG_EFFECTIVE | CAPNG_PERMITTED |
                                           CAPNG_BOUNDING_SET),
                 static_cast<unsigned int>(capability));
  }
  // Without CAP_SETPCAP the bounding set cannot shrink; no_new_privs then
  // keeps exec from granting anything.
  if (capng_apply(can_drop_bounding ? CAPNG_SELECT_ALL : CAPNG_SELECT_CAPS) !=
      0) {
    return false;
  }
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  return true;
}

void LockDownTool(std::string_view program, std::span<const int> allowed) {
  LockDownProcess(program, allowed, {});
}

void LockDownProcess(std::string_view program, std::span<const int> allowed,
                     std::span<const int> keep) {
  if (!DropAllCapabilities(keep)) Die(program, "capabilities");
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    Die(program, "no_new_privs");
  }
  if (kSanitized) return;
  if (!LoadAllowList(allowed)) Die(program, "seccomp");
}

}  // namespace sandbox
